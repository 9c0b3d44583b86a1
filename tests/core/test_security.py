"""Two-factor authentication, session lifetime, security headers and the security log."""

import json
import logging
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.logging import JSONFormatter
from core.middleware import LOGIN_AT
from core.services import DomainError
from partnership import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def mfa_required(settings):
    settings.PORTAL_REQUIRE_MFA = True


def test_without_mfa_only_setting_it_up_and_public_pages_are_reachable(mfa_required, member, client_for):
    client = client_for(member)
    response = client.get(reverse("partnership:organisation-list"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")
    assert client.get(reverse("core:home"))["Location"] == reverse("mfa_index")
    for public in (
        reverse("mfa_index"),
        reverse("partnership:report-concern"),
        reverse("core:privacy"),
        reverse("account_logout"),
    ):
        assert client.get(public).status_code in (200, 302), public
        assert client.get(public).get("Location", "") != reverse("mfa_index")
    # Their password and email wait until the second factor is in place.
    assert client.get(reverse("account_change_password"))["Location"] == reverse("mfa_index")


def test_with_an_authenticator_the_portal_opens_after_the_code(mfa_required, member, client):
    secret = _with_totp(member)
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert client.get(reverse("partnership:organisation-list")).status_code == 200


def test_signing_in_asks_for_the_code_after_the_password(mfa_required, member, client):
    secret = _with_totp(member)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("core:home")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_the_business_unit_resets_someones_mfa_and_signs_them_out(business, member, client):
    _with_totp(member)
    client.force_login(member)
    client.get(reverse("core:home"))  # creates the tracked session
    assert UserSession.objects.filter(user=member).exists()
    with pytest.raises(DomainError):
        services.user_reset_mfa(acting_user=business, user=member, reason=" ")
    services.user_reset_mfa(acting_user=business, user=member, reason="Lost phone, identity checked by phone call")
    assert not Authenticator.objects.filter(user=member).exists()
    assert client.get(reverse("core:home")).status_code == 302  # signed out
    assert "Two-factor authentication reset" in member.history.first().history_change_reason
    with pytest.raises(PermissionDenied):
        services.user_reset_mfa(acting_user=member, user=business, reason="x")


def test_deactivating_or_signing_out_everywhere_ends_every_session(business, member, client_for, client):
    from django.test import Client

    other = Client()
    for browser in (client, other):
        browser.force_login(member)
        browser.get(reverse("core:home"))
    assert services.user_end_sessions(acting_user=business, user=member) == 2
    assert client.get(reverse("core:home")).status_code == 302
    assert other.get(reverse("core:home")).status_code == 302


def test_sessions_end_a_fixed_time_after_sign_in_however_active(member, client_for, settings):
    settings.PORTAL_SESSION_ABSOLUTE_SECONDS = 3600
    client = client_for(member)
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - 3601
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("core:home")).status_code == 302


def test_signed_in_pages_are_never_cached_and_carry_a_permissions_policy(member, client_for, client):
    response = client_for(member).get(reverse("core:home"))
    assert response["Cache-Control"] == "no-store, private"
    assert "camera=()" in response["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in response["Permissions-Policy"]
    client.logout()
    public = client.get(reverse("partnership:report-concern"))
    assert "no-store" not in public.get("Cache-Control", "")


def test_refused_requests_and_sign_in_events_are_logged_as_json_in_utc(member, outsider, client, client_for, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    client_for(outsider).get(reverse("partnership:organisation-list"))
    client.logout()
    client.post(reverse("account_login"), {"login": member.email, "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    events = {record.event: record for record in caplog.records if hasattr(record, "event")}
    assert events["authorisation_refused"].status == 403
    assert events["authorisation_refused"].user_id == outsider.pk
    assert events["login_failed"].login == member.email
    line = json.loads(JSONFormatter().format(events["login_failed"]))
    assert line["event"] == "login_failed" and line["time"].endswith("+00:00")
    assert "wrong" not in json.dumps(line)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "too short"),
        ("password123456", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_passwords_follow_ncsc_advice(member, client_for, password, message):
    client = client_for(member)
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": password, "password2": password}
    )
    assert message in response.content.decode()


def test_a_long_passphrase_is_accepted(member, client_for):
    response = client_for(member).post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "kettle orbit lantern meadow",
            "password2": "kettle orbit lantern meadow",
        },
    )
    assert response.status_code == 302


def test_the_access_log_is_append_only_in_the_database(member, agency):
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, transaction

    from core.models import AccessLog

    row = AccessLog.objects.create(
        user=member, subject_type=ContentType.objects.get_for_model(agency), subject_id=agency.pk
    )
    for change in (
        lambda: AccessLog.objects.filter(pk=row.pk).update(detail="changed"),
        lambda: AccessLog.objects.filter(pk=row.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    assert AccessLog.objects.get(pk=row.pk).detail == ""


def test_a_nul_character_in_the_address_is_a_bad_request_not_a_crash(client_for, business):
    response = client_for(business).get("/people/", {"q": "nul\x00here"})
    assert response.status_code == 400
    assert "could not understand that request" in response.content.decode()
