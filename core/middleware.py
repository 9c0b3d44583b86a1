"""Security middleware: headers, the absolute session lifetime, compulsory MFA enrolment and
a log of refused requests."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .roles import is_practitioner_only

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User

GetResponse: TypeAlias = Callable[[HttpRequest], HttpResponseBase]

security_log = logging.getLogger("portal.security")

LOGIN_AT = "_portal_login_at"
# When this session was last recorded as active, under which key, from which browser and address.
SEEN = "_portal_seen"
SEEN_EVERY_SECONDS = 60
# Set when this session set up the person's first second factor. (Not "_portal_mfa_ok", the key
# of an earlier version that trusted any session of a person who had an authenticator.)
MFA_PASSED = "_portal_mfa_passed"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self)"
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; nothing a signed-in person sees is cached, since
    pages hold safeguarding information."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user: User | AnonymousUser | None = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class UserSessionActivityMiddleware:
    """allauth's record of where someone is signed in ("Where you are signed in", and signing
    someone out everywhere), kept by allauth's own code, but written at most once a minute for
    a session that keeps its key, browser and address: writing it on every request cost every
    page three queries. A new session, a new key (signing in) or a new browser or address is
    recorded at once.

    The same once-a-minute mark saves the session, so its 30-minute idle expiry slides with use
    (to the minute) without a write on every page."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user: User | AnonymousUser | None = getattr(request, "user", None)
        session_key = request.session.session_key if hasattr(request, "session") else None
        if session_key and user is not None and user.is_authenticated:
            from allauth.account.adapter import get_adapter
            from allauth.usersessions.models import UserSession

            client = f"{get_adapter().get_client_ip(request)} {request.META.get('HTTP_USER_AGENT', '')}"
            fingerprint = hashlib.sha256(f"{session_key} {client}".encode()).hexdigest()[:16]
            seen_at, seen_as = request.session.get(SEEN) or (0, "")
            now = time.time()
            if seen_as != fingerprint or now - seen_at > SEEN_EVERY_SECONDS:
                UserSession.objects.create_from_request(request)
                request.session[SEEN] = (now, fingerprint)
        return self.get_response(request)


class AbsoluteSessionLifetimeMiddleware:
    """However active someone is, their session ends a fixed time after they signed in."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user: User | AnonymousUser | None = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            now = time.time()
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - started > settings.PORTAL_SESSION_ABSOLUTE_SECONDS:
                security_log.info("session_expired", extra={"event": "session_expired", "user_id": user.pk})
                logout(request)
                messages.info(request, "For your security you have been signed out. Sign in again to carry on.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
        return self.get_response(request)


def _is_public(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # the 404 page needs no MFA
    return not getattr(match.func, "login_required", True)


class RequireMFAMiddleware:
    """With PORTAL_REQUIRE_MFA on, every signed-in page needs a session that passed a second
    factor: allauth's sign-in records the step (`session_passed_mfa`), as does setting up a
    first authenticator. What the account merely *has* never counts.

    - Someone who has no authenticator app or security key yet reaches only the pages for
      setting one up (which ask them to confirm their password first), signing out, resetting
      a forgotten password, and public pages.
    - Someone who has one but whose session was opened with a password alone (however it was
      opened) is signed out and sent to the sign-in page, which asks for the code.
    - Practitioners who registered only to book training are not asked: their account reaches
      the public programme and their own bookings and nothing of the partnership, and
      frontline staff often have no work phone for an authenticator app. They may still set
      one up; the moment they are given a role in the partnership, enrolment is compulsory.
    """

    ALLOWED_PREFIXES = ("/static/",)
    ALLOWED_NAMES = frozenset(
        {
            "account_logout",
            "account_reauthenticate",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key",
            "account_reset_password_from_key_done",
        }
    )

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user: User | AnonymousUser | None = getattr(request, "user", None)
        if (
            settings.PORTAL_REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and not session_passed_mfa(request)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not _is_public(request)
            and not is_practitioner_only(user)
        ):
            if has_mfa(user):
                return self.sign_in_again(request, user)
            if not self.is_enrolment(request):
                messages.info(request, "Set up two-factor authentication to use the portal. It takes a minute.")
                return redirect("mfa_index")
            response = self.get_response(request)
            if request.method == "POST" and has_mfa(user):
                # This request set up their first authenticator, which took its code or key.
                request.session[MFA_PASSED] = user.pk
            return response
        return self.get_response(request)

    @staticmethod
    def sign_in_again(request: HttpRequest, user: User) -> HttpResponseBase:
        security_log.info("mfa_session_refused", extra={"event": "mfa_session_refused", "user_id": user.pk})
        logout(request)
        messages.info(request, "Sign in with your password and your two-factor authentication code to carry on.")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")

    @classmethod
    def is_enrolment(cls, request: HttpRequest) -> bool:
        try:
            name = resolve(request.path_info).url_name or ""
        except Resolver404:
            return False
        return name.startswith("mfa_") or name in cls.ALLOWED_NAMES


def session_passed_mfa(request: HttpRequest) -> bool:
    """Did this session prove a second factor: allauth's record of an "mfa" step at sign-in
    (an authenticator code, a security key or passkey, a recovery code), or the code that set
    up the person's first authenticator in this session?"""
    from allauth.account.authentication import get_authentication_records

    user = request.user
    if request.session.get(MFA_PASSED) == user.pk:
        return True
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def has_mfa(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    # allauth is untyped: exists() is a bool all the same.
    return bool(
        Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    )


class RefusalLogMiddleware:
    """Every refused request (403, and 404 for signed-in people, which is how the portal says
    "not yours") is logged, so URL-guessing shows up."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user: User | AnonymousUser | None = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        if response.status_code == 403 or (response.status_code == 404 and user_id is not None):
            security_log.info(
                "authorisation_refused",
                extra={
                    "event": "authorisation_refused",
                    "status": response.status_code,
                    "user_id": user_id,
                    "method": request.method,
                    "path": request.path[:300],
                },
            )
        return response


class RejectNullCharactersMiddleware:
    """A NUL character has no business in a web address or a form, and the database refuses
    it. Forms already say so field by field; a search box or filter in the address is answered
    with "Bad request" here, before any view can pass it to a query."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            from django.core.exceptions import BadRequest
            from django.views.defaults import bad_request

            return bad_request(request, BadRequest("NUL character in the address"))
        return self.get_response(request)
