"""The second factor is a property of the session, never of the account.

An outside test signed a staff user in through the Django admin's own login page with a
password alone; the portal then trusted the session because the user *had* an authenticator.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def mfa_required(settings):
    settings.PORTAL_REQUIRE_MFA = True


@pytest.fixture
def technician(db):
    return UserFactory(email="tech@test.example.org", is_staff=True, is_superuser=True, organisation=None)


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_admin_login_page_sends_people_to_the_portal_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/django-admin/partnership/"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/django-admin/partnership/"
    # An address elsewhere is never followed.
    response = client.get(reverse("admin:login"), {"next": "https://attacker.example/"})
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('admin:index')}"


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client, technician, mfa_required):
    _with_totp(technician)
    response = client.post(
        reverse("admin:login"), {"username": technician.email, "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_opens_after_the_password_and_the_code(client, technician, mfa_required):
    secret = _with_totp(technician)
    response = client.post(reverse("account_login"), {"login": technician.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # the password alone is not enough
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 302  # already in: straight to the admin


def test_someone_signed_in_but_not_staff_is_refused_by_the_admin_login(client_for, member):
    assert client_for(member).get(reverse("admin:login")).status_code == 403


def test_a_password_only_session_of_someone_with_an_authenticator_is_signed_out(
    client, business, mfa_required, rapid_review_url
):
    """However the session was opened without the code (the admin's old login, a session made
    before the person set up their authenticator), it is ended, not trusted."""
    _with_totp(business)
    client.force_login(business)
    response = client.get(rapid_review_url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={rapid_review_url.replace('/', '%2F')}"
    assert not _signed_in(client)
    assert client.get(reverse("core:home")).status_code == 302
    # Nor can such a session reach the authenticator's own pages (recovery codes, say).
    client.force_login(business)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 302
    assert not _signed_in(client)


@pytest.fixture
def rapid_review_url(business, agency):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.services import cases

    today = timezone.localdate()
    incident = cases.incident_record(
        acting_user=business,
        child_pseudonym="Child M",
        agencies=[agency],
        age_band="1_4",
        category="serious_harm",
        incident_on=today - timedelta(days=3),
        aware_on=today - timedelta(days=2),
        summary="Injuries not explained.",
    )
    cases.incident_notify(acting_user=business, incident=incident, notified_on=today)
    return incident.rapid_review.get_absolute_url()


def test_the_code_at_sign_in_opens_the_portal(client, business, mfa_required, rapid_review_url):
    secret = _with_totp(business)
    client.post(reverse("account_login"), {"login": business.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.get(rapid_review_url).status_code == 200


def test_setting_up_a_first_authenticator_opens_the_portal_in_that_session(client, member, mfa_required):
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert client.get(reverse("partnership:organisation-list"))["Location"] == reverse("mfa_index")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks before any change
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("partnership:organisation-list")).status_code == 200
    # A later sign-in with the password alone does not inherit it.
    client.logout()
    client.force_login(member)
    assert client.get(reverse("partnership:organisation-list")).status_code == 302
    assert not _signed_in(client)
