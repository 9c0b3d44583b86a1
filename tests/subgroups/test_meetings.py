"""Meetings: papers on the paper deadline, re-use flagged, papers only for those who may read
them, minutes approved at a later meeting, decisions ratified, and the agenda pack PDF."""

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from core.models import Deadline
from core.services import DomainError
from subgroups.models import AgendaItem, Meeting
from subgroups.pack import render_pack
from subgroups.services import meetings as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def item(meeting, business):
    return services.agenda_item_add(
        acting_user=business, meeting=meeting, title="Spotlight on neglect", kind=AgendaItem.Kind.ASSURANCE
    )


def _pdf(tag: str = "a"):
    return SimpleUploadedFile("paper.pdf", b"%PDF-1.4 " + tag.encode())


def test_a_paper_is_due_five_working_days_before_the_meeting(item, business, agency_lead):
    paper = services.paper_add(acting_user=business, item=item, title="Neglect data", owner=agency_lead)
    deadline = Deadline.objects.for_subject(paper).get()
    assert deadline.due_date == date(2030, 2, 28)  # Thursday 7 March 2030, minus 5 working days
    assert list(deadline.responsible_users.all()) == [agency_lead]


def test_moving_the_meeting_moves_the_paper_deadlines(meeting, item, business, agency_lead):
    paper = services.paper_add(acting_user=business, item=item, title="Neglect data", owner=agency_lead)
    services.meeting_update(acting_user=business, meeting=meeting, date=date(2030, 3, 14))
    assert Deadline.objects.for_subject(paper).get().due_date == date(2030, 3, 7)


def test_a_late_upload_is_marked_and_meets_the_deadline_late(item, business, agency_lead):
    paper = services.paper_add(acting_user=business, item=item, title="Neglect data", owner=agency_lead)
    with time_machine.travel(datetime(2030, 3, 4, 9, tzinfo=LONDON)):
        services.paper_upload(acting_user=agency_lead, paper=paper, upload=_pdf())
    assert paper.is_late
    deadline = Deadline.objects.for_subject(paper).get()
    assert deadline.status == Deadline.Status.MET and deadline.met_on_time is False


def test_a_paper_already_presented_elsewhere_is_flagged(subgroup, meeting, item, business, agency_lead):
    earlier = services.meeting_create(
        acting_user=business, group=subgroup, date=date(2030, 1, 10), start_time=time(10), location="Room"
    )
    earlier_item = services.agenda_item_add(acting_user=business, meeting=earlier, title="Neglect", kind="discussion")
    first = services.paper_add(acting_user=business, item=earlier_item, title="Neglect data", owner=agency_lead)
    services.paper_upload(acting_user=agency_lead, paper=first, upload=_pdf("same"))
    again = services.paper_add(acting_user=business, item=item, title="Neglect data again", owner=agency_lead)
    result = services.paper_upload(acting_user=agency_lead, paper=again, upload=_pdf("same"))
    assert result.reused_from == earlier
    assert "the same file was presented at" in again.history.first().history_change_reason


