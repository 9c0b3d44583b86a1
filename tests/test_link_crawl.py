"""Never a link its reader cannot follow: for every member of the cast, crawl every page they
can reach from home (every link in the page: navigation, main content, footer) and fail on any
link that answers 403 or 404 to them.

The crawl is bounded: every distinct link is followed until a route (a URL pattern) has been
fetched `PER_ROUTE` times, so a list of 200 meetings costs a few fetches, not 200, while every
kind of page and every kind of link on it is still tried. Each role's crawl runs in a
transaction that is rolled back, so what one role's visit writes (the access log, read marks)
does not reach the next.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve

from .test_radio_labels import radio_labels

ROLES = ("outsider", "member", "agency_lead", "chair", "executive", "scrutineer", "business")
PER_ROUTE = 3
MAX_FETCHES = 900
# Signing out ends the crawl's session; the admin is for staff, and nobody in the cast is.
SKIP_ROUTES = {"account_logout"}
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/__")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        absolute, _ = urldefrag(urljoin(f"http://testserver{page_url}", href))
        parts = urlsplit(absolute)
        if parts.netloc not in ("testserver", ""):
            continue  # outside the portal
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _route(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, start: str = "/") -> tuple[list[str], int]:
    """Every dead link met, as "page -> link: status", and how many pages were fetched. A page
    with a radio labelled "---------" (Django's blank choice) is reported too."""
    seen = {start}
    queue = deque([(start, "(start)")])
    per_route: Counter = Counter()
    dead = []
    fetched = 0
    while queue and fetched < MAX_FETCHES:
        url, found_on = queue.popleft()
        route = _route(url)
        if route is None:
            dead.append(f"{found_on} -> {url}: no such page")
            continue
        if route in SKIP_ROUTES or url.startswith(SKIP_PREFIXES):
            continue
        if per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(url)
        fetched += 1
        if response.status_code in (403, 404):
            dead.append(f"{found_on} -> {url}: {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if any(re.fullmatch(r"-{3,}", label) for label in radio_labels(html)):
            dead.append(f"{url}: a radio labelled ---------")
        for link in _links(url, html):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return dead, fetched


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_page_a_role_reaches_links_to_a_page_it_cannot_open(role, shared_world, client):
    client.force_login(shared_world[role])
    with transaction.atomic():
        dead, fetched = crawl(client)
        transaction.set_rollback(True)
    assert fetched > (3 if role == "outsider" else 20), f"{role} reached only {fetched} pages: the crawl is not real"
    assert not dead, f"Links {role} cannot follow (or bad radios):\n" + "\n".join(sorted(set(dead)))


class _StubClient:
    """Pages by address, as the test client would answer them."""

    def __init__(self, pages: dict):
        self.pages = pages

    def get(self, url):
        from django.http import HttpResponse

        status, html = self.pages.get(url, (404, ""))
        return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def test_the_crawl_reports_a_link_that_answers_403_or_404_and_follows_the_rest():
    client = _StubClient(
        {
            "/": (200, '<a href="/groups/">Groups</a> <a href="/meetings/">Meetings</a> <a href="#x">skip</a>'),
            "/groups/": (200, '<a href="/plans/">Plans</a> <a href="https://example.org/">elsewhere</a>'),
            "/meetings/": (
                200,
                '<a href="/meetings/7/">A meeting</a><label class="govuk-label govuk-radios__label">---------</label>',
            ),
            "/meetings/7/": (403, ""),
            "/plans/": (200, '<a href="/plans/9/">A plan</a>'),
        }
    )
    dead, fetched = crawl(client)
    assert sorted(dead) == [
        "/meetings/ -> /meetings/7/: 403",
        "/meetings/: a radio labelled ---------",
        "/plans/ -> /plans/9/: 404",
    ]
    assert fetched == 6
