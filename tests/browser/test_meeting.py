"""A meeting end to end, as the business unit and the chair meet it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from subgroups.models import ActionPlan, Meeting
from subgroups.services import groups as group_services
from tests.factories import OrganisationFactory, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practice_review(business, chair):
    group = group_services.group_save(
        acting_user=business,
        name="Practice Review sub-group",
        kind="subgroup",
        purpose="Rapid reviews and practice reviews",
    )
    for name, kind in (("Council", "local_authority"), ("ICB", "integrated_care_board"), ("Police", "police")):
        organisation = OrganisationFactory(name=f"Testshire {name}", kind=kind, is_safeguarding_partner=True)
        group_services.membership_add(
            acting_user=business,
            group=group,
            person=UserFactory(name=f"{name} member", organisation=organisation),
            deputy=UserFactory(name=f"{name} deputy", organisation=organisation),
        )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


def test_a_meeting_from_planning_to_the_chairs_approval(
    page, live_server, sign_in, business, chair, practice_review, tmp_path
):
    today = timezone.localdate()
    sign_in(business)
    page.get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Practice Review sub-group").click()
    assert_accessible(page)
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_role("button", name="Plan meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the start time")
    assert_accessible(page)
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Start time").fill("25:99")
    page.get_by_label("Location").fill("Civic Centre, Room 3")
    page.get_by_role("button", name="Plan meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a time like 09:30 or 14:00")
    expect(page.get_by_label("Location")).to_have_value("Civic Centre, Room 3")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Plan meeting").click()
    expect(page.get_by_role("heading", name="Meeting on")).to_be_visible()
    assert_accessible(page)

    # An agenda item, and a paper the business unit owes itself.
    page.get_by_role("button", name="Add an agenda item").click()
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the item’s title")
    assert_accessible(page)
    page.get_by_label("Title").fill("Learning from the rapid review of Child M")
    page.get_by_label("For discussion").check()
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("link", name="Request a paper for Learning from the rapid review of Child M").click()
    assert_accessible(page)
    page.get_by_label("Paper title").fill("Rapid review learning summary")
    page.get_by_label("Who owes the paper").select_option(label=business.name)
    page.get_by_role("button", name="Request paper").click()
    expect(page.get_by_role("heading", name="Rapid review learning summary")).to_be_visible()
    assert_accessible(page)

    # Bad uploads are refused, each with its own message; the good one goes in.
    bad_files = {
        "virus.exe": (b"MZ\x90\x00\x03", "The selected file must be a"),
        "empty.pdf": (b"", "The selected file is empty"),
        "big.pdf": (b"%PDF-" + b"0" * (21 * 1024 * 1024), "The selected file must be smaller than 20"),
    }
    for name, (content, message) in bad_files.items():
        path = tmp_path / name
        path.write_bytes(content)
        page.get_by_label("Upload the paper").set_input_files(str(path))
        page.get_by_role("button", name="Upload", exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    assert_accessible(page)
    good = tmp_path / "learning.pdf"
    good.write_bytes(b"%PDF-1.4\n% a real enough paper\n")
    page.get_by_label("Upload the paper").set_input_files(str(good))
    page.get_by_label("Summary for the cover sheet").fill(
        "What the rapid review found, and the three questions for us."
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("uploaded")

    # Attendance, with the quoracy verdict shown as it is recorded.
    meeting = Meeting.objects.get()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}attendance/")
    assert_accessible(page)
    page.get_by_label("Council member").select_option("present")
    page.get_by_label("ICB member").select_option("present")
    page.get_by_label("Police member").select_option("apologies")
    expect(page.locator("#quoracy-verdict")).to_contain_text("no member or named deputy from the police")
    page.get_by_label("Police member").select_option("deputy")
    expect(page.locator("#quoracy-verdict")).to_contain_text("all three safeguarding partners are represented")
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Quorate")
    expect(page.get_by_role("cell", name="Deputy attending for Police member")).to_be_visible()
    assert_accessible(page)

    # Minutes and a decision for the item.
    page.get_by_role("link", name="Minutes of Learning from the rapid review of Child M").click()
    page.get_by_label("Minutes").fill("The group discussed the learning and agreed to brief practitioners.")
    page.get_by_role("button", name="Save minutes").click()
    page.get_by_role("link", name="Minutes of Learning from the rapid review of Child M").click()
    page.get_by_label("Decision").check()
    page.get_by_label("Wording").fill("A 7-minute briefing will go to all agencies.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("Decision: A 7-minute briefing will go to all agencies.")).to_be_visible()
    assert_accessible(page)

    # The action log: an action, submitted to the chair.
    page.get_by_role("button", name="Start the action log").click()
    page.get_by_role("link", name="Action log:").click()
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Description").fill("Write and circulate the 7-minute briefing")
    page.get_by_label("Owner", exact=True).select_option(label=business.name)
    due = today.replace(year=today.year + 1)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add action").click()
    page.get_by_role("button", name="Submit for the chair’s approval").click()
    expect(page.get_by_role("alert")).to_contain_text("submitted to the chair")
    assert_accessible(page)

    # The chair approves it.
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(chair)
    expect(page.get_by_role("heading", name="Plans awaiting your approval")).to_be_visible()
    page.get_by_role("link", name="Action log:").first.click()
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Plan approved")
    assert_accessible(page)
    assert ActionPlan.objects.get().status == ActionPlan.Status.IN_PROGRESS
