"""Hand-offs in a group's business: forward plan to agenda, papers into one pack, the pack's
page numbers in the portal, papers after circulation, a meeting that moves, attendance and
minutes only once it has happened, actions agreed with the minutes, and actions evidenced
reaching the chair who signs them off."""

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from core import ics
from core.models import Deadline, Document
from core.services import DomainError
from subgroups.models import Action, ActionPlan, AgendaItem, ForwardPlanItem, Meeting
from subgroups.mywork import meeting_events
from subgroups.pack import build_pack
from subgroups.selectors import mywork as mywork_reads
from subgroups.selectors.meetings import papers_with_same_title
from subgroups.services import groups as group_services
from subgroups.services import meetings as services
from subgroups.services import plans as plan_services

pytestmark = pytest.mark.django_db
MEETING_DAY = datetime(2030, 3, 7, 12, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def real_pdf(pages: int, name: str = "paper.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def word_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("paper.docx", b"PK\x03\x04 a word document")


def _paper(meeting, business, owner, title, upload=None, kind="discussion"):
    item = services.agenda_item_add(acting_user=business, meeting=meeting, title=f"Item: {title}", kind=kind)
    paper = services.paper_add(acting_user=business, item=item, title=title, owner=owner, summary=f"About {title}")
    if upload is not None:
        services.paper_upload(acting_user=owner, paper=paper, upload=upload)
    return paper


# Forward plan -> agenda -------------------------------------------------------------------------


def test_an_agenda_item_can_come_from_the_forward_plan_through_the_form(meeting, subgroup, business, client_for):
    planned = group_services.forward_item_save(
        acting_user=business,
        group=subgroup,
        title="Annual report",
        kind="annual_report",
        planned_month=date(2030, 3, 1),
    )
    response = client_for(business).post(
        reverse("subgroups:item-add", args=[meeting.pk]),
        {"forward_plan_item": planned.pk, "title": "", "kind": "decision", "minutes_allocated": "20"},
    )
    assert response.status_code == 302, response.context["form"].errors
    item = meeting.items.get()
    assert item.forward_plan_item == planned and item.title == "Annual report"
    planned.refresh_from_db()
    assert planned.is_on_an_agenda and planned.planned_meeting == meeting


def test_the_business_unit_schedules_a_meeting_with_its_planned_items(subgroup, business, client_for):
    spotlight = group_services.forward_item_save(
        acting_user=business,
        group=subgroup,
        title="Spotlight on neglect",
        kind="spotlight",
        planned_month=date(2030, 5, 1),
    )
    group_services.forward_item_save(
        acting_user=business, group=subgroup, title="Not this time", kind="other", planned_month=date(2030, 9, 1)
    )
    client = client_for(business)
    page = client.get(reverse("subgroups:forward-plan", args=[subgroup.pk])).content.decode()
    assert "Schedule a meeting with the chosen items" in page
    url = reverse("subgroups:meeting-create", args=[subgroup.pk]) + f"?items={spotlight.pk}"
    form = client.get(url).context["form"]
    assert [str(i) for i in form.initial["forward_items"]] == [str(spotlight.pk)]
    response = client.post(
        url,
        {
            "date_0": "9",
            "date_1": "5",
            "date_2": "2030",
            "start_time": "10:00",
            "location": "Civic Centre",
            "forward_items": [spotlight.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(date=date(2030, 5, 9))
    item = meeting.items.get()
    assert item.title == "Spotlight on neglect" and item.kind == AgendaItem.Kind.ASSURANCE
    assert ForwardPlanItem.objects.get(pk=spotlight.pk).planned_meeting == meeting


# The pack -----------------------------------------------------------------------------------------


def test_the_pack_holds_the_papers_in_order_with_bookmarks_and_page_numbers(meeting, business, agency_lead):
    first = _paper(meeting, business, agency_lead, "Neglect data", real_pdf(3))
    word = _paper(meeting, business, agency_lead, "Training figures", word_file())
    second = _paper(meeting, business, agency_lead, "Audit findings", real_pdf(2))
    awaited = _paper(meeting, business, agency_lead, "Late spotlight")
    pack = build_pack(meeting)
    reader = PdfReader(io.BytesIO(pack.pdf))
    pages = pack.page_numbers()
    # agenda, then cover + 3 pages, cover, cover + 2 pages, cover
    assert len(reader.pages) == pack.pages == pages[awaited.pk][1]
    assert pages[first.pk][1] - pages[first.pk][0] == 3  # cover sheet and three pages
    assert pages[word.pk][0] == pages[word.pk][1] == pages[first.pk][1] + 1  # cover sheet only
    assert pages[second.pk][0] == pages[word.pk][1] + 1
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pack.pages}" in text
    agenda = texts[0]
    assert f"{pages[first.pk][0]}–{pages[first.pk][1]}" in agenda
    assert "paper is a DOCX file" in agenda
    assert "not a PDF, so not in this pack" in texts[pages[word.pk][0] - 1]
    # A long address may wrap onto the next line of the cover sheet.
    assert word.get_absolute_url() in texts[pages[word.pk][0] - 1].replace("\n", "")
    assert "Not received yet" in texts[pages[awaited.pk][0] - 1]
    outline = [item.title if not isinstance(item, list) else [i.title for i in item] for item in reader.outline]
    assert outline[0] == "Agenda"
    assert "Item 1: Neglect data" in outline
    assert ["Cover sheet", "The paper"] in outline


def test_circulating_keeps_the_pack_pages_the_portal_shows(meeting, business, agency_lead, client_for):
    paper = _paper(meeting, business, agency_lead, "Neglect data", real_pdf(2))
    client = client_for(business)
    confirm = client.get(reverse("subgroups:pack-circulate", args=[meeting.pk]))
    assert confirm.status_code == 200 and "Circulate the pack" in confirm.content.decode()
    assert client.post(reverse("subgroups:pack-circulate", args=[meeting.pk])).status_code == 302
    paper.refresh_from_db()
    assert (paper.pack_first_page, paper.pack_last_page) == (2, 4)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Pack page 2–4" in page


def test_a_paper_after_circulation_makes_a_supplementary_pack_and_tells_the_members(
    meeting, business, agency_lead, member, django_capture_on_commit_callbacks
):
    _paper(meeting, business, agency_lead, "On time", real_pdf(1))
    pack = build_pack(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.pack_circulate(acting_user=business, meeting=meeting, pdf=pack.pdf, page_numbers=pack.page_numbers())
    late = _paper(meeting, business, agency_lead, "After the pack")
    with django_capture_on_commit_callbacks(execute=True):
        services.paper_upload(acting_user=agency_lead, paper=late, upload=real_pdf(2))
    [document] = Document.objects.filter(title__startswith="Supplementary pack")
    assert document.title == "Supplementary pack 1: After the pack"
    reader = PdfReader(document.file.open("rb"))
    assert len(reader.pages) == 4  # its agenda, the cover sheet and the paper's two pages
    assert "Supplementary papers" in reader.pages[0].extract_text()
    message = member.notifications.get(title__startswith="Supplementary paper")
    assert message.subject == meeting


def test_moving_a_meeting_after_the_pack_went_out(meeting, business, agency_lead, member, chair):
    paper = _paper(meeting, business, agency_lead, "Neglect data")
    pack = build_pack(meeting)
    services.pack_circulate(acting_user=business, meeting=meeting, pdf=pack.pdf, page_numbers=pack.page_numbers())
    assert meeting.sequence == 0
    services.meeting_update(acting_user=business, meeting=meeting, date=date(2030, 3, 14))
    meeting.refresh_from_db()
    assert meeting.pack_out_of_date and meeting.sequence == 1
    deadline = Deadline.objects.for_subject(paper).get()
    assert deadline.title == f"Paper for {meeting.group} on 14 March 2030: Neglect data"
    told = member.notifications.get(title__startswith="Meeting moved")
    assert "7 March 2030" in told.body and "14 March 2030" in told.body and told.subject == meeting
    [event] = [e for e in meeting_events(member) if e.uid.startswith(f"meeting-{meeting.pk}@")]
    assert event.sequence == 1 and "SEQUENCE:1" in ics.build([event], name="x")
    # Circulating again brings the pack up to date.
    services.pack_circulate(acting_user=business, meeting=meeting, pdf=b"%PDF-1.4 new")
    meeting.refresh_from_db()
    assert not meeting.pack_out_of_date


# Before and after the meeting ---------------------------------------------------------------------


def test_attendance_and_minutes_wait_for_the_meeting(meeting, business, client_for):
    item = services.agenda_item_add(acting_user=business, meeting=meeting, title="Spotlight", kind="assurance")
    with pytest.raises(DomainError, match="on or after the day"):
        services.attendance_save(acting_user=business, meeting=meeting, rows=[])
    with pytest.raises(DomainError, match="on or after the day"):
        services.minutes_save(acting_user=business, item=item, minutes="Too soon")
    with pytest.raises(DomainError, match="on or after the day"):
        services.entry_add(acting_user=business, meeting=meeting, item=item, kind="decision", text="Too soon")
    client = client_for(business)
    page = client.get(reverse("subgroups:attendance", args=[meeting.pk])).content.decode()
    assert "Record who attended on or after the day" in page and "Save attendance" not in page
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("subgroups:attendance", args=[meeting.pk]) not in detail


@time_machine.travel(MEETING_DAY)
def test_the_live_quoracy_check_answers_with_a_fragment_even_for_bad_input(meeting, subgroup, business, client_for):
    person, _ = subgroup.partner_members["police"]
    response = client_for(business).post(
        reverse("subgroups:attendance", args=[meeting.pk]),
        {f"status_{person.pk}": "not-a-status"},
        headers={"X-Quoracy-Check": "1"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content and "<form" not in content
    assert "need correcting" in content


@time_machine.travel(MEETING_DAY)
def test_approving_the_minutes_puts_the_agreed_actions_on_their_owners_work(
    meeting, subgroup, business, chair, member, client_for
):
    services.attendance_save(acting_user=business, meeting=meeting, rows=[])
    log = plan_services.plan_create(
        acting_user=business,
        title=f"Action log: {meeting}",
        owning_group=subgroup,
        kind=ActionPlan.Kind.ACTION_LOG,
        source=meeting,
    )
    action = plan_services.action_add(
        acting_user=business, plan=log, description="Send the protocol round", owner=member, due_date=date(2030, 4, 1)
    )
    services.minutes_circulate(acting_user=business, meeting=meeting)
    minutes = client_for(member).get(reverse("subgroups:minutes-pdf", args=[meeting.pk]))
    assert minutes.status_code == 200
    assert "Send the protocol round" in PdfReader(io.BytesIO(minutes.content)).pages[0].extract_text()
    later = services.meeting_create(
        acting_user=business, group=subgroup, date=date(2030, 5, 9), start_time=time(10), location="Room"
    )
    assert mywork_reads.my_actions(member, MEETING_DAY.date()) == []
    services.minutes_approve(acting_user=chair, meeting=meeting, at_meeting=later)
    log.refresh_from_db()
    assert log.status == ActionPlan.Status.IN_PROGRESS and log.approved_by == chair
    assert [a.pk for a in mywork_reads.my_actions(member, MEETING_DAY.date())] == [action.pk]
    assert Deadline.objects.for_subject(action).get().due_date == date(2030, 4, 1)
    assert member.notifications.filter(title__startswith="Action for you").exists()


# Papers presented before ------------------------------------------------------------------------------


def test_a_paper_can_be_flagged_by_hand_and_same_titles_are_suggested(
    subgroup, meeting, business, agency_lead, client_for
):
    earlier = services.meeting_create(
        acting_user=business, group=subgroup, date=date(2030, 1, 10), start_time=time(10), location="Room"
    )
    _paper(earlier, business, agency_lead, "Neglect data", real_pdf(1))
    paper = _paper(meeting, business, agency_lead, "neglect  data")
    assert [p.item.meeting for p in papers_with_same_title(paper)] == [earlier]
    client = client_for(business)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "It is the same paper" in page
    response = client.post(reverse("subgroups:paper-flag-reuse", args=[paper.pk]), {"presented_at": earlier.pk})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.previously_presented_at == earlier
    assert papers_with_same_title(paper) == []
    client.post(reverse("subgroups:paper-flag-reuse", args=[paper.pk]), {"presented_at": ""})
    paper.refresh_from_db()
    assert paper.previously_presented_at is None


def test_removing_an_agenda_item_is_confirmed_first(meeting, business, agency_lead, client_for):
    paper = _paper(meeting, business, agency_lead, "Neglect data")
    url = reverse("subgroups:item-remove", args=[meeting.pk, paper.item_id])
    client = client_for(business)
    page = client.get(url).content.decode()
    assert "Remove the item" in page and "Neglect data" in page
    assert meeting.items.exists()
    assert client.post(url).status_code == 302
    assert not meeting.items.exists()
    assert Deadline.objects.for_subject(paper).get().status == Deadline.Status.CANCELLED


# Actions evidenced -> the chair --------------------------------------------------------------------


@pytest.fixture
def live_plan(subgroup, business, chair, member):
    plan = plan_services.plan_create(acting_user=business, title="Improve supervision", owning_group=subgroup)
    plan_services.action_add(
        acting_user=business, plan=plan, description="Revise the policy", owner=member, due_date=date(2030, 5, 1)
    )
    plan_services.plan_submit(acting_user=business, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)
    return plan


def test_an_action_completed_with_evidence_reaches_the_chair(live_plan, chair, member, client_for):
    action = live_plan.actions.get()
    client = client_for(member)
    response = client.post(
        action.get_absolute_url(),
        {"text": "Policy revised and issued", "status": "complete", "evidence": real_pdf(1, "policy.pdf")},
    )
    assert response.status_code == 302
    message = chair.notifications.get(title__startswith="Action completed, for your sign-off")
    assert message.subject == action and "Policy revised and issued" in message.body
    assert "evidence file is attached" in message.body
    [waiting] = mywork_reads.actions_awaiting_sign_off(chair)
    assert waiting == action and waiting.completing_update.author == member
    home = client_for(chair).get(reverse("core:home")).content.decode()
    assert "1</span> action awaiting your sign-off" in home and action.get_absolute_url() in home
    action_page = client_for(chair).get(action.get_absolute_url()).content.decode()
    assert "Action completed, for your sign-off" in action_page  # what was sent, on the record
    action.refresh_from_db()
    plan_services.action_sign_off(acting_user=chair, action=action, impact_statement="Audits show it is used")
    assert mywork_reads.actions_awaiting_sign_off(chair) == []


def test_the_plans_sign_off_on_impact_has_its_own_deadline(live_plan, business, chair, member):
    action = live_plan.actions.get()
    plan_services.action_update(acting_user=member, action=action, text="Done", status=Action.Status.COMPLETE)
    plan_services.plan_complete(acting_user=business, plan=live_plan)
    deadline = Deadline.objects.for_subject(live_plan).get(rule__key="plan_sign_off")
    assert deadline.status == Deadline.Status.OPEN and list(deadline.responsible_users.all()) == [chair]
    assert mywork_reads.plans_awaiting_sign_off(chair) == [live_plan]
    plan_services.plan_sign_off(acting_user=chair, plan=live_plan, impact_statement="Fewer repeat referrals")
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET
    assert mywork_reads.plans_awaiting_sign_off(chair) == []
