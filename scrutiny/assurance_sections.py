"""The assurance records' contributions to the executive dashboard and the yearly report (core.assurance).

Every context function runs a fixed number of queries whatever the volume: counts come from
aggregates, lists are sliced. The yearly report is public, so escalations appear there only as
counts (they are need-to-know records).
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Func, Q, Subquery, Value, When
from django.urls import reverse

from core import calendar
from core.assurance import DashboardSection, ReportSection
from core.models import Deadline
from subgroups.models import ActionPlan

from . import permissions
from .models import (
    AssuranceLevel,
    AssuranceRequest,
    Challenge,
    Escalation,
    EscalationStage,
    ImpactSummary,
    Inspection,
    Recommendation,
    ScrutinyActivity,
    ScrutinyFinding,
)
from .selectors.dashboard import first_with_counts
from .selectors.scrutiny import impact_counts

LIST_LIMIT = 5


# The executive dashboard --------------------------------------------------------------------------


def escalations_context(request) -> dict | None:
    """Open escalations by stage, and how many stages are past their deadline."""
    user = request.user
    if not permissions.reads_everything(user):
        return None
    # The open escalations' stages past their deadline ride on each row (worked out once), so
    # that the section is one query.
    overdue_stages = (
        Deadline.objects.overdue(calendar.today())
        .filter(
            content_type=ContentType.objects.get_for_model(EscalationStage),
            object_id__in=EscalationStage.objects.filter(escalation__status=Escalation.Status.OPEN).values("pk"),
        )
        .order_by()
        .values(n=Func("pk", function="COUNT"))
    )
    oldest, by_stage = first_with_counts(
        permissions.escalations_visible_to(user)
        .filter(status=Escalation.Status.OPEN)
        .annotate(overdue_stages=Subquery(overdue_stages))
        .select_related("other_organisation")
        .order_by("created_at", "pk"),
        LIST_LIMIT,
        **{stage: Count("pk", filter=Q(stage=stage)) for stage in Escalation.Stage.values},
    )
    overdue = oldest[0].overdue_stages if oldest else 0
    list_url = reverse("scrutiny:escalation-list")
    return {
        "stages": [
            {"label": label, "count": by_stage.get(value, 0), "url": f"{list_url}?status=open&stage={value}"}
            for value, label in Escalation.Stage.choices
        ],
        "total": sum(by_stage.values()),
        "overdue_stages": overdue,
        "oldest": oldest,
        "list_url": list_url,
    }


def challenges_context(request) -> dict | None:
    """Challenges awaiting a response (and how many are overdue), and answers awaiting a verdict."""
    user = request.user
    if not permissions.can_use_assurance(user):
        return None
    today = calendar.today()
    is_overdue = Q(status=Challenge.Status.OPEN, response_due__lt=today)
    # One query: the overdue ones first (the list shows only those), with the counts over all.
    rows, counts = first_with_counts(
        permissions.challenges_visible_to(user)
        .filter(status__in=(Challenge.Status.OPEN, Challenge.Status.ANSWERED))
        .annotate(later=Case(When(is_overdue, then=Value(0)), default=Value(1)))
        .select_related("directed_to_organisation", "directed_to_group")
        .order_by("later", "response_due", "pk"),
        LIST_LIMIT,
        awaiting=Count("pk", filter=Q(status=Challenge.Status.OPEN)),
        overdue=Count("pk", filter=is_overdue),
        answered=Count("pk", filter=Q(status=Challenge.Status.ANSWERED)),
    )
    overdue = [challenge for challenge in rows if challenge.later == 0]
    list_url = reverse("scrutiny:challenge-list")
    return {
        **counts,
        "overdue_list": overdue,
        "today": today,
        "list_url": list_url,
        "overdue_url": f"{list_url}?overdue=1",
        "answered_url": f"{list_url}?status=answered",
    }


def recommendations_context(request) -> dict | None:
    """Independent scrutiny recommendations still awaiting the Executive's response."""
    if not permissions.can_view_scrutiny(request.user):
        return None
    today = calendar.today()
    recommendations, counts = first_with_counts(
        Recommendation.objects.filter(status=Recommendation.Status.AWAITING)
        .select_related("activity")
        .order_by("response_due", "pk"),
        LIST_LIMIT,
        total=Count("pk"),
        overdue=Count("pk", filter=Q(response_due__lt=today)),
    )
    return {
        **counts,
        "recommendations": recommendations,
        "today": today,
        "can_respond": permissions.can_respond_to_recommendations(request.user),
        "list_url": reverse("scrutiny:scrutiny-plan-list"),
    }


DASHBOARD_SECTIONS = (
    DashboardSection(
        key="scrutiny_escalations",
        title="Open escalations",
        template="scrutiny/dashboard/escalations.html",
        order=50,
        context=escalations_context,
    ),
    DashboardSection(
        key="scrutiny_challenges",
        title="Challenges awaiting a response",
        template="scrutiny/dashboard/challenges.html",
        order=51,
        context=challenges_context,
    ),
    DashboardSection(
        key="scrutiny_recommendations",
        title="Recommendations awaiting the Executive’s response",
        template="scrutiny/dashboard/recommendations.html",
        order=52,
        context=recommendations_context,
    ),
)


