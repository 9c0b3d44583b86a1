"""What the portal adds to django-allauth's two-factor authentication.

allauth remembers a used authenticator code for one TOTP period (30 seconds), but with
MFA_TOTP_TOLERANCE=1 a code is accepted for up to three periods (the step before, its own and
the step after): a code seen over someone's shoulder, or captured, could be used again for
about a minute. The portal remembers used codes for as long as they could be accepted, and a
step longer for clocks that differ between web servers.
"""

from collections.abc import Sequence
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import AppConfig
from django.core import checks
from django.core.cache import cache


def used_code_memory() -> int:
    """Seconds a used code stays refused: every step it could be accepted in, plus one."""
    return int((2 * app_settings.TOTP_TOLERANCE + 2) * app_settings.TOTP_PERIOD)


def _mark_code_used(totp: TOTP, code: str) -> bool:
    """False if the code was used already (cache.add only adds a key that is not there)."""
    return cache.add(totp._get_used_cache_key(code), "y", timeout=used_code_memory())


def install() -> None:
    TOTP._mark_code_used = _mark_code_used


@checks.register(checks.Tags.security)
def check_totp_replay_guard(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An allauth upgrade that renames what install() replaces must not silently bring the
    one-period memory back."""
    if getattr(TOTP, "_mark_code_used", None) is not _mark_code_used or not hasattr(TOTP, "_get_used_cache_key"):
        return [
            checks.Error(
                "Used authenticator codes are not remembered for their whole validity window.",
                hint="django-allauth's TOTP class changed: update core/mfa.py.",
                id="portal.E001",
            )
        ]
    return []
