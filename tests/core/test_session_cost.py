"""What every signed-in page pays before its view runs: the session comes from the cache, the
person from the database, and allauth's record of where they are signed in is written at most
once a minute, yet an ended session stays ended."""

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.middleware import SEEN, SEEN_EVERY_SECONDS
from partnership import services

pytestmark = pytest.mark.django_db

QUIET = reverse("core:privacy")  # a page signed-in people can open; what it renders is not counted here


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]


def test_a_signed_in_request_reads_its_session_from_the_cache_and_records_activity_once_a_minute(member, client):
    client.force_login(member)
    client.get(QUIET)
    baseline = _queries(client, QUIET)
    assert not any("django_session" in sql and sql.startswith("SELECT") for sql in baseline)
    assert not any("usersessions_usersession" in sql for sql in baseline)
    last_seen = UserSession.objects.get(user=member).last_seen_at

    session = client.session
    seen_at, fingerprint = session[SEEN]
    session[SEEN] = (seen_at - SEEN_EVERY_SECONDS - 1, fingerprint)
    session.save()
    assert any("usersessions_usersession" in sql for sql in _queries(client, QUIET))
    assert UserSession.objects.get(user=member).last_seen_at > last_seen


def test_a_new_browser_or_address_is_recorded_at_once(member, client):
    client.force_login(member)
    client.get(QUIET)
    client.get(QUIET, HTTP_USER_AGENT="Another browser")
    assert UserSession.objects.get(user=member).user_agent == "Another browser"


def test_signing_in_records_the_new_session_at_once(member, client):
    client.force_login(member)
    client.get(QUIET)
    client.logout()
    client.force_login(member)
    client.get(QUIET)
    assert UserSession.objects.filter(user=member, session_key=client.session.session_key).exists()


def test_a_session_ended_everywhere_is_gone_from_the_cache_too(business, member):
    browser = Client()
    browser.force_login(member)
    assert browser.get(reverse("core:home")).status_code == 200
    key = browser.session.session_key
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
    services.user_end_sessions(acting_user=business, user=member)
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is None
    assert not Session.objects.filter(session_key=key).exists()
    assert browser.get(reverse("core:home")).status_code == 302


def test_signing_out_fails_rather_than_leave_the_session_in_the_cache(member, client, monkeypatch):
    client.force_login(member)
    client.get(QUIET)
    key = client.session.session_key

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(type(caches["default"]), "delete_or_raise", unreachable)
    client.raise_request_exception = False
    assert client.post(reverse("account_logout")).status_code == 500
    monkeypatch.undo()
    assert Session.objects.filter(session_key=key).exists()
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
