"""A meeting end to end, as the business unit, the chair and an action's owner meet it: the
forward plan schedules the meeting with its planned item, a paper is requested and uploaded,
the pack is circulated with the paper inside it (bookmarked, its pages the ones the portal
shows), attendance and quoracy are recorded, minutes and a decision written, an action agreed;
the chair approves the minutes, and the action is on its owner's "My work"."""

import io
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from subgroups.models import ActionPlan, Meeting, Paper
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
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


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _sign_out(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def test_a_meeting_from_the_forward_plan_to_actions_on_their_owners_work(
    page, live_server, sign_in, business, chair, member, practice_review, tmp_path
):
    today = timezone.localdate()
    group_services.forward_item_save(
        acting_user=business,
        group=practice_review,
        title="Learning from the rapid review of Child M",
        kind="other",
        planned_month=today.replace(day=1),
    )
    sign_in(business)
    page.get_by_role("link", name="Meetings").first.click()
    page.get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Practice Review sub-group").click()
    assert_accessible(page)

    # The forward plan schedules the meeting, with its planned item on the agenda.
    page.get_by_role("link", name="Forward plan").click()
    assert_accessible(page)
    page.get_by_label("Learning from the rapid review of Child M").check()
    page.get_by_role("button", name="Schedule a meeting with the chosen items").click()
    expect(page.get_by_label("Learning from the rapid review of Child M (other")).to_be_checked()
    page.get_by_role("button", name="Plan meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
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
    expect(page.get_by_role("alert")).to_contain_text("with 1 item on its agenda")
    expect(page.get_by_role("heading", name="1. Learning from the rapid review of Child M")).to_be_visible()
    assert_accessible(page)

    # A paper for the item, uploaded as a PDF.
    page.get_by_role("link", name="Request a paper for Learning from the rapid review of Child M").click()
    assert_accessible(page)
    page.get_by_label("Paper title").fill("Rapid review learning summary")
    page.get_by_label("Who owes the paper").select_option(
        label=f"{business.name} ({business.organisation.name}; Business unit)"
    )
    page.get_by_role("button", name="Request paper").click()
    expect(page.get_by_role("heading", name="Rapid review learning summary")).to_be_visible()
    assert_accessible(page)
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00\x03")
    page.get_by_label("Upload the paper").set_input_files(str(bad))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file must be a")
    assert_accessible(page)
    good = tmp_path / "learning.pdf"
    good.write_bytes(_pdf(3))
    page.get_by_label("Upload the paper").set_input_files(str(good))
    page.get_by_label("Summary for the cover sheet").fill(
        "What the rapid review found, and the three questions for us."
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("uploaded")

    # The pack goes out after a confirmation, with the paper inside it.
    meeting = Meeting.objects.get()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name="Circulate the agenda pack").click()
    expect(page.get_by_role("heading", name="Circulate the agenda pack?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Circulate the pack").click()
    expect(page.get_by_role("alert")).to_contain_text("Agenda pack circulated to the members (5 pages)")
    expect(page.get_by_text("Pack page 2–5.")).to_be_visible()
    assert_accessible(page)
    pack = PdfReader(io.BytesIO(page.request.get(f"{live_server.url}{meeting.get_absolute_url()}pack/").body()))
    assert len(pack.pages) == 5
    assert "Page 3 of 5" in pack.pages[2].extract_text()  # the paper's first page, numbered in the pack
    assert "Rapid review learning summary" in pack.pages[0].extract_text()
    assert [o.title for o in pack.outline if not isinstance(o, list)] == [
        "Agenda",
        "Item 1: Rapid review learning summary",
    ]
    paper = Paper.objects.get()
    assert (paper.pack_first_page, paper.pack_last_page) == (2, 5)

    # Attendance, with the quoracy verdict shown as it is recorded.
    page.get_by_role("button", name="Record attendance").click()
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

    # The action agreed, in the meeting's action log: no separate approval.
    page.get_by_role("button", name="Start the action log").click()
    page.get_by_role("link", name="Action log:").click()
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Description").fill("Write and circulate the 7-minute briefing")
    page.get_by_label("Owner", exact=True).select_option(
        label=f"{member.name} ({member.organisation.name}; Partnership member)"
    )
    due = today + timedelta(days=60)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add action").click()
    assert_accessible(page)

    # The draft minutes go out, and can be read as a PDF.
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name="Circulate the draft minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("Draft minutes circulated")
    minutes = page.request.get(f"{live_server.url}{meeting.get_absolute_url()}minutes.pdf")
    text = PdfReader(io.BytesIO(minutes.body())).pages[0].extract_text()
    assert "Draft minutes" in text and "Write and circulate the 7-minute briefing" in text
    expect(page.get_by_role("link", name="Download the draft minutes (PDF)")).to_be_visible()
    _sign_out(page, live_server)

    # At the next meeting the chair approves the minutes.
    later = meeting_services.meeting_create(
        acting_user=business,
        group=practice_review,
        date=today + timedelta(days=30),
        start_time=time(10),
        location="Civic Centre",
    )
    sign_in(chair)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Record the approval of the minutes").click()
    page.get_by_label("Approved at").select_option(label=str(later))
    assert_accessible(page)
    page.get_by_role("button", name="Approve minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("Minutes approved")
    assert ActionPlan.objects.get().status == ActionPlan.Status.IN_PROGRESS
    _sign_out(page, live_server)

    # The action is on its owner's "My work".
    sign_in(member)
    expect(page.get_by_text("1 action you own")).to_be_visible()
    expect(page.get_by_role("link", name="Write and circulate the 7-minute briefing", exact=True)).to_be_visible()
    assert_accessible(page)
