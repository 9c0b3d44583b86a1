"""Reads about meetings: the list, a meeting, its agenda, papers, attendance and quoracy,
minutes and decisions, and who receives the pack."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from core.models import Deadline, Document
from core.services import refuse_unless
from partnership.models import Organisation, User

from .. import permissions, quoracy
from ..models import (
    ActionPlan,
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    MinuteEntry,
    Paper,
    PartnershipGroup,
)
from .columns import columns_of, names_of


def papers_with_same_title(paper: Paper, limit: int = 3) -> list[Paper]:
    """Earlier papers at other meetings with the same title: likely the same paper again."""
    if paper.previously_presented_at_id:
        return []
    title = " ".join(paper.title.split())
    return list(
        Paper.objects.filter(title__iexact=title, item__meeting__date__lt=paper.item.meeting.date)
        .exclude(item__meeting=paper.item.meeting)
        .select_related("item__meeting__group")
        .order_by("-item__meeting__date")[:limit]
    )


def quoracy_verdict(meeting: Meeting, rows: list[Attendance]) -> quoracy.Verdict:
    """Judge `rows` (saved or not) against the group's rule."""
    group = meeting.group
    members = {
        m.person_id: m
        for m in Membership.objects.filter(group=group, left_on__isnull=True).select_related("organisation__parent")
    }
    chairs = permissions.chaired_ids_for_group(group)
    attendees = []
    for row in rows:
        if row.status == Attendance.Status.DEPUTY:
            membership = members.get(row.deputy_for_id) if row.deputy_for_id is not None else None
            named = membership is not None and membership.deputy_id == row.person_id and row.person_id is not None
            organisation = membership.organisation if membership else None
            attendees.append(quoracy.Attendee(row.status, named, _partner_kind(organisation)))
        else:
            membership = members.get(row.person_id) if row.person_id is not None else None
            is_member = row.person_id is not None and (membership is not None or row.person_id in chairs)
            organisation = membership.organisation if membership else row.organisation
            attendees.append(quoracy.Attendee(row.status, is_member, _partner_kind(organisation)))
    return quoracy.verdict(group.quoracy_rule, attendees, minimum=group.quorum_minimum)


def _partner_kind(organisation: Organisation | None) -> str | None:
    while organisation is not None:
        if organisation.is_safeguarding_partner:
            return organisation.kind
        organisation = organisation.parent
    return None


def documents_of_kind(meeting: Meeting, prefix: str) -> int:
    return Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(Meeting), subject_id=meeting.pk, title__startswith=prefix
    ).count()


def pack_recipients(meeting: Meeting) -> list[User]:
    return list(dict.fromkeys(members_and_deputies(meeting)))


def members_and_deputies(meeting: Meeting) -> list[User]:
    people: list[User] = []
    for membership in meeting.group.memberships.filter(left_on__isnull=True).select_related("person", "deputy"):
        people.append(membership.person)
        if membership.deputy:
            people.append(membership.deputy)
    return people