# The yearly report -----------------------------------------------------------------------------------


def independent_scrutiny(start: date, end: date) -> dict:
    """The scrutineer's activities done in the year, what they found, the recommendations and
    the Executive's responses, the impact summaries, and the counts."""
    activities = list(
        ScrutinyActivity.objects.filter(status=ScrutinyActivity.Status.DONE, done_on__range=(start, end)).order_by(
            "done_on", "pk"
        )
    )
    findings = list(
        ScrutinyFinding.objects.filter(activity__in=[a.pk for a in activities])
        .select_related("activity")
        .order_by("activity__done_on", "kind", "pk")
    )
    recommendations = list(
        Recommendation.objects.filter(activity__in=[a.pk for a in activities])
        .select_related("activity")
        .order_by("activity__done_on", "pk")
    )
    summaries = list(
        ImpactSummary.objects.filter(period_start__lte=end, period_end__gte=start).order_by("period_start", "pk")
    )
    return {
        "has_content": bool(activities or summaries),
        "activities": activities,
        "strengths": [f for f in findings if f.kind == ScrutinyFinding.Kind.STRENGTH],
        "developments": [f for f in findings if f.kind == ScrutinyFinding.Kind.DEVELOPMENT],
        "recommendations": recommendations,
        "summaries": summaries,
        "counts": impact_counts(start, end),
    }


def challenges_and_escalations(start: date, end: date) -> dict:
    """Challenges raised in the year and what came of them; escalations as counts only."""
    raised = Challenge.objects.filter(raised_on__range=(start, end))
    counts = raised.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(responded_at__isnull=False)),
        on_time=Count("pk", filter=Q(responded_at__date__lte=F("response_due"))),
        open=Count("pk", filter=Q(status=Challenge.Status.OPEN)),
        escalated=Count("pk", filter=Q(status=Challenge.Status.ESCALATED)),
        **{
            level: Count("pk", filter=Q(status=Challenge.Status.CLOSED, assurance_level=level))
            for level in AssuranceLevel.values
        },
    )
    by_recipient = list(
        raised.values(
            name=F("directed_to_organisation__name"),
            group=F("directed_to_group__name"),
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "name", "group")
    )
    escalations = Escalation.objects.filter(created_at__date__range=(start, end))
    escalation_counts = escalations.aggregate(
        total=Count("pk"),
        resolved=Count("pk", filter=Q(status=Escalation.Status.RESOLVED)),
        withdrawn=Count("pk", filter=Q(status=Escalation.Status.WITHDRAWN)),
        open=Count("pk", filter=Q(status=Escalation.Status.OPEN)),
    )
    reached = dict(escalations.values("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    return {
        "has_content": bool(counts["total"] or escalation_counts["total"]),
        "challenges": counts,
        "levels": [(label, counts[value]) for value, label in AssuranceLevel.choices],
        "by_recipient": by_recipient,
        "escalations": escalation_counts,
        "stages": [(label, reached.get(value, 0)) for value, label in Escalation.Stage.choices],
    }


# An action plan's state in words for the public report (not the portal's working labels,
# such as "Draft").
PUBLIC_PLAN_STATES = {
    ActionPlan.Status.DRAFT: "Being agreed",
    ActionPlan.Status.SUBMITTED: "Being agreed",
    ActionPlan.Status.RETURNED: "Being agreed",
    ActionPlan.Status.IN_PROGRESS: "Agreed, in progress",
    ActionPlan.Status.COMPLETED: "Completed",
    ActionPlan.Status.SIGNED_OFF: "Completed and signed off on its impact",
}


def inspections_and_assurance(start: date, end: date) -> dict:
    """Inspection reports of the year with their action plans, and the assurance reports asked of
    agencies and how assured the partnership was."""
    inspections = list(
        Inspection.objects.filter(report_date__range=(start, end))
        .select_related("action_plan", "monitoring_group")
        .prefetch_related("organisations")
        .order_by("report_date", "pk")
    )
    requests = list(
        AssuranceRequest.objects.filter(requested_on__range=(start, end))
        .select_related("organisation")
        .order_by("requested_on", "pk")
    )
    for inspection in inspections:
        plan = inspection.action_plan
        inspection.plan_state = PUBLIC_PLAN_STATES.get(plan.status, "") if plan else ""
    return {
        "has_content": bool(inspections or requests),
        "inspections": inspections,
        "requests": requests,
        "assessed": sum(1 for r in requests if r.status == AssuranceRequest.Status.ASSESSED),
    }


REPORT_SECTIONS = (
    ReportSection(
        key="independent_scrutiny",
        title="Independent scrutiny: what it found and what changed",
        template="scrutiny/report/_independent_scrutiny.html",
        order=55,
        requirement="scrutiny",
        context=independent_scrutiny,
    ),
    ReportSection(
        key="challenge_escalation",
        title="Holding each other to account: challenges and escalations",
        template="scrutiny/report/_challenges_escalations.html",
        order=56,
        requirement="assurance",
        context=challenges_and_escalations,
    ),
    ReportSection(
        key="inspections_assurance",
        title="Inspections and assurance reports from agencies",
        template="scrutiny/report/_inspections_assurance.html",
        order=57,
        requirement="assurance",
        context=inspections_and_assurance,
    ),
)
