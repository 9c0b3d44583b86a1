import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from .. import kept, mywork
from ..services import refuse_unless
from .form_pages import AuthenticatedHttpRequest

logger = logging.getLogger(__name__)


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My work. Its panels count and list from every app's records, so once rendered for a
    person they are kept (core.kept) until any of those records changes, or the day does."""
    panels = kept.kept(f"core:home:{request.user.pk}", [kept.EVERYTHING], lambda: _panels_html(request))
    return render(request, "core/home.html", {"panels_html": panels})


def _panels_html(request: AuthenticatedHttpRequest) -> str:
    return loader.render_to_string("core/_home_panels.html", {"panels": mywork.panels_for(request)}, request)


# When the accessibility statement was prepared, last reviewed and the portal last tested:
# the regulations ask for these dates. Update them when the statement is reviewed.
ACCESSIBILITY_STATEMENT = {
    "prepared": date(2026, 11, 22),
    "reviewed": date(2026, 12, 7),
    "tested": date(2026, 12, 7),
}


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"statement": ACCESSIBILITY_STATEMENT})


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    """Built from the same registries as the subject access export and the retention rules,
    so what the notice says is held, and for how long, is what the portal really does."""
    from .. import personal_data, retention

    return render(
        request,
        "core/privacy.html",
        {"sources": personal_data.sources(), "policies": retention.policies()},
    )


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and container health checks: is the database answering?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


_error_context_providers: list[Callable[[], dict[str, Any]]] = []


def register_error_context(provider: Callable[[], dict[str, Any]]) -> None:
    """An app offers context for the 500 page (the partnership's name and contact). A
    provider must not touch the database, which may be what failed: the cache at most."""
    _error_context_providers.append(provider)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page must not touch the database (it may be the thing that failed), so it
    renders without context processors, from what the registered providers hold in memory
    or in the cache."""
    context: dict[str, Any] = {"portal_name": settings.PORTAL_DEFAULT_NAME, "request": request, "error_page": True}
    for provider in _error_context_providers:
        try:
            context.update(provider())
        except Exception:  # noqa: BLE001 - the error page must render whatever a provider does
            logger.exception("The error page's context provider %r failed", provider)
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@login_not_required
def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponseRedirect:
    """The Django admin's login page (admin.site.login): never a password form of its own, which
    would sign people in without their second factor. It sends them to the portal's sign-in
    (password, then the code), then back to the admin page they asked for."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    hosts = {request.get_host()}
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=hosts, require_https=request.is_secure()):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("account_login"))
    refuse_unless(admin.site.has_permission(request))  # signed in, but not a technical administrator
    return redirect(next_url)