def agenda_item_of(meeting: Meeting, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting__group").filter(pk=pk, meeting=meeting).first()
    if item is None:
        raise Http404("No such agenda item")
    return item


def minute_entry_of(meeting: Meeting, pk: int) -> MinuteEntry:
    """An entry in the minutes of any of the group's meetings."""
    entry = MinuteEntry.objects.filter(pk=pk, meeting__group=meeting.group).first()
    if entry is None:
        raise Http404("No such entry in the minutes")
    return entry


def meeting_is_visible_to(user: User, meeting_id: int) -> bool:
    return permissions.meetings_visible_to(user).filter(pk=meeting_id).exists()


def meeting_list_for_user(user: User, *, upcoming: bool, group_id: int | None = None) -> QuerySet[Meeting]:
    refuse_unless(permissions.can_view_groups(user))
    meetings = permissions.meetings_visible_to(user).select_related("group")
    if group_id:
        meetings = meetings.filter(group_id=group_id)
    today = timezone.localdate()
    if upcoming:
        return meetings.filter(date__gte=today).order_by("date", "start_time")
    return meetings.filter(date__lt=today).order_by("-date", "-start_time")


def meeting_get_for_user(user: User, pk: int) -> Meeting:
    meeting = (
        permissions.meetings_visible_to(user)
        .select_related("group", "minutes_approved_at")
        # Of the meeting that approved its minutes, only the date it is shown by.
        .only(*columns_of(Meeting), *columns_of(PartnershipGroup, "group"), "minutes_approved_at__date")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda items with their papers (each with the due date of its deadline) and minute
    entries: three queries. People and earlier meetings come with the columns their names are
    shown from, not whole rows; ordered within the one meeting, so without joining it."""
    paper_deadlines = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Paper), object_id=OuterRef("pk")
    ).order_by("-pk")
    papers = (
        Paper.objects.select_related("owner", "document", "previously_presented_at__group")
        .only(
            *columns_of(Paper),
            *names_of("owner"),
            *columns_of(Document, "document"),
            "previously_presented_at__date",
            "previously_presented_at__group",
            "previously_presented_at__group__name",
        )
        .annotate(due_date=Subquery(paper_deadlines.values("due_date")[:1]))
        .order_by("pk")
    )
    entries = (
        MinuteEntry.objects.select_related("raised_by")
        .only(*columns_of(MinuteEntry), *names_of("raised_by"))
        .order_by("pk")
    )
    return list(
        meeting.items.select_related("presenter", "priority")
        .only(*columns_of(AgendaItem), *names_of("presenter"), "priority__title")
        .order_by("position", "pk")
        .prefetch_related(Prefetch("papers", queryset=papers), Prefetch("entries", queryset=entries))
    )


def supplementary_packs(meeting: Meeting) -> list[Document]:
    from core.models import Document

    return list(
        Document.objects.filter(
            subject_type=ContentType.objects.get_for_model(Meeting),
            subject_id=meeting.pk,
            title__startswith="Supplementary pack",
        ).order_by("uploaded_at", "pk")
    )


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    """Who attended, by the columns each is shown by; ordered within the one meeting."""
    return list(
        meeting.attendance.select_related("person", "organisation", "deputy_for", "item")
        .only(*columns_of(Attendance), *names_of("person", "deputy_for"), "organisation__name", "item__title")
        .order_by("status", "person__name", "name")
    )


def meeting_action_log(meeting: Meeting) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(
            kind=ActionPlan.Kind.ACTION_LOG,
            source_type=ContentType.objects.get_for_model(Meeting),
            source_id=meeting.pk,
        )
        .select_related("owning_group")
        .first()
    )


def pending_ratifications(meeting: Meeting) -> list[MinuteEntry]:
    """Decisions of earlier non-quorate meetings of this group still to be ratified."""
    return list(
        MinuteEntry.objects.filter(
            meeting__group=meeting.group,
            meeting__date__lt=meeting.date,
            needs_ratification=True,
            ratified_at__isnull=True,
        )
        .select_related("meeting")
        .only(*columns_of(MinuteEntry), "meeting__date")
    )


def minutes_to_approve(meeting: Meeting) -> list[Meeting]:
    """Earlier meetings of the group whose draft minutes this meeting can approve."""
    return list(
        Meeting.objects.filter(
            group=meeting.group, date__lt=meeting.date, status=Meeting.Status.MINUTES_DRAFT
        ).order_by("date")
    )


def paper_get_for_user(user: User, pk: int) -> Paper:
    paper = (
        permissions.papers_visible_to(user)
        .select_related("item__meeting__group", "owner", "document", "previously_presented_at__group")
        .filter(pk=pk)
        .first()
    )
    if paper is None:
        raise Http404("No such paper")
    return paper


def pack_items(meeting: Meeting) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """The agenda, and the items moved to the business manager's summary."""
    items = meeting_items(meeting)
    return [i for i in items if not i.in_business_summary], [i for i in items if i.in_business_summary]
