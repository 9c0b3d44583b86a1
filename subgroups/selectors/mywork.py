"""What a person has to do in groups, meetings and plans, for "My work"."""

from datetime import date

from django.utils import timezone

from core.models import Deadline
from partnership.models import User

from .. import permissions
from ..models import (
    Action,
    ActionPlan,
    ActionUpdate,
    Meeting,
    Paper,
)


def my_actions(user: User, today: date) -> list[Action]:
    actions = list(
        Action.objects.filter(owner=user, plan__status=ActionPlan.Status.IN_PROGRESS)
        .exclude(status=Action.Status.COMPLETE)
        .select_related("plan__owning_group")
        .order_by("due_date")[:10]
    )
    for action in actions:
        action.status_label, action.status_colour = action.display_status(today)
    return actions


def plans_awaiting_approval(user: User) -> list[ActionPlan]:
    chaired = permissions.chaired_group_ids(user)
    if not chaired:
        return []
    return list(
        ActionPlan.objects.filter(owning_group_id__in=chaired, status=ActionPlan.Status.SUBMITTED)
        .select_related("owning_group")
        .order_by("submitted_at")
    )


def actions_awaiting_sign_off(user: User, limit: int = 10) -> list[Action]:
    """Completed actions in plans of the groups the person chairs, not yet signed off, with
    the update that completed them (who evidenced it and when)."""
    chaired = permissions.chaired_group_ids(user)
    if not chaired:
        return []
    actions = list(
        Action.objects.filter(
            plan__owning_group_id__in=chaired, status=Action.Status.COMPLETE, signed_off_at__isnull=True
        )
        .select_related("plan__owning_group", "owner", "owner_organisation")
        .order_by("completed_at", "pk")[:limit]
    )
    latest: dict[int, ActionUpdate] = {}
    for update in ActionUpdate.objects.filter(
        action_id__in=[a.pk for a in actions], status_after=Action.Status.COMPLETE
    ).select_related("author", "evidence"):
        latest.setdefault(update.action_id, update)
    for action in actions:
        action.completing_update = latest.get(action.pk)
    return actions


def plans_awaiting_sign_off(user: User) -> list[ActionPlan]:
    chaired = permissions.chaired_group_ids(user)
    if not chaired:
        return []
    return list(
        ActionPlan.objects.filter(owning_group_id__in=chaired, status=ActionPlan.Status.COMPLETED)
        .select_related("owning_group")
        .order_by("last_activity_at")[:10]
    )


def papers_owed(user: User) -> list[Paper]:
    papers = list(
        Paper.objects.filter(owner=user, document__isnull=True, item__meeting__date__gte=timezone.localdate())
        .select_related("item__meeting__group")
        .order_by("item__meeting__date")
    )
    due = dict(
        Deadline.objects.filter(
            content_type__app_label="subgroups", content_type__model="paper", object_id__in=[p.pk for p in papers]
        ).values_list("object_id", "due_date")
    )
    for paper in papers:
        # Display only. Not declared on Paper: meeting_items() annotates a due_date of its own.
        paper.due_date = due.get(paper.pk)  # type: ignore[attr-defined]
    return papers


def upcoming_meetings(user: User, limit: int = 5) -> list[Meeting]:
    member_of = permissions.member_group_ids(user)
    if not member_of:
        return []
    return list(
        Meeting.objects.filter(group_id__in=member_of, date__gte=timezone.localdate())
        .select_related("group")
        .order_by("date", "start_time")[:limit]
    )
