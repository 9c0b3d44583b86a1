"""Authentication and account events, written to the structured security log."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from .client_ip import client_ip
from .middleware import LOGIN_AT, MFA_PASSED

if TYPE_CHECKING:
    from django.http import HttpRequest

    from partnership.models import User

log = logging.getLogger("portal.security")


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return client_ip(request)


def _event(name: str, *, request: HttpRequest | None = None, user: User | None = None, **extra: Any) -> None:
    log.info(name, extra={"event": name, "user_id": getattr(user, "pk", None), "ip": _address(request), **extra})


@receiver(auth_signals.user_logged_in)
def logged_in(sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        import time

        request.session[LOGIN_AT] = time.time()
        request.session.pop(MFA_PASSED, None)
    _event("login", request=request, user=user)


@receiver(auth_signals.user_logged_out)
def logged_out(sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    _event("logout", request=request, user=user)


@receiver(auth_signals.user_login_failed)
def login_failed(
    sender: object, credentials: dict[str, Any] | None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Never the password; the address typed is kept to spot guessing.
    typed = (credentials or {}).get("email") or (credentials or {}).get("username") or ""
    _event("login_failed", request=request, login=str(typed)[:254])


@receiver(account_signals.password_changed)
def password_changed(sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    _event("password_changed", request=request, user=user)


@receiver(account_signals.password_reset)
def password_reset(sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    _event("password_reset", request=request, user=user)


@receiver(mfa_signals.authenticator_added)
def mfa_added(sender: object, request: HttpRequest | None, user: User, authenticator: Any, **kwargs: Any) -> None:
    _event("mfa_added", request=request, user=user, type=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def mfa_removed(sender: object, request: HttpRequest | None, user: User, authenticator: Any, **kwargs: Any) -> None:
    _event("mfa_removed", request=request, user=user, type=authenticator.type)


@receiver(mfa_signals.authentication_failed)
def mfa_failed(sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    _event("mfa_failed", request=request, user=user)


def lockout(request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    _event("lockout", request=request, login=username, locked_ip=ip_address)
