"""WCAG 1.4.10 reflow: at 320 CSS pixels wide (1280 at 400% zoom) no page scrolls sideways.
Wide tables scroll inside their own labelled, focusable region instead. Each role walks the
pages of its menu and the records those pages link to, as it would on a phone."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320
ROLES = ("business", "executive", "chair", "agency_lead", "scrutineer", "member", "practitioner")
# Downloads and sign-out are not pages to lay out.
NOT_PAGES = re.compile(
    r"(logout|\.pdf|\.xlsx|\.csv|\.ics|/download|/export|/feed|/media/|/documents/\d+/$|/personal-data/$|/preview/$|/accounts/)"
)
PAGES_PER_ROLE = 25


def _wide_parts(page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(e => !e.closest('.app-table-scroll'))
            .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
    )


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "header a[href], nav a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h.split("#")[0] for h in hrefs if h and h.startswith("/") and not NOT_PAGES.search(h)]


def test_no_page_a_role_reaches_scrolls_sideways_at_320_pixels(browser, live_server, world):
    from tests.factories import PASSWORD

    wide = []
    for role in ROLES:
        context = browser.new_context(viewport={"width": WIDTH, "height": 800})
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(world[role].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        queue, seen, shapes = ["/"], set(), set()
        while queue and len(seen) < PAGES_PER_ROLE:
            path = queue.pop(0)
            shape = re.sub(r"\d+", "N", path.split("?")[0])  # one record of each kind is enough
            if shape in shapes:
                continue
            shapes.add(shape)
            seen.add(path)
            try:
                response = page.goto(f"{live_server.url}{path}")
            except PlaywrightError as error:  # a file to download, not a page
                assert "Download is starting" in str(error), error
                continue
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if page.evaluate("document.documentElement.scrollWidth") > WIDTH:
                wide.append(f"{role} {path}: {_wide_parts(page)}")
            queue.extend(_links(page))
        context.close()
        assert len(seen) > 3, f"{role} reached only {sorted(seen)}"
    assert not wide, "Pages that scroll sideways at 320 px:\n" + "\n".join(wide)


def test_a_wide_table_scrolls_in_a_focusable_labelled_region(browser, live_server, world):
    from tests.factories import PASSWORD

    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(world["business"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/plans/")
    region = page.locator(".app-table-scroll").first
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the plans table is wider than the screen"
    region.focus()
    page.keyboard.press("ArrowRight")
    # Scrolling may be smooth: wait for it rather than read it at once.
    handle = region.element_handle()
    page.wait_for_function("e => e.scrollLeft > 0", arg=handle, timeout=5000)
    context.close()
