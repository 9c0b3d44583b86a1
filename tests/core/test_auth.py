"""Signing in: email is the login, lockout by person and address together, sessions expire."""

import time

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_with_email_in_any_case(client, member):
    response = _login(client, member.email.upper(), PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_password_says_so_on_the_form(client, member):
    response = _login(client, member.email, "wrong")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_an_empty_form_says_what_to_enter(client):
    content = client.post(LOGIN, {}).content.decode()
    assert "Enter your email address" in content and "Enter your password" in content


def test_repeated_failures_lock_out_that_person_from_that_address_only(client, member, business, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, member.email, "wrong")
    locked = _login(client, member.email, PASSWORD)
    assert locked.status_code in (403, 429)
    assert "Too many attempts to sign in" in locked.content.decode()
    # A colleague behind the same address is not locked out...
    assert _login(client, business.email, PASSWORD).status_code == 302
    client.logout()
    # ...nor is the same person from another address.
    assert _login(client, member.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, member):
    member.is_active = False
    member.save()
    response = _login(client, member.email, PASSWORD)
    assert response.status_code in (200, 302)
    assert client.get("/").status_code == 302  # still not signed in


def test_sign_up_is_only_the_practitioners_registration(client, settings):
    """The one sign-up is the training app's: a work email of an organisation in the directory
    (tests/training/test_registration.py). Without that form, allauth's own would let anyone
    in, so sign-up closes."""
    assert "Register to book multi-agency training" in client.get(reverse("account_signup")).content.decode()
    settings.ACCOUNT_FORMS = {"login": settings.ACCOUNT_FORMS["login"]}
    assert "Accounts are by invitation" in client.get(reverse("account_signup")).content.decode()


def test_every_page_needs_sign_in_unless_public(client):
    response = client.get(reverse("partnership:organisation-list"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_sessions_slide_with_use_saved_at_most_once_a_minute(settings, member, client_for, monkeypatch):
    """Thirty minutes idle ends a session; using it moves the end on, but a page within a minute
    of the last save does not write the session again."""
    from django.contrib.sessions.models import Session

    from core import middleware

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = client_for(member)
    client.get(reverse("core:home"))
    key = client.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    client.get(reverse("core:home"))
    assert expiry() == first  # within the minute: not saved again
    later = time.time() + middleware.SEEN_EVERY_SECONDS + 5
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    response = client.get(reverse("core:home"))
    assert expiry() > first  # a minute on: saved, and the idle expiry moved
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_lockout_is_never_by_address_alone(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_password_reset_sends_a_link_and_never_reveals_who_has_an_account(client, member, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mailoutbox if "/password/reset/key/" in m.body] == [[member.email]]
