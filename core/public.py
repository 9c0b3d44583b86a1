"""The partnership's public pages: their navigation, their layout and how they are served.

Public pages are read by anyone, signed in or not, and may be kept by browsers and shared
caches, so each one is the same for every reader: it is rendered from the context its view
passes and what `register_context` providers add (the partnership's name), never through the
context processors that read the request's user, its session or its messages. The
`public_page` decorator opens the view to everyone (GET and HEAD only) and marks the response
public; `PublicPageMiddleware`, which sits outside the session middleware, then drops any
cookie the middleware stack set on the way out (a signed-in reader's session refresh, which
must never sit in a shared cache) and the `Vary: Cookie` that would stop caches sharing it.

Apps add their public pages to the section's navigation from AppConfig.ready():

    public.register_public_page("Training courses", "training:catalogue", 70)

core imports no app: each app announces its own pages, by URL name.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeAlias, overload

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

# Five minutes: short enough that a withdrawn procedure leaves caches soon, long enough that
# a busy page is not rebuilt for every reader.
DEFAULT_MAX_AGE = 300
# The mark public_page leaves on a response, for PublicPageMiddleware.
_PUBLIC_ATTR = "portal_public"

P = ParamSpec("P")
PublicView: TypeAlias = Callable[Concatenate[HttpRequest, P], HttpResponse]


@dataclass(frozen=True)
class PublicPage:
    label: str
    url_name: str
    order: int
    # Other URL names (or "namespace:name" prefixes) under which this item is the current one.
    sections: tuple[str, ...] = ()


_pages: dict[str, PublicPage] = {}
_context_providers: list[Callable[[], dict[str, Any]]] = []


def register_public_page(label: str, url_name: str, order: int, sections: tuple[str, ...] = ()) -> PublicPage:
    page = PublicPage(label=label, url_name=url_name, order=order, sections=sections)
    _pages[url_name] = page
    return page


def pages() -> list[PublicPage]:
    return sorted(_pages.values(), key=lambda p: (p.order, p.label))


def register_context(provider: Callable[[], dict[str, Any]]) -> None:
    """A function returning context every public page needs (nothing about the reader)."""
    if provider not in _context_providers:
        _context_providers.append(provider)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    items: list[dict[str, Any]] = []
    for page in pages():
        is_current = current == page.url_name or any(current.startswith(section) for section in page.sections)
        items.append({"label": page.label, "url": reverse(page.url_name), "current": is_current})
    return items


@overload
def public_page(view: PublicView[P], *, max_age: int = DEFAULT_MAX_AGE) -> PublicView[P]: ...
@overload
def public_page(view: None = None, *, max_age: int = DEFAULT_MAX_AGE) -> Callable[[PublicView[P]], PublicView[P]]: ...
def public_page(
    view: PublicView[P] | None = None, *, max_age: int = DEFAULT_MAX_AGE
) -> PublicView[P] | Callable[[PublicView[P]], PublicView[P]]:
    """Open a view to everyone (GET and HEAD only) and let caches keep its answer."""

    def decorate(func: PublicView[P]) -> PublicView[P]:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            response = func(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age)
                setattr(response, _PUBLIC_ATTR, True)
            return response

        return login_not_required(require_safe(wrapper))

    return decorate(view) if view is not None else decorate


def render_public(request: HttpRequest, template_name: str, context: dict[str, Any] | None = None) -> HttpResponse:
    """Render a public page from its own context only: no user, no session, no messages."""
    items = navigation(request)
    full: dict[str, Any] = {
        "request": request,
        "portal_name": settings.PORTAL_DEFAULT_NAME,
        "public_navigation": items,
        "public_home_url": items[0]["url"] if items else reverse("account_login"),
    }
    for provider in _context_providers:
        full.update(provider())
    full.update(context or {})
    return HttpResponse(loader.render_to_string(template_name, full))


class PublicPageMiddleware:
    """Outside the session middleware: a public answer leaves without cookies and without
    `Vary: Cookie`, so a shared cache can keep it and never keeps anyone's session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(response, _PUBLIC_ATTR, False):
            response.cookies.clear()
            if response.has_header("Vary"):
                kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
                if kept:
                    response["Vary"] = ", ".join(kept)
                else:
                    del response["Vary"]
        return response
