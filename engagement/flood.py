"""Keeping floods off a survey's public link without knowing who anyone is.

Three checks, none of which stores anything about the person answering:

- **A form token.** The form carries a signed token naming the survey, a random number and
  when the form was served. An answer must come at least FORM_MIN_SECONDS after the form was
  served (people read; scripts do not), within FORM_MAX_AGE, and each token is accepted once
  (its random number is remembered in the cache until the token would expire anyway).
- **A honeypot.** A text box people never see (it is off the screen and hidden from screen
  readers); a form that fills it in is thrown away.
- **A cap per link.** The cache counts the answers sent to each link in each window of
  WINDOW_SECONDS; beyond CAP the link says "too many at once, try again in a few minutes"
  and keeps what the person typed.

The cache holds only the survey's id, a random number and a count. If the cache is down the
token's age and signature still hold, and the cap and the once-only rule are skipped rather
than refusing everyone.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "engagement.public-form"
HONEYPOT = "leave_this_empty"
SIGNED_FIELD = "form_token"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def form_min_seconds() -> int:
    return _setting("ENGAGEMENT_FORM_MIN_SECONDS", 3)


def form_max_age() -> int:
    return _setting("ENGAGEMENT_FORM_MAX_AGE", 12 * 60 * 60)


def cap() -> int:
    return _setting("ENGAGEMENT_PUBLIC_CAP", 120)


def window_seconds() -> int:
    return _setting("ENGAGEMENT_PUBLIC_WINDOW_SECONDS", 600)


class Verdict(Enum):
    OK = "ok"
    TOO_SOON = "too_soon"
    EXPIRED = "expired"
    INVALID = "invalid"
    USED = "used"


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    nonce: str = ""


def issue(survey_id: int) -> str:
    return signing.dumps({"s": survey_id, "n": secrets.token_urlsafe(12), "t": int(time.time())}, salt=SALT)


def check(token: str, survey_id: int, *, now: float | None = None) -> Checked:
    """Whether the token is this survey's, old enough and not too old (not whether it was used)."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return Checked(Verdict.INVALID)
    if not isinstance(data, dict) or data.get("s") != survey_id or not isinstance(data.get("t"), int):
        return Checked(Verdict.INVALID)
    age = now - data["t"]
    if age > form_max_age():
        return Checked(Verdict.EXPIRED)
    if age < form_min_seconds():
        return Checked(Verdict.TOO_SOON)
    return Checked(Verdict.OK, str(data.get("n", "")))


def claim(nonce: str) -> bool:
    """True the first time a token's random number is seen; False if it was used before."""
    key = "engagement:form-token:" + hashlib.sha256(nonce.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=form_max_age() + 60):
        return True
    # add() also answers False when the cache is unreachable: then get() finds nothing, and
    # the token is let through (its signature and age were checked already).
    return cache.get(key) is None


def within_cap(survey_id: int, *, now: float | None = None) -> bool:
    """Count one answer sent to the survey's link; False once the window's cap is passed."""
    now = time.time() if now is None else now
    window = int(now // window_seconds())
    key = f"engagement:link-cap:{survey_id}:{window}"
    cache.add(key, 0, timeout=window_seconds() * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds() * 2)
        count = 1
    return count <= cap()
