"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Never `playwright install`: the machine's network refuses it, and Debian's build is the
one the CI machine has.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to be
# called from it unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(user, password=None):
        from tests.factories import PASSWORD

        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(password or PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in_as


_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violation on the page as it is now."""
    # A click on a link starts the next page without waiting for it: axe run in between finds
    # no document at all (a busy machine made that happen). Check the page that loaded.
    page.wait_for_load_state()
    # Only violations come back: the passes, with every node they checked, are most of a
    # result and nothing here reads them.
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
