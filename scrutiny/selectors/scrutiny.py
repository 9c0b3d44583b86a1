"""Reads for independent scrutiny: plans, activities, findings, recommendations, and the counts
the impact summary page computes for its period."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core import calendar, links
from core.services import refuse_unless
from partnership.models import User
from subgroups import permissions as plan_permissions
from subgroups.models import Action, ActionPlan, ActionUpdate, PartnershipGroup

from .. import permissions
from ..models import ImpactSummary, Recommendation, ScrutinyActivity, ScrutinyFinding, ScrutinyPlan

R = Recommendation


def _require_reader(user: User) -> None:
    refuse_unless(permissions.can_view_scrutiny(user))


def plan_list_for_user(user: User) -> QuerySet[ScrutinyPlan]:
    _require_reader(user)
    return ScrutinyPlan.objects.annotate(
        activity_count=Count("activities", distinct=True),
        done_count=Count("activities", filter=Q(activities__status=ScrutinyActivity.Status.DONE), distinct=True),
    ).order_by("-year")


def impact_list_for_user(user: User) -> QuerySet[ImpactSummary]:
    _require_reader(user)
    return ImpactSummary.objects.select_related("written_by").order_by("-period_end", "-pk")


def plan_get_for_user(user: User, pk: int) -> ScrutinyPlan:
    if not permissions.can_view_scrutiny(user):
        raise Http404("No such plan")
    plan = ScrutinyPlan.objects.select_related("created_by").filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    return plan


def plan_activities(plan: ScrutinyPlan) -> list[ScrutinyActivity]:
    return list(
        plan.activities.select_related("meeting__group")
        .annotate(
            finding_count=Count("findings", distinct=True),
            recommendation_count=Count("recommendations", distinct=True),
            awaiting_count=Count("recommendations", filter=Q(recommendations__status=R.Status.AWAITING), distinct=True),
        )
        .order_by("planned_date", "pk")
    )


def activity_get_for_user(user: User, pk: int) -> ScrutinyActivity:
    if not permissions.can_view_scrutiny(user):
        raise Http404("No such activity")
    activity = (
        ScrutinyActivity.objects.select_related("plan", "meeting__group")
        .prefetch_related(
            Prefetch("findings", queryset=ScrutinyFinding.objects.select_related("created_by")),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("responded_by", "finding")),
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404("No such activity")
    return activity


def recommendation_get_for_user(user: User, pk: int) -> Recommendation:
    if not permissions.can_view_scrutiny(user):
        raise Http404("No such recommendation")
    recommendation = (
        Recommendation.objects.select_related(
            "activity__plan",
            "finding",
            "responded_by",
            "created_by",
            "action__plan",
            "action__owner",
            "action__owner_organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if recommendation is None:
        raise Http404("No such recommendation")
    return recommendation


def recommendations_awaiting_response(limit: int = 10) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(status=R.Status.AWAITING)
        .select_related("activity")
        .order_by("response_due", "pk")[:limit]
    )


def impact_get_for_user(user: User, pk: int) -> ImpactSummary:
    if not permissions.can_view_scrutiny(user):
        raise Http404("No such summary")
    summary = ImpactSummary.objects.select_related("written_by").filter(pk=pk).first()
    if summary is None:
        raise Http404("No such summary")
    return summary


@dataclass(frozen=True)
class ImpactCounts:
    activities_planned: int
    activities_done: int
    findings: int
    recommendations: int
    responded: int
    accepted: int
    implemented: int


def impact_counts(start: date, end: date) -> ImpactCounts:
    """What the data says about the period [start, end]: three queries whatever the volume."""
    activities = ScrutinyActivity.objects.aggregate(
        planned=Count("pk", filter=Q(planned_date__range=(start, end))),
        done=Count("pk", filter=Q(status=ScrutinyActivity.Status.DONE, done_on__range=(start, end))),
    )
    findings = ScrutinyFinding.objects.filter(activity__done_on__range=(start, end)).count()
    accepted = Q(decision__in=[R.Decision.ACCEPTED, R.Decision.PARTLY])
    recommendations = Recommendation.objects.filter(activity__done_on__range=(start, end)).aggregate(
        made=Count("pk"),
        responded=Count("pk", filter=~Q(status=R.Status.AWAITING)),
        accepted=Count("pk", filter=accepted),
        implemented=Count("pk", filter=Q(status=R.Status.IMPLEMENTED)),
    )
    return ImpactCounts(
        activities_planned=activities["planned"],
        activities_done=activities["done"],
        findings=findings,
        recommendations=recommendations["made"],
        responded=recommendations["responded"],
        accepted=recommendations["accepted"],
        implemented=recommendations["implemented"],
    )


@dataclass
class ActionProgress:
    """How the action carrying out a recommendation is going, for whoever reads the
    recommendation (the scrutineer above all): the plan, owner, due date, status and the
    latest update; linked to the action only for those who may open it."""

    action: Action
    status_label: str
    status_colour: str
    overdue: bool
    latest: ActionUpdate | None
    url: str
    plan_live: bool


def recommendation_progress(user: User, recommendation: Recommendation) -> ActionProgress | None:
    action = recommendation.action
    if action is None:
        return None
    today = calendar.today()
    label, colour = action.display_status(today)
    return ActionProgress(
        action=action,
        status_label=label,
        status_colour=colour,
        overdue=action.plan.is_live and action.is_overdue(today),
        latest=action.updates.select_related("author").order_by("-created_at", "-pk").first(),
        url=links.url_for(user, action),
        plan_live=action.plan.is_live,
    )


def plans_taking_actions(user: User) -> QuerySet[ActionPlan]:
    """The action plans the person may add an action to now: drafts they may edit, and plans
    in progress whose actions they may add to."""
    plans = ActionPlan.objects.filter(
        kind=ActionPlan.Kind.PLAN,
        status__in=(ActionPlan.Status.DRAFT, ActionPlan.Status.RETURNED, ActionPlan.Status.IN_PROGRESS),
    ).select_related("owning_group")
    allowed = [
        plan.pk
        for plan in plans
        if plan_permissions.can_edit_plan(user, plan) or plan_permissions.can_add_actions_to_live_plan(user, plan)
    ]
    chosen = ActionPlan.objects.filter(pk__in=allowed).select_related("owning_group")
    return chosen.order_by("owning_group__name", "title")


def executive_group() -> PartnershipGroup | None:
    return (
        PartnershipGroup.objects.filter(kind=PartnershipGroup.Kind.EXECUTIVE)
        .exclude(status=PartnershipGroup.Status.CLOSED)
        .order_by("pk")
        .first()
    )