def test_papers_and_their_files_are_only_for_the_groups_members(
    item, business, agency_lead, member, outsider, scrutineer, client_for
):
    paper = services.paper_add(acting_user=business, item=item, title="Neglect data", owner=agency_lead)
    services.paper_upload(acting_user=agency_lead, paper=paper, upload=_pdf())
    file_url = reverse("core:document-download", args=[paper.document.pk])
    stranger = UserFactory(roles=["member"])
    for user, status in ((member, 200), (scrutineer, 200), (agency_lead, 200), (stranger, 404), (outsider, 404)):
        response = client_for(user).get(file_url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
    for pk in range(paper.document.pk + 1, paper.document.pk + 5):  # guessing other ids finds nothing
        assert client_for(stranger).get(reverse("core:document-download", args=[pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("paper.exe", b"MZ\x90\x00", "The selected file must be a"),
        ("paper.pdf", b"", "The selected file is empty"),
        ("paper.pdf", b"<html>not a pdf</html>", "The selected file is not a real PDF file"),
        ("paper.svg", b"<svg></svg>", "The selected file must be a"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(item, business, agency_lead, client_for, name, content, message):
    paper = services.paper_add(acting_user=business, item=item, title="Neglect data", owner=agency_lead)
    response = client_for(agency_lead).post(
        paper.get_absolute_url(), {"file": SimpleUploadedFile(name, content), "summary": "Kept"}
    )
    assert message in str(response.context["form"].errors["file"])
    assert "Kept" in response.content.decode()
    paper.refresh_from_db()
    assert paper.document is None


def test_an_upload_over_the_size_limit_is_refused(item, business, agency_lead, client_for, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 100
    paper = services.paper_add(acting_user=business, item=item, title="Neglect data", owner=agency_lead)
    response = client_for(agency_lead).post(
        paper.get_absolute_url(), {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200)}
    )
    assert "The selected file must be smaller than 100" in str(response.context["form"].errors["file"])


@time_machine.travel(datetime(2030, 3, 7, 12, tzinfo=ZoneInfo("Europe/London")))  # the day of the meeting
def test_minutes_are_approved_at_a_later_meeting_with_amendments(subgroup, meeting, business):
    with pytest.raises(DomainError, match="circulated"):
        services.minutes_approve(acting_user=business, meeting=meeting, at_meeting=meeting)
    services.attendance_save(acting_user=business, meeting=meeting, rows=[])
    meeting.status = Meeting.Status.HELD
    services.minutes_circulate(acting_user=business, meeting=meeting)
    with pytest.raises(DomainError, match="later meeting"):
        services.minutes_approve(acting_user=business, meeting=meeting, at_meeting=meeting)
    later = services.meeting_create(
        acting_user=business, group=subgroup, date=date(2030, 5, 9), start_time=time(10), location="Room"
    )
    services.minutes_approve(acting_user=business, meeting=meeting, at_meeting=later, amendments="Item 2: read ICB")
    assert meeting.status == Meeting.Status.MINUTES_APPROVED and meeting.minutes_amendments == "Item 2: read ICB"
    with pytest.raises(DomainError, match="approved"):
        services.entry_add(acting_user=business, meeting=meeting, item=None, kind="decision", text="Too late")


def test_only_information_items_go_to_the_business_summary(item, business, meeting):
    with pytest.raises(DomainError):
        services.agenda_item_set_summary(acting_user=business, item=item, in_summary=True)
    info = services.agenda_item_add(acting_user=business, meeting=meeting, title="Training figures", kind="information")
    services.agenda_item_set_summary(acting_user=business, item=info, in_summary=True)
    assert info.in_business_summary


def test_the_agenda_pack_pdf_has_the_agenda_and_a_cover_sheet_per_paper(meeting, business, agency_lead):
    titles = []
    for number in range(10):
        item = services.agenda_item_add(
            acting_user=business, meeting=meeting, title=f"Agenda item number {number}", kind="discussion"
        )
        paper = services.paper_add(
            acting_user=business,
            item=item,
            title=f"Paper number {number}",
            owner=agency_lead,
            summary=f"Summary of paper {number}",
        )
        services.paper_upload(acting_user=agency_lead, paper=paper, upload=_pdf(str(number)))
        titles.append(item.title)
    reader = PdfReader(io.BytesIO(render_pack(meeting)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 11  # the agenda, then a cover sheet per paper
    for number, title in enumerate(titles):
        assert title in text
        assert f"Summary of paper {number}" in text
    assert "Practice Review sub-group" in text


def test_circulating_the_pack_stores_it_and_tells_the_members(
    meeting, business, member, client_for, django_capture_on_commit_callbacks
):
    services.agenda_item_add(acting_user=business, meeting=meeting, title="Spotlight", kind="assurance")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(business).post(reverse("subgroups:pack-circulate", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.pack is not None and meeting.status == Meeting.Status.PAPERS_CIRCULATED
    assert member.notifications.filter(title__startswith="Agenda pack ready").exists()
    assert client_for(member).get(reverse("subgroups:pack-download", args=[meeting.pk])).status_code == 302


def test_meetings_join_the_calendar_feed(meeting, member, client):
    from core.models import CalendarToken

    raw = CalendarToken.new_token()
    CalendarToken.objects.create(user=member, token_hash=CalendarToken.hash(raw))
    body = client.get(f"/calendar/{raw}.ics").content.decode()
    assert "SUMMARY:Practice Review sub-group meeting" in body
    assert "DTSTART:20300307T100000Z" in body


def test_a_groups_page_lists_the_active_groups_reporting_to_it(subgroup, business, client_for):
    from subgroups.models import PartnershipGroup
    from subgroups.services import groups as group_services

    for name, status in (("Zeta review group", "active"), ("Alpha task group", "active"), ("Old group", "closed")):
        group_services.group_save(
            acting_user=business, name=name, kind="task_and_finish", purpose="x", reports_to=subgroup, status=status
        )
    page = client_for(business).get(subgroup.get_absolute_url()).content.decode()
    listed = page.split("Groups reporting to it", 1)[1].split("</dl>", 1)[0]
    assert listed.index("Alpha task group") < listed.index("Zeta review group")
    assert "Old group" not in listed and str(subgroup) not in listed
    child = PartnershipGroup.objects.get(name="Alpha task group")
    assert f"reporting to {subgroup}" in client_for(business).get(child.get_absolute_url()).content.decode()
    missing = max(PartnershipGroup.objects.values_list("pk", flat=True)) + 1
    assert client_for(business).get(f"/groups/{missing}/").status_code == 404
