"""Permission-scoped reads for the challenge log. Lists run a fixed number of queries whatever
their size: related rows come by select_related."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from partnership.models import Organisation, User
from subgroups import permissions as group_permissions
from subgroups.models import Meeting, MinuteEntry, PartnershipGroup

from .. import permissions
from ..models import Challenge, Escalation, ScrutinyActivity, Spotlight
from .people import group_chairs, organisation_leads

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LIST_RELATED = ("raised_by", "directed_to_organisation", "directed_to_group", "meeting__group")
# Fetched beside rather than joined: PostgreSQL takes 10 ms to plan the eight-table join it
# would otherwise be (a query each is well under one), and few challenges have either.
LIST_PREFETCHED = ("activity", "spotlight")


def challenge_list_for_user(
    user: User, *, status: str = "", overdue: bool = False, today: date | None = None
) -> QuerySet[Challenge]:
    """The challenges the person may see, newest first, each with `meeting_visible`: whether
    they may see the meeting it was raised at (worked out in the same query)."""
    meeting = group_permissions.meetings_visible_to(user).filter(pk=OuterRef("meeting_id"))
    challenges = permissions.challenges_visible_to(user).annotate(meeting_visible=Exists(meeting))
    if status in Challenge.Status.values:
        challenges = challenges.filter(status=status)
    if overdue and today is not None:
        challenges = challenges.filter(status=Challenge.Status.OPEN, response_due__lt=today)
    return challenges.select_related(*LIST_RELATED).prefetch_related(*LIST_PREFETCHED).order_by("-raised_on", "-pk")


class StatusShown(TypedDict):
    status_label: str
    status_colour: str


def with_status(challenges: Iterable[Challenge], today: date) -> list[WithAnnotations[Challenge, StatusShown]]:
    rows = cast("list[WithAnnotations[Challenge, StatusShown]]", list(challenges))
    for challenge in rows:
        challenge.status_label, challenge.status_colour = challenge.display_status(today)
    return rows


def challenge_get_for_user(user: User, pk: int) -> Challenge:
    challenge = (
        permissions.challenges_visible_to(user)
        .select_related(*LIST_RELATED)
        .prefetch_related(*LIST_PREFETCHED, "minute_entry", "responded_by", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if challenge is None:
        raise Http404("No such challenge")
    return challenge


def logged_entry_ids() -> QuerySet[Challenge, Mapping[str, object]]:
    return Challenge.objects.filter(minute_entry__isnull=False).values("minute_entry_id")


def minuted_challenges_for_user(user: User, *, meeting: Meeting | None = None) -> QuerySet[MinuteEntry]:
    """Challenges the minutes record that are not in the log yet, from meetings the person may see."""
    entries = MinuteEntry.objects.filter(
        kind=MinuteEntry.Kind.CHALLENGE, meeting__in=group_permissions.meetings_visible_to(user)
    ).exclude(pk__in=logged_entry_ids())
    if meeting is not None:
        entries = entries.filter(meeting=meeting)
    return entries.select_related("meeting__group", "item", "raised_by").order_by("-meeting__date", "pk")


def meeting_for_challenges(user: User, pk: int) -> Meeting:
    meeting = group_permissions.meetings_visible_to(user).select_related("group").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def recent_meetings(user: User, today: date, limit: int = 8) -> list[Meeting]:
    """Meetings of the past three months and the next fortnight, to raise or log challenges in."""
    return list(
        group_permissions.meetings_visible_to(user)
        .filter(date__range=(today - timedelta(days=92), today + timedelta(days=14)))
        .select_related("group")
        .order_by("-date", "group__name")[:limit]
    )


def meeting_challenges(user: User, meeting: Meeting) -> QuerySet[Challenge]:
    return challenge_list_for_user(user).filter(meeting=meeting)


def challenges_awaiting_response_from(user: User) -> list[Challenge]:
    """For My work: open challenges put to an organisation the person leads or a group they chair."""
    led = permissions.led_organisation_ids(user)
    chaired = group_permissions.chaired_group_ids(user)
    if not led and not chaired:
        return []
    return list(
        Challenge.objects.filter(status=Challenge.Status.OPEN)
        .filter(Q(directed_to_organisation_id__in=led) | Q(directed_to_group_id__in=chaired))
        .select_related("directed_to_organisation", "directed_to_group")
        .order_by("response_due", "pk")[:10]
    )


def challenges_to_close(user: User) -> list[Challenge]:
    """For My work: answered challenges the person raised, waiting for their verdict."""
    return list(
        Challenge.objects.filter(status=Challenge.Status.ANSWERED, raised_by=user)
        .select_related("directed_to_organisation", "directed_to_group")
        .order_by("responded_at")[:10]
    )


def minuted_challenge_get_for_user(user: User, pk: int) -> MinuteEntry:
    """A challenge recorded in the minutes of a meeting the person may see (404 otherwise)."""
    entry = (
        MinuteEntry.objects.filter(
            pk=pk, kind=MinuteEntry.Kind.CHALLENGE, meeting__in=group_permissions.meetings_visible_to(user)
        )
        .select_related("meeting__group", "raised_by")
        .first()
    )
    if entry is None:
        raise Http404("No such challenge in the minutes")
    return entry


def spotlight_for_challenge(user: User, pk: int) -> Spotlight:
    spotlight = permissions.spotlights_visible_to(user).filter(pk=pk).first()
    if spotlight is None:
        raise Http404("No such spotlight")
    return spotlight


def activity_for_challenge(user: User, pk: int) -> ScrutinyActivity:
    activity = ScrutinyActivity.objects.filter(pk=pk).first()
    if activity is None or not permissions.can_view_scrutiny(user):
        raise Http404("No such activity")
    return activity


def directed_to_named(name: str) -> tuple[int | None, int | None]:
    """The minutes say who a challenge was asked of in words: the (organisation, group) of that
    name, the organisation first."""
    organisation = Organisation.objects.filter(name__iexact=name, is_active=True).values_list("pk", flat=True).first()
    if organisation:
        return organisation, None
    return organisation, PartnershipGroup.objects.filter(name__iexact=name).values_list("pk", flat=True).first()


def escalation_of(user: User, challenge: Challenge) -> Escalation | None:
    return permissions.escalations_visible_to(user).filter(challenge=challenge).first()


def respondents(challenge: Challenge) -> list[User]:
    """Who answers: the organisation's leads, or the group's chair and vice-chair."""
    if challenge.directed_to_organisation_id:
        return organisation_leads(challenge.directed_to_organisation)
    return group_chairs(challenge.directed_to_group)
