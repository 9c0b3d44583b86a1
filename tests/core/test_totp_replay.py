"""An authenticator code works once, however long it stays valid.

With MFA_TOTP_TOLERANCE=1 a code is accepted from the start of the step before its own to the
end of the step after (up to 90 seconds), while allauth remembered used codes for 30 seconds:
the outside test replayed a code for about a minute.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# The start of a 30-second step (a multiple of 30 seconds since the epoch).
STEP_START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock_honouring_cache(settings):
    """Redis expires keys on its own clock, which the frozen clock cannot move: the local
    memory cache expires them on Python's, so moving the clock shows what a wait would."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _sign_in(user, code: str) -> bool:
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    return SESSION_KEY in client.session


@pytest.mark.parametrize("first_use", [0, 29])
@pytest.mark.parametrize("replay_after", [31, 61, 85])
def test_a_used_code_is_refused_for_as_long_as_it_could_be_accepted(
    first_use, replay_after, member, settings, clock_honouring_cache
):
    settings.PORTAL_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    # The code of the step after this one: accepted now (tolerance 1) and until that next
    # step's successor ends, 60 to 90 seconds from now.
    code = format_hotp_value(hotp_value(secret, int(STEP_START.timestamp()) // 30 + 1))
    with time_machine.travel(STEP_START + timedelta(seconds=first_use), tick=False) as traveller:
        assert _sign_in(member, code)
        traveller.shift(timedelta(seconds=replay_after - first_use))
        now = int(datetime.now(UTC).timestamp())
        still_valid = any(format_hotp_value(hotp_value(secret, now // 30 + offset)) == code for offset in (-1, 0, 1))
        assert still_valid, "the replay must fall inside the code's validity window"
        assert not _sign_in(member, code)


def test_a_fresh_code_still_works_after_a_used_one(member, settings, clock_honouring_cache):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    step = int(STEP_START.timestamp()) // 30
    with time_machine.travel(STEP_START, tick=False) as traveller:
        assert _sign_in(member, format_hotp_value(hotp_value(secret, step)))
        traveller.shift(timedelta(seconds=30))
        assert _sign_in(member, format_hotp_value(hotp_value(secret, step + 1)))
