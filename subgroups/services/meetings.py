"""Meetings: agendas, papers, attendance and quoracy, minutes, decisions and the pack."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core import documents, kept, notifications
from core.models import Deadline
from core.services import DomainError, note_history, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import User

from .. import permissions, quoracy
from ..models import AgendaItem, Attendance, ForwardPlanItem, Meeting, MinuteEntry, Paper, PartnershipGroup
from ..selectors.groups import chairs_of
from ..selectors.meetings import documents_of_kind, members_and_deputies, papers_with_same_title, quoracy_verdict

MEETING_PACK = notifications.register_kind(
    notifications.Kind("meeting_pack", "Meeting packs and minutes", "When a meeting’s papers or minutes are circulated")
)
PAPER_REQUEST = notifications.register_kind(
    notifications.Kind("paper_request", "Papers you owe", "When you are asked to write a paper for a meeting")
)


def _require_manager(user: User, group: PartnershipGroup) -> None:
    refuse_unless(permissions.can_manage_meetings(user, group))


@transaction.atomic
def meeting_create(
    *,
    acting_user: User,
    group: PartnershipGroup,
    date: date,
    start_time: time,
    end_time: time | None = None,
    location: str = "",
    online_link: str = "",
    forward_items: Iterable[ForwardPlanItem] = (),
) -> Meeting:
    """Plan a meeting; items chosen from the group's forward plan go on its agenda (and are
    planned for it) in the order they were planned."""
    _require_manager(acting_user, group)
    if group.status != PartnershipGroup.Status.ACTIVE:
        raise DomainError(f"{group} is closed: it cannot hold meetings")
    meeting = Meeting(
        group=group, date=date, start_time=start_time, end_time=end_time, location=location, online_link=online_link
    )
    save_with_history(meeting, acting_user=acting_user, reason="Planned")
    for planned in sorted(forward_items, key=lambda i: (i.planned_month or date, i.pk)):
        agenda_item_add(
            acting_user=acting_user,
            meeting=meeting,
            forward_plan_item=planned,
            title=planned.title,
            kind=FORWARD_KINDS.get(planned.kind, AgendaItem.Kind.DISCUSSION),
            presenter=planned.lead,
        )
    return meeting


# What a forward plan item is, as an agenda item.
FORWARD_KINDS = {
    "spotlight": AgendaItem.Kind.ASSURANCE,
    "assurance": AgendaItem.Kind.ASSURANCE,
    "audit_report": AgendaItem.Kind.ASSURANCE,
    "annual_report": AgendaItem.Kind.DECISION,
    "other": AgendaItem.Kind.DISCUSSION,
}


MOVING_FIELDS = ("date", "start_time", "end_time", "location", "online_link")


@transaction.atomic
def meeting_update(*, acting_user: User, meeting: Meeting, **fields: Any) -> Meeting:
    """Change when or where the meeting is. Calendars get the change (the event's SEQUENCE
    goes up); papers' deadlines move with the date and are re-titled; once the pack has gone
    out, it is marked out of date and the members are told."""
    _require_manager(acting_user, meeting.group)
    before = {name: getattr(meeting, name) for name in MOVING_FIELDS}
    old_date = meeting.date
    for name in MOVING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    changed = [name for name in MOVING_FIELDS if getattr(meeting, name) != before[name]]
    if changed:
        meeting.sequence += 1
    moved_after_pack = bool(changed) and meeting.pack_circulated_at is not None and "date" in changed
    if moved_after_pack:
        meeting.pack_out_of_date = True
    save_with_history(
        meeting,
        acting_user=acting_user,
        reason="Details changed" + (f": moved from {old_date:%-d %B %Y}" if "date" in changed else ""),
    )
    if "date" in changed:
        _move_paper_deadlines(meeting, acting_user)
    if changed and meeting.pack_circulated_at is not None:
        what = (
            f"moved from {old_date:%A %-d %B %Y} to {meeting.date:%A %-d %B %Y} at {meeting.start_time:%H:%M}"
            if "date" in changed
            else f"changed: it is on {meeting.date:%A %-d %B %Y} at {meeting.start_time:%H:%M}"
        )
        notifications.notify(
            members_and_deputies(meeting),
            kind=MEETING_PACK.key,
            title=f"Meeting {what.split(':')[0]}: {meeting.group}",
            body=f"The meeting has {what}, {meeting.location or 'online'}."
            + (" The agenda pack will be circulated again." if moved_after_pack else ""),
            url=meeting.get_absolute_url(),
            subject=meeting,
        )
    return meeting


def _move_paper_deadlines(meeting: Meeting, acting_user: User) -> None:
    """Papers are due a set number of working days before the meeting: their deadlines move
    with it, and their titles (which name the meeting's date) say the new date."""
    new_due = clock.rule_for("meeting_paper").due_date(meeting.date)
    for paper in Paper.objects.filter(item__meeting=meeting):
        deadline = Deadline.objects.latest_for(paper)
        if deadline is None or deadline.status == Deadline.Status.CANCELLED:
            continue
        title = _paper_deadline_title(meeting, paper.title)
        if deadline.is_live and new_due != deadline.due_date and paper.submitted_at is None:
            clock.deadline_move(
                deadline=deadline, due_date=new_due, acting_user=acting_user, reason="The meeting moved"
            )
        if deadline.title != title:
            Deadline.objects.filter(pk=deadline.pk).update(title=title)
            kept.changed(Deadline)


def _paper_deadline_title(meeting: Meeting, title: str) -> str:
    return f"Paper for {meeting.group} on {meeting.date:%-d %B %Y}: {title}"


# Agenda --------------------------------------------------------------------------------------

ITEM_FIELDS = ("title", "kind", "presenter", "presenter_name", "minutes_allocated", "priority")


@transaction.atomic
def agenda_item_add(
    *, acting_user: User, meeting: Meeting, forward_plan_item: ForwardPlanItem | None = None, **fields: Any
) -> AgendaItem:
    _require_manager(acting_user, meeting.group)
    last = meeting.items.order_by("-position").first()
    item = AgendaItem(meeting=meeting, position=(last.position + 1) if last else 1)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    if forward_plan_item is not None:
        if forward_plan_item.group_id != meeting.group_id:
            raise DomainError("That forward plan item belongs to another group")
        if forward_plan_item.is_on_an_agenda:
            raise DomainError("That forward plan item is already on an agenda")
        item.forward_plan_item = forward_plan_item
        item.title = item.title or forward_plan_item.title
    save_with_history(item, acting_user=acting_user, reason="Added to the agenda")
    if forward_plan_item is not None and forward_plan_item.planned_meeting_id != meeting.pk:
        forward_plan_item.planned_meeting = meeting
        save_with_history(forward_plan_item, acting_user=acting_user, reason="Put on the agenda", clean=False)
    return item


@transaction.atomic
def agenda_item_update(*, acting_user: User, item: AgendaItem, **fields: Any) -> AgendaItem:
    _require_manager(acting_user, item.meeting.group)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    return save_with_history(item, acting_user=acting_user, reason="Changed")


@transaction.atomic
def agenda_item_move(*, acting_user: User, item: AgendaItem, direction: str) -> None:
    _require_manager(acting_user, item.meeting.group)
    items = list(item.meeting.items.order_by("position", "pk"))
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            row.position = position
            save_with_history(row, acting_user=acting_user, reason="Reordered", clean=False)


@transaction.atomic
def agenda_item_set_summary(*, acting_user: User, item: AgendaItem, in_summary: bool) -> AgendaItem:
    """Move a for-information item into the business manager's summary, or back."""
    _require_manager(acting_user, item.meeting.group)
    if in_summary and item.kind != AgendaItem.Kind.INFORMATION:
        raise DomainError("Only items for information can go into the business manager’s summary")
    item.in_business_summary = in_summary
    reason = "Moved to the business manager’s summary" if in_summary else "Moved back onto the agenda"
    return save_with_history(item, acting_user=acting_user, reason=reason)


@transaction.atomic
def agenda_item_remove(*, acting_user: User, item: AgendaItem) -> None:
    _require_manager(acting_user, item.meeting.group)
    if item.papers.filter(document__isnull=False).exists():
        raise DomainError("This item has papers uploaded: remove it only after moving or withdrawing them")
    for paper in item.papers.all():
        deadline = Deadline.objects.latest_for(paper)
        if deadline and deadline.is_live:
            clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="Agenda item removed")
    note_history(item, acting_user=acting_user, reason="Removed from the agenda")
    item.delete()


