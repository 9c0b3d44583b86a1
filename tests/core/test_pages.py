import pytest
from django.db import connection
from django.test import RequestFactory

from core.views.pages import server_error

pytestmark = pytest.mark.django_db


def test_missing_page_uses_the_portal_404(member, client_for):
    response = client_for(member).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_health_check_answers_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert connection.is_usable()


def test_pages_carry_security_headers(member, client_for):
    response = client_for(member).get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
