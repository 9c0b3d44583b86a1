"""Reads about action plans and their actions: lists, a plan, its actions with their status, and
the quarter's workplan report."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from partnership.models import StrategicPriority, User

from .. import permissions
from ..models import (
    Action,
    ActionPlan,
    ActionUpdate,
    PartnershipGroup,
)
from .columns import columns_of, names_of


def plan_list_for_user(
    user: User, *, group_id: int | None = None, status: str = "", kind: str = "", stuck: bool = False
) -> QuerySet[ActionPlan]:
    plans = permissions.plans_visible_to(user)
    if group_id:
        plans = plans.filter(owning_group_id=group_id)
    if status:
        plans = plans.filter(status=status)
    if kind:
        plans = plans.filter(kind=kind)
    if stuck:
        plans = stuck_plans(plans)
    # Counted by a subquery per plan rather than a join and GROUP BY over every visible plan's
    # actions: PostgreSQL counts the actions of the page's 25 rows only, and the page count
    # leaves the annotations out.
    today = timezone.localdate()
    actions = Action.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    overdue = actions.filter(due_date__lt=today).exclude(status=Action.Status.COMPLETE)
    return (
        plans.select_related("owning_group", "organisation")
        # What the list shows of each plan, its group and its organisation.
        .only("title", "status", "owning_group__name", "organisation__name")
        .annotate(
            action_count=Coalesce(Subquery(actions.annotate(n=Count("pk")).values("n")), 0),
            overdue_count=Coalesce(Subquery(overdue.annotate(n=Count("pk")).values("n")), 0),
        )
        .order_by("-last_activity_at", "-pk")
    )


def stuck_cutoff(weeks: int = 6) -> datetime:
    return timezone.now() - timedelta(weeks=weeks)


def stuck_plans(plans: QuerySet[ActionPlan], weeks: int = 6) -> QuerySet[ActionPlan]:
    """Approved plans with no update for `weeks`, or with an overdue action."""
    today = timezone.localdate()
    overdue = Action.objects.filter(plan=OuterRef("pk"), due_date__lt=today).exclude(status=Action.Status.COMPLETE)
    return plans.filter(status=ActionPlan.Status.IN_PROGRESS).filter(
        Q(last_activity_at__lt=stuck_cutoff(weeks)) | Exists(overdue)
    )


def plan_get_for_user(user: User, pk: int) -> ActionPlan:
    """The plan, with whoever drafted it in full (the services write to them) and its approver
    and signer by name."""
    plan = (
        permissions.plans_visible_to(user)
        .select_related("owning_group", "organisation", "created_by", "approved_by", "signed_off_by")
        .only(
            *columns_of(ActionPlan),
            *columns_of(PartnershipGroup, "owning_group"),
            *columns_of(User, "created_by"),
            "organisation__name",
            *names_of("approved_by", "signed_off_by"),
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("No such action plan")
    return plan


def plan_source(plan: ActionPlan) -> models.Model | None:
    """What the plan answers (another app's record), with the records its name is made of (an
    audit return's organisation and cycle), in one query rather than one for each."""
    if plan.source_type_id is None or plan.source_id is None:
        return None
    model = ContentType.objects.get_for_id(plan.source_type_id).model_class()
    if model is None:
        return None
    # Its own required links only: a bare select_related() follows them to the end of each chain
    # (an audit return's cycle's framework version's framework...), which no name is made of.
    required = [f.name for f in model._meta.concrete_fields if f.is_relation and not f.null]
    return model._default_manager.select_related(*required).filter(pk=plan.source_id).first()


def _with_status(actions: Iterable[Action], today: date) -> list[Action]:
    rows = list(actions)
    for action in rows:
        action.status_label, action.status_colour = action.display_status(today)
    return rows


def plan_actions(plan: ActionPlan, today: date) -> list[Action]:
    """The plan's actions with their status and the date and text of each one's latest update,
    in one query."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    return _with_status(
        plan.actions.select_related("owner", "owner_organisation", "priority")
        # Owners and priorities by the columns they are shown by; ordered within the one plan.
        .only(*columns_of(Action), *names_of("owner"), "owner_organisation__name", "priority__title")
        .annotate(
            latest_update_at=Subquery(latest.values("created_at")[:1]),
            latest_update_text=Subquery(latest.values("text")[:1]),
        )
        .order_by("position", "pk"),
        today,
    )


def action_get_for_user(user: User, pk: int) -> Action:
    action = (
        Action.objects.filter(pk=pk, plan__in=permissions.plans_visible_to(user))
        .select_related("plan__owning_group", "owner", "owner_organisation", "priority", "signed_off_by")
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


@dataclass
class PriorityProgress:
    priority: StrategicPriority | None
    counts: dict[str, int]
    actions: list[Action]


def workplan_report(plan: ActionPlan, quarter_start: date, quarter_end: date, today: date) -> dict[str, object]:
    """A workplan's progress for a quarter, by strategic priority (the golden thread)."""
    actions = _with_status(
        plan.actions.select_related("owner", "owner_organisation", "priority", "signed_off_by").prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author", "evidence"))
        ),
        today,
    )
    by_priority: defaultdict[StrategicPriority | None, list[Action]] = defaultdict(list)
    for action in actions:
        by_priority[action.priority].append(action)
    progress = []
    for priority, rows in sorted(by_priority.items(), key=lambda pair: (pair[0] is None, str(pair[0] or ""))):
        counts: defaultdict[str, int] = defaultdict(int)
        for action in rows:
            counts[action.status_label] += 1
        progress.append(PriorityProgress(priority=priority, counts=dict(counts), actions=rows))
    updates = [
        update
        for action in actions
        for update in action.updates.all()
        if quarter_start <= timezone.localdate(update.created_at) <= quarter_end
    ]
    return {
        "progress": progress,
        "updates": sorted(updates, key=lambda u: u.created_at),
        "total": len(actions),
        "complete": sum(1 for a in actions if a.status == Action.Status.COMPLETE),
        "overdue": [a for a in actions if a.is_overdue(today)],
    }