# Papers ----------------------------------------------------------------------------------------


@transaction.atomic
def paper_add(*, acting_user: User, item: AgendaItem, title: str, owner: User, summary: str = "") -> Paper:
    """Ask `owner` for a paper; it is due by the paper deadline before the meeting."""
    _require_manager(acting_user, item.meeting.group)
    paper = save_with_history(
        Paper(item=item, title=title, owner=owner, summary=summary), acting_user=acting_user, reason="Requested"
    )
    meeting = item.meeting
    deadline = clock.deadline_create(
        subject=paper,
        rule_key="meeting_paper",
        start=meeting.date,
        title=_paper_deadline_title(meeting, title),
        responsible_users=[owner],
        escalation_users=chairs_of(meeting.group),
        acting_user=acting_user,
        reason="Paper requested",
    )
    notifications.notify(
        [owner],
        kind=PAPER_REQUEST.key,
        title=f"Paper requested for {meeting.group} on {meeting.date:%-d %B %Y}: {title}",
        body=f"Please upload it in the portal by {deadline.due_date:%A %-d %B %Y}.",
        url=paper.get_absolute_url(),
        subject=paper,
    )
    return paper


@dataclass
class UploadResult:
    paper: Paper
    reused_from: Meeting | None
    same_title: list[Paper] = field(default_factory=list)


