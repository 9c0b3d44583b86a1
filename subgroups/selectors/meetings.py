"""Reads about a meeting: quoracy, papers presented before, who receives the pack."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from core.models import Document

from .. import permissions, quoracy
from ..models import AgendaItem, Attendance, Meeting, Membership, MinuteEntry, Paper


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
            membership = members.get(row.deputy_for_id)
            named = membership is not None and membership.deputy_id == row.person_id and row.person_id is not None
            organisation = membership.organisation if membership else None
            attendees.append(quoracy.Attendee(row.status, named, _partner_kind(organisation)))
        else:
            membership = members.get(row.person_id)
            is_member = row.person_id is not None and (membership is not None or row.person_id in chairs)
            organisation = membership.organisation if membership else row.organisation
            attendees.append(quoracy.Attendee(row.status, is_member, _partner_kind(organisation)))
    return quoracy.verdict(group.quoracy_rule, attendees, minimum=group.quorum_minimum)


def _partner_kind(organisation) -> str | None:
    while organisation is not None:
        if organisation.is_safeguarding_partner:
            return organisation.kind
        organisation = organisation.parent
    return None


def documents_of_kind(meeting: Meeting, prefix: str) -> int:
    return Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(Meeting), subject_id=meeting.pk, title__startswith=prefix
    ).count()


def pack_recipients(meeting: Meeting) -> list:
    return list(dict.fromkeys(members_and_deputies(meeting)))


def members_and_deputies(meeting: Meeting) -> list:
    people = []
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


def meeting_is_visible_to(user, meeting_id: int) -> bool:
    return permissions.meetings_visible_to(user).filter(pk=meeting_id).exists()
