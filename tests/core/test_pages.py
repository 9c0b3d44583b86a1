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


def test_server_error_page_names_the_partnership_and_its_business_unit_from_the_cache(django_assert_num_queries):
    from partnership.models import PartnershipDetails

    PartnershipDetails(
        name="Testshire Safeguarding Children Partnership", business_unit_email="bu@test.example.org"
    ).save()
    PartnershipDetails.load()  # as every page does, which puts the details in the cache
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        html = server_error(request).content.decode()
    assert "Testshire Safeguarding Children Partnership" in html
    assert "mailto:bu@test.example.org" in html
    assert 'href="/"' in html


def test_missing_page_does_not_blame_the_reader_and_says_whom_to_ask(member, client_for):
    from partnership.models import PartnershipDetails

    PartnershipDetails(
        name="Testshire Safeguarding Children Partnership", business_unit_email="bu@test.example.org"
    ).save()
    html = client_for(member).get("/no-such-page/").content.decode()
    assert "If you followed a link" in html
    assert "mailto:bu@test.example.org" in html
    assert "Go to your work" in html


def test_refused_page_says_whom_to_ask_and_links_back(member, client_for):
    from partnership.models import PartnershipDetails

    PartnershipDetails(
        name="Testshire Safeguarding Children Partnership", business_unit_email="bu@test.example.org"
    ).save()
    # The retention rules are the business unit's alone.
    response = client_for(member).get("/retention/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "mailto:bu@test.example.org" in html


def test_accessibility_statement_says_what_the_regulations_ask(client):
    html = client.get("/accessibility/").content.decode()
    for required in (
        "Compliance status",
        "partially compliant",
        "Non-accessible content",
        "Feedback and contact information",
        "Enforcement procedure",
        "This statement was prepared on",
        "last reviewed on",
    ):
        assert required in html, required