@transaction.atomic
def paper_upload(*, acting_user: User, paper: Paper, upload: UploadedFile, summary: str | None = None) -> UploadResult:
    refuse_unless(permissions.can_upload_paper(acting_user, paper))
    meeting = paper.item.meeting
    if meeting.status in (Meeting.Status.MINUTES_DRAFT, Meeting.Status.MINUTES_APPROVED):
        raise DomainError("The meeting has been held: papers can no longer change")
    document = documents.store(
        upload=upload, subject=paper, uploaded_by=acting_user, title=paper.title, previous=paper.document
    )
    earlier = (
        Paper.objects.filter(document__sha256=document.sha256)
        .exclude(item__meeting=meeting)
        .select_related("item__meeting__group")
        .order_by("item__meeting__date")
        .first()
    )
    paper.document = document
    paper.submitted_at = timezone.now()
    deadline = Deadline.objects.latest_for(paper)
    paper.is_late = bool(deadline and timezone.localdate() > deadline.due_date)
    paper.previously_presented_at = earlier.item.meeting if earlier else None
    if summary is not None:
        paper.summary = summary
    reason = "Uploaded late" if paper.is_late else "Uploaded"
    if earlier:
        reason += f"; the same file was presented at {earlier.item.meeting}"
    save_with_history(paper, acting_user=acting_user, reason=reason)
    if deadline and deadline.is_live:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Paper uploaded")
    if meeting.pack_circulated_at is not None:
        # After circulation: the members get it as a supplementary pack, not by surprise.
        transaction.on_commit(partial(supplementary_pack_send, meeting.pk, paper.pk, acting_user.pk))
    return UploadResult(
        paper=paper, reused_from=paper.previously_presented_at, same_title=papers_with_same_title(paper)
    )


@transaction.atomic
def paper_flag_reuse(*, acting_user: User, paper: Paper, presented_at: Meeting | None) -> Paper:
    """Say by hand that this paper was presented before (or, with None, that it was not)."""
    _require_manager(acting_user, paper.item.meeting.group)
    if presented_at is not None and presented_at.pk == paper.item.meeting_id:
        raise DomainError("Choose an earlier meeting, not the one the paper is for")
    if presented_at is not None and presented_at.date > paper.item.meeting.date:
        raise DomainError("Choose a meeting before this one")
    paper.previously_presented_at = presented_at
    reason = f"Flagged as presented at {presented_at}" if presented_at else "Flag of earlier presentation removed"
    return save_with_history(paper, acting_user=acting_user, reason=reason)


# Attendance and quoracy -------------------------------------------------------------------------


