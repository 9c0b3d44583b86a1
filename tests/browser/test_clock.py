"""The statutory clock in the browser: deadlines, rules, closure days, inbox, calendar feed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core import reminders
from core.services import deadlines as clock

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock_data(agency, agency_lead, business):
    today = timezone.localdate()
    made = []
    for offset, title in (
        (-10, "Overdue return"),
        (0, "Return due today"),
        (2, "Return due soon"),
        (30, "Later return"),
    ):
        made.append(
            clock.deadline_create(
                subject=agency,
                rule_key="audit_return",
                start=today,
                due_date=today + timedelta(days=offset),
                title=title,
                responsible_organisation=agency,
                responsible_users=[agency_lead],
                escalation_users=[business],
            )
        )
    reminders.sweep()
    return made


def test_clock_pages_are_accessible_and_work(page, live_server, sign_in, business, clock_data):
    sign_in(business)
    expect(page.get_by_role("heading", name="Deadlines you are responsible for or oversee")).to_be_visible()
    assert_accessible(page)
    for name, args in [
        ("core:deadline-list", []),
        ("core:deadline-overdue", []),
        ("core:deadline-calendar", []),
        ("core:deadline-detail", [clock_data[0].pk]),
        ("core:rule-list", []),
        ("core:closure-list", []),
        ("core:notification-list", []),
        ("core:notification-preferences", []),
        ("core:calendar-feed-settings", []),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page)
    page.goto(live_server.url + reverse("core:deadline-list") + "?scope=all")
    expect(page.get_by_role("cell", name="Overdue by")).to_have_count(1)

    # The inbox: the escalation for the overdue return, opened and read.
    page.get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name="Escalation").first.click()
    expect(page.get_by_role("heading", name="Escalation")).to_be_visible()
    assert_accessible(page)

    # Change a rule, first with a bad value.
    page.goto(live_server.url + reverse("core:rule-edit", args=["rapid_review"]))
    page.get_by_label("Number of working days").fill("-4")
    page.get_by_role("button", name="Save rule").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a number between 1 and 260 working days")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are changing the rule")
    assert_accessible(page)
    page.get_by_label("Number of working days").fill("12")
    page.get_by_label("Why are you changing it?").fill("Agreed with the Panel")
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("alert")).to_contain_text("is now 12 working days")

    # A closure day on a weekend is refused with a message.
    page.goto(live_server.url + reverse("core:closure-list"))
    saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    page.get_by_label("Day").fill(str(saturday.day))
    page.get_by_label("Month").fill(str(saturday.month))
    page.get_by_label("Year").fill(str(saturday.year))
    page.get_by_label("Reason").fill("Office move")
    page.get_by_role("button", name="Add closure day").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("weekend")
    assert_accessible(page)

    # The calendar feed address, shown once.
    page.goto(live_server.url + reverse("core:calendar-feed-settings"))
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Calendar address").input_value()
    assert address.endswith(".ics")
    assert_accessible(page)


def test_agency_lead_sees_their_deadlines_on_the_home_page(page, sign_in, agency_lead, clock_data):
    sign_in(agency_lead)
    now = page.locator(".app-work-group", has=page.get_by_role("heading", name="Overdue or due today"))
    expect(now).to_contain_text("Overdue return")
    expect(now).to_contain_text("Due today")
    assert_accessible(page)


def test_the_deadline_page_shows_who_was_told_and_the_inbox_groups_them(
    page, live_server, sign_in, agency_lead, business, clock_data
):
    """The ledger made visible: the overdue return's page lists the reminder to the agency lead
    and the escalation to the business unit, with when; the lead's inbox holds one grouped
    message for the three returns that fell due, and marks it read as a group."""
    sign_in(business)
    page.goto(live_server.url + reverse("core:deadline-detail", args=[clock_data[0].pk]))
    ledger = page.get_by_role("table", name="Reminders, chases and escalations sent")
    expect(ledger).to_contain_text(agency_lead.name)
    expect(ledger).to_contain_text(business.name)
    expect(ledger).to_contain_text("Escalation, overdue by")
    expect(ledger).to_contain_text("Deadlines: 1 overdue, 1 due today, 1 due soon")
    assert_accessible(page)
    page.goto(live_server.url + reverse("core:deadline-detail", args=[clock_data[3].pk]))
    expect(page.get_by_text("Nothing has been sent about this yet")).to_be_visible()

    page.context.clear_cookies()
    sign_in(agency_lead)
    page.goto(live_server.url + reverse("core:notification-list"))
    expect(page.get_by_role("heading", name="Deadline reminders: 1 message, 1 unread")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark deadline reminders of today as read").click()
    expect(page.get_by_role("alert")).to_contain_text("1 notification marked as read")
    expect(page.get_by_text("Everything is read.")).to_be_visible()
    page.get_by_role("link", name="Deadlines: 1 overdue, 1 due today, 1 due soon").click()
    expect(page.get_by_text("Overdue (1):")).to_be_visible()
    assert_accessible(page)
