"""axe-core on every foundation page, in the states users meet them (errors included)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import BudgetContributionFactory, PriorityFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_axe_really_finds_problems(page):
    page.set_content("<html><body><img src='x.png'><a href='#'></a><input type='text'></body></html>")
    from axe_playwright_python.sync_playwright import Axe

    assert Axe().run(page).violations_count > 0


def test_foundation_pages_have_no_accessibility_violations(page, live_server, sign_in, business, agency_lead):
    priority = PriorityFactory(outcomes="Fewer repeat plans")
    contribution = BudgetContributionFactory(organisation=business.organisation)
    sign_in(business)
    for name, args in [
        ("partnership:people-list", []),
        ("partnership:person-detail", [agency_lead.pk]),
        ("partnership:priority-list", []),
        ("partnership:priority-detail", [priority.pk]),
        ("partnership:budget", []),
        ("partnership:budget-edit", [contribution.pk]),
        ("partnership:details", []),
        ("partnership:account", []),
        ("partnership:organisation-leads", [agency_lead.organisation.pk]),
        ("partnership:organisation-history", [agency_lead.organisation.pk]),
        ("partnership:directory-import", []),
        ("account_change_password", []),
        ("account_email", []),
        ("core:privacy", []),
        ("core:accessibility", []),
        ("partnership:report-concern", []),
        ("mfa_index", []),
        ("usersessions_list", []),
        ("account_reauthenticate", []),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page)
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)

    # Forms in their error state.
    page.goto(live_server.url + reverse("partnership:user-invite"))
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person’s full name")
    assert_accessible(page)
    page.goto(live_server.url + reverse("partnership:priority-create"))
    page.get_by_label("First year").fill("20x5")
    page.get_by_role("button", name="Add priority").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a year as 4 numbers")
    assert_accessible(page)


def test_directory_import_preview_is_accessible(page, live_server, sign_in, business, tmp_path):
    sign_in(business)
    page.goto(live_server.url + reverse("partnership:directory-import"))
    bad = tmp_path / "directory.csv"
    bad.write_text("Name,Kind\nGood Org,Other\nBad Org,Spaceship\n", encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="The file cannot be imported")).to_be_visible()
    assert_accessible(page)
    good = tmp_path / "good.csv"
    good.write_text("Name,Kind\nGood Org,Other\n", encoding="utf-8")
    page.get_by_role("link", name="Upload a different file").click()
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 1 row").click()
    expect(page.get_by_role("alert")).to_contain_text("1 created")
    assert_accessible(page)