@transaction.atomic
def attendance_save(*, acting_user: User, meeting: Meeting, rows: list[dict[str, Any]]) -> quoracy.Verdict:
    """Replace the meeting's attendance with `rows` and record the quoracy verdict. Decisions
    of a meeting that is not quorate are flagged for ratification."""
    _require_manager(acting_user, meeting.group)
    _require_happened(meeting, "attendance")
    meeting.attendance.all().delete()
    saved = []
    for row in rows:
        attendance = Attendance(meeting=meeting, **row)
        if attendance.person is not None and not attendance.organisation_id:
            attendance.organisation = attendance.person.organisation
        saved.append(save_with_history(attendance, acting_user=acting_user, reason="Recorded"))
    verdict = quoracy_verdict(meeting, saved)
    meeting.is_quorate = verdict.quorate
    meeting.quoracy_explanation = verdict.explanation
    if (
        meeting.status in (Meeting.Status.PLANNED, Meeting.Status.PAPERS_CIRCULATED)
        and meeting.date <= timezone.localdate()
    ):
        meeting.status = Meeting.Status.HELD
    save_with_history(meeting, acting_user=acting_user, reason="Attendance recorded", clean=False)
    meeting.entries.filter(kind=MinuteEntry.Kind.DECISION, ratified_at__isnull=True).update(
        needs_ratification=not verdict.quorate
    )
    kept.changed(MinuteEntry)
    return verdict


# Minutes and decisions ---------------------------------------------------------------------------


def _require_happened(meeting: Meeting, what: str) -> None:
    if not meeting.has_happened:
        raise DomainError(
            f"The meeting is on {meeting.date:%-d %B %Y}: record its {what} on or after the day it happens"
        )


def _require_minutes_editable(meeting: Meeting) -> None:
    _require_happened(meeting, "minutes and decisions")
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise DomainError("The minutes are approved: they can no longer change")


@transaction.atomic
def minutes_save(*, acting_user: User, item: AgendaItem, minutes: str) -> AgendaItem:
    _require_manager(acting_user, item.meeting.group)
    _require_minutes_editable(item.meeting)
    item.minutes = minutes
    return save_with_history(item, acting_user=acting_user, reason="Minutes written")


@transaction.atomic
def entry_add(
    *,
    acting_user: User,
    meeting: Meeting,
    item: AgendaItem | None,
    kind: str,
    text: str,
    raised_by: User | None = None,
    directed_to: str = "",
) -> MinuteEntry:
    _require_manager(acting_user, meeting.group)
    _require_minutes_editable(meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError("That agenda item belongs to another meeting")
    entry = MinuteEntry(
        meeting=meeting,
        item=item,
        kind=kind,
        text=text,
        raised_by=raised_by,
        directed_to=directed_to,
        needs_ratification=kind == MinuteEntry.Kind.DECISION and meeting.is_quorate is False,
    )
    return save_with_history(entry, acting_user=acting_user, reason="Recorded")


@transaction.atomic
def minutes_circulate(*, acting_user: User, meeting: Meeting) -> Meeting:
    _require_manager(acting_user, meeting.group)
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFT):
        raise DomainError("Record the attendance first: minutes are circulated after the meeting is held")
    meeting.status = Meeting.Status.MINUTES_DRAFT
    meeting.minutes_circulated_at = timezone.now()
    save_with_history(meeting, acting_user=acting_user, reason="Draft minutes circulated", clean=False)
    notifications.notify(
        members_and_deputies(meeting),
        kind=MEETING_PACK.key,
        title=f"Draft minutes: {meeting}",
        body="Read them in the portal before the next meeting, where they will be approved.",
        url=meeting.get_absolute_url(),
        subject=meeting,
    )
    return meeting


@transaction.atomic
def minutes_approve(*, acting_user: User, meeting: Meeting, at_meeting: Meeting, amendments: str = "") -> Meeting:
    """Approved at a later meeting of the same group, with any amendments recorded."""
    refuse_unless(permissions.can_manage_meetings(acting_user, meeting.group))
    if meeting.status != Meeting.Status.MINUTES_DRAFT:
        raise DomainError("Only draft minutes that have been circulated can be approved")
    if at_meeting.group_id != meeting.group_id or at_meeting.date <= meeting.date:
        raise DomainError("Minutes are approved at a later meeting of the same group")
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = at_meeting
    meeting.minutes_amendments = amendments
    save_with_history(
        meeting,
        acting_user=acting_user,
        clean=False,
        reason=f"Minutes approved at {at_meeting}" + (" with amendments" if amendments else ""),
    )
    # The actions the meeting agreed are agreed by approving its minutes: they go to their
    # owners now, without a separate approval of the action log.
    from ..selectors.meetings import meeting_action_log
    from .plans import action_log_agree

    action_log = meeting_action_log(meeting)
    if action_log is not None:
        action_log_agree(acting_user=acting_user, plan=action_log, reason=f"Minutes approved at {at_meeting}")
    return meeting


@transaction.atomic
def decision_ratify(*, acting_user: User, entry: MinuteEntry, at_meeting: Meeting) -> MinuteEntry:
    refuse_unless(permissions.can_manage_meetings(acting_user, entry.meeting.group))
    if not entry.needs_ratification or entry.ratified_at_id:
        raise DomainError("This decision does not need ratifying")
    if not at_meeting.is_quorate:
        raise DomainError("Decisions can only be ratified at a quorate meeting")
    if at_meeting.group_id != entry.meeting.group_id or at_meeting.date <= entry.meeting.date:
        raise DomainError("Decisions are ratified at a later meeting of the same group")
    entry.ratified_at = at_meeting
    return save_with_history(entry, acting_user=acting_user, reason=f"Ratified at {at_meeting}")


# The agenda pack --------------------------------------------------------------------------------


@transaction.atomic
def pack_circulate(
    *, acting_user: User, meeting: Meeting, pdf: bytes, page_numbers: dict[int, tuple[int, int]] | None = None
) -> Meeting:
    """Store the rendered pack as the meeting's document and tell the members.
    `page_numbers` ({paper id: (first, last)}) are kept on each paper, so the portal's paper
    list names the same pages as the pack."""
    _require_manager(acting_user, meeting.group)
    from django.core.files.uploadedfile import SimpleUploadedFile

    for paper in Paper.objects.filter(item__meeting=meeting):
        first, last = (page_numbers or {}).get(paper.pk, (None, None))
        if (paper.pack_first_page, paper.pack_last_page) != (first, last):
            Paper.objects.filter(pk=paper.pk).update(pack_first_page=first, pack_last_page=last)
            kept.changed(Paper)
    meeting.pack_out_of_date = False
    upload = SimpleUploadedFile(f"agenda-pack-{meeting.date:%Y-%m-%d}.pdf", pdf, content_type="application/pdf")
    meeting.pack = documents.store(
        upload=upload, subject=meeting, uploaded_by=acting_user, title=f"Agenda pack: {meeting}", previous=meeting.pack
    )
    meeting.pack_circulated_at = timezone.now()
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.PAPERS_CIRCULATED
    save_with_history(meeting, acting_user=acting_user, reason="Agenda pack circulated", clean=False)
    transaction.on_commit(partial(_tell_members_pack_ready, meeting.pk))
    return meeting


def _tell_members_pack_ready(meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("group").get(pk=meeting_id)
    with transaction.atomic():
        notifications.notify(
            members_and_deputies(meeting),
            kind=MEETING_PACK.key,
            title=f"Agenda pack ready: {meeting}",
            body=f"The meeting is on {meeting.date:%A %-d %B %Y} at {meeting.start_time:%H:%M}.",
            url=meeting.get_absolute_url(),
            subject=meeting,
        )


def supplementary_pack_send(meeting_id: int, paper_id: int, user_id: int) -> None:
    """A paper uploaded after the pack went out: a supplementary pack of it (cover sheet and
    paper), kept with the meeting's documents, and the members told where to find it."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..pack import build_pack

    meeting = Meeting.objects.select_related("group").get(pk=meeting_id)
    paper = Paper.objects.select_related("item", "document").get(pk=paper_id)
    user = get_user_model().objects.get(pk=user_id)
    pack = build_pack(meeting, only_papers=[paper])
    with transaction.atomic():
        count = documents_of_kind(meeting, "Supplementary pack") + 1
        upload = SimpleUploadedFile(
            f"supplementary-pack-{count}-{meeting.date:%Y-%m-%d}.pdf", pack.pdf, content_type="application/pdf"
        )
        document = documents.store(
            upload=upload, subject=meeting, uploaded_by=user, title=f"Supplementary pack {count}: {paper.title}"
        )
        notifications.notify(
            members_and_deputies(meeting),
            kind=MEETING_PACK.key,
            title=f"Supplementary paper for {meeting}: {paper.title}",
            body="It arrived after the agenda pack was circulated. Read it in the portal before the meeting.",
            url=f"{meeting.get_absolute_url()}#supplementary-{document.pk}",
            subject=meeting,
        )
