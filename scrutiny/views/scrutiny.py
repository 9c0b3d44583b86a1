"""Independent scrutiny: the plans, activities, findings, recommendations and impact summaries."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.forms.reason import ReasonForm
from core.selectors import latest_deadline_for
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.scrutiny import (
    ActivityDoneForm,
    ActivityForm,
    FindingForm,
    ImpactSummaryForm,
    ImplementedForm,
    RecommendationActionForm,
    RecommendationForm,
    RecommendationResponseForm,
    ScrutinyPlanForm,
)
from ..models import ScrutinyActivity
from ..selectors import scrutiny as selectors
from ..services import scrutiny as services

ACTION_FIELDS = ("plan", "description", "owner", "owner_organisation", "due_date", "priority")


def plan_list(request):
    plans = selectors.plan_list_for_user(request.user)
    return render(
        request,
        "scrutiny/scrutiny_plan_list.html",
        {
            "plans": list(plans),
            "summaries": list(selectors.impact_list_for_user(request.user)[:20]),
            "awaiting": selectors.recommendations_awaiting_response(),
            "can_write": permissions.can_write_scrutiny(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    refuse_unless(permissions.can_write_scrutiny(request.user))
    form = ScrutinyPlanForm(request.POST or None, initial={"year": _current_year()})
    return form_page(
        request,
        form,
        title="Plan a year of independent scrutiny",
        caption="Independent scrutiny",
        back_url=reverse("scrutiny:scrutiny-plan-list"),
        submit="Save the plan",
        on_valid=lambda data: services.scrutiny_plan_create(acting_user=request.user, **data),
        success=lambda plan: f"Plan for {plan.label} saved: add its activities",
        next_url=lambda plan: plan,
    )


def _current_year() -> int:
    today = calendar.today()
    return today.year if today.month >= 4 else today.year - 1


def plan_detail(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    return render(
        request,
        "scrutiny/scrutiny_plan_detail.html",
        {
            "plan": plan,
            "activities": selectors.plan_activities(plan),
            "can_write": permissions.can_write_scrutiny(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_write_scrutiny(request.user))
    form = ScrutinyPlanForm(request.POST or None, instance=plan)
    return form_page(
        request,
        form,
        title=f"Change the plan for {plan.label}",
        caption="Independent scrutiny",
        back_url=plan.get_absolute_url(),
        on_valid=lambda data: services.scrutiny_plan_update(acting_user=request.user, plan=plan, **data),
        success="Plan saved",
        next_url=plan,
    )


@require_http_methods(["GET", "POST"])
def activity_add(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_write_scrutiny(request.user))
    form = ActivityForm(request.POST or None, plan=plan)
    return form_page(
        request,
        form,
        title="Add an activity",
        caption=str(plan),
        back_url=plan.get_absolute_url(),
        submit="Add the activity",
        on_valid=lambda data: services.activity_add(acting_user=request.user, plan=plan, **data),
        success=lambda activity: f"“{activity}” added to the plan",
        next_url=plan,
    )


def activity_detail(request, pk: int):
    activity = selectors.activity_get_for_user(request.user, pk)
    can_write = permissions.can_write_scrutiny(request.user)
    return render(
        request,
        "scrutiny/scrutiny_activity_detail.html",
        {
            "activity": activity,
            "findings": list(activity.findings.all()),
            "recommendations": list(activity.recommendations.all()),
            "can_write": can_write and activity.status != ScrutinyActivity.Status.CANCELLED,
            "is_planned": activity.status == ScrutinyActivity.Status.PLANNED,
            "is_done": activity.status == ScrutinyActivity.Status.DONE,
            "can_raise_challenge": permissions.can_raise_challenge(request.user),
        },
    )


def _writable_activity(request, pk: int, *statuses: str) -> ScrutinyActivity:
    activity = selectors.activity_get_for_user(request.user, pk)
    refuse_unless(permissions.can_write_scrutiny(request.user))
    refuse_unless(not statuses or activity.status in statuses)
    return activity


PLANNED, DONE = ScrutinyActivity.Status.PLANNED, ScrutinyActivity.Status.DONE


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = _writable_activity(request, pk, PLANNED, DONE)
    form = ActivityForm(request.POST or None, instance=activity)
    return form_page(
        request,
        form,
        title=f"Change “{activity}”",
        caption=str(activity.plan),
        back_url=activity.get_absolute_url(),
        on_valid=lambda data: services.activity_update(acting_user=request.user, activity=activity, **data),
        success="Activity saved",
        next_url=activity,
    )


@require_http_methods(["GET", "POST"])
def activity_done(request, pk: int):
    activity = _writable_activity(request, pk, PLANNED)
    form = ActivityDoneForm(request.POST or None, initial={"done_on": calendar.today()})
    return form_page(
        request,
        form,
        title=f"Record “{activity}” as done",
        caption=str(activity.plan),
        back_url=activity.get_absolute_url(),
        inset="Then add what it found and any recommendations.",
        submit="Record as done",
        on_valid=lambda data: services.activity_complete(acting_user=request.user, activity=activity, **data),
        success="Activity recorded as done",
        next_url=activity,
    )


@require_http_methods(["GET", "POST"])
def activity_cancel(request, pk: int):
    activity = _writable_activity(request, pk, PLANNED)
    form = ReasonForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Cancel “{activity}”",
        caption=str(activity.plan),
        back_url=activity.get_absolute_url(),
        submit="Cancel the activity",
        danger=True,
        on_valid=lambda data: services.activity_cancel(
            acting_user=request.user, activity=activity, reason=data["reason"]
        ),
        success="Activity cancelled",
        next_url=activity,
    )


@require_http_methods(["GET", "POST"])
def finding_add(request, pk: int):
    activity = _writable_activity(request, pk, DONE)
    form = FindingForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a finding",
        caption=str(activity),
        back_url=activity.get_absolute_url(),
        submit="Add the finding",
        on_valid=lambda data: services.finding_add(acting_user=request.user, activity=activity, **data),
        success="Finding added",
        next_url=activity,
    )


@require_http_methods(["GET", "POST"])
def recommendation_add(request, pk: int):
    activity = _writable_activity(request, pk, DONE)
    form = RecommendationForm(request.POST or None, activity=activity)
    return form_page(
        request,
        form,
        title="Make a recommendation to the Executive",
        caption=str(activity),
        back_url=activity.get_absolute_url(),
        inset="Executive members are told and asked to respond by the due date.",
        submit="Make the recommendation",
        on_valid=lambda data: services.recommendation_add(acting_user=request.user, activity=activity, **data),
        success=lambda r: f"Recommendation made: the Executive’s response is due by {r.response_due:%-d %B %Y}",
        next_url=lambda r: r,
    )


def recommendation_detail(request, pk: int):
    recommendation = selectors.recommendation_get_for_user(request.user, pk)
    can_respond = permissions.can_respond_to_recommendations(request.user)
    return render(
        request,
        "scrutiny/scrutiny_recommendation_detail.html",
        {
            "recommendation": recommendation,
            "deadline": latest_deadline_for(recommendation),
            "can_respond": can_respond and recommendation.status == recommendation.Status.AWAITING,
            "can_implement": can_respond and recommendation.can_be_implemented,
            "can_plan": permissions.can_plan_recommendation(request.user, recommendation),
            "progress": selectors.recommendation_progress(request.user, recommendation),
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation_action(request, pk: int):
    recommendation = selectors.recommendation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_plan_recommendation(request.user, recommendation))
    form = RecommendationActionForm(
        request.POST or None,
        plans=selectors.plans_taking_actions(request.user),
        initial={"description": recommendation.text},
    )
    return form_page(
        request,
        form,
        title="Add the recommendation to an action plan",
        caption="Independent scrutiny",
        back_url=recommendation.get_absolute_url(),
        inset=f"The Executive {recommendation.get_decision_display().lower()} this recommendation: "
        f"{recommendation.response}",
        submit="Add the action",
        on_valid=lambda data: services.recommendation_action_add(
            acting_user=request.user,
            recommendation=recommendation,
            **{name: data[name] for name in ACTION_FIELDS},
        ),
        success=lambda action: f"Action added to the plan “{action.plan}”: the scrutineer can follow its progress",
        next_url=recommendation,
    )


def _respondable(request, pk: int):
    recommendation = selectors.recommendation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_respond_to_recommendations(request.user))
    return recommendation


@require_http_methods(["GET", "POST"])
def recommendation_respond(request, pk: int):
    recommendation = _respondable(request, pk)
    refuse_unless(recommendation.status == recommendation.Status.AWAITING)
    form = RecommendationResponseForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Respond to the recommendation",
        caption="The Executive’s response to the independent scrutineer",
        back_url=recommendation.get_absolute_url(),
        inset=recommendation.text,
        submit="Send the response",
        on_valid=lambda data: services.recommendation_respond(
            acting_user=request.user, recommendation=recommendation, **data
        ),
        success="Response recorded: the scrutineer has been told",
        next_url=recommendation,
    )


@require_http_methods(["GET", "POST"])
def recommendation_implemented(request, pk: int):
    recommendation = _respondable(request, pk)
    refuse_unless(recommendation.can_be_implemented)
    form = ImplementedForm(request.POST or None, initial={"implemented_on": calendar.today()})
    return form_page(
        request,
        form,
        title="Record the recommendation as implemented",
        caption="Independent scrutiny",
        back_url=recommendation.get_absolute_url(),
        inset=recommendation.text,
        submit="Record as implemented",
        on_valid=lambda data: services.recommendation_implemented(
            acting_user=request.user, recommendation=recommendation, **data
        ),
        success="Recommendation recorded as implemented",
        next_url=recommendation,
    )


@require_http_methods(["GET", "POST"])
def impact_add(request):
    refuse_unless(permissions.can_write_scrutiny(request.user))
    form = ImpactSummaryForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Write an impact summary",
        caption="Independent scrutiny",
        back_url=reverse("scrutiny:scrutiny-plan-list"),
        inset="The page beside it shows what the portal counts for the same period: activities done, findings, "
        "recommendations accepted and implemented.",
        submit="Save the summary",
        on_valid=lambda data: services.impact_summary_add(acting_user=request.user, **data),
        success="Impact summary saved",
        next_url=lambda summary: summary,
    )


def impact_detail(request, pk: int):
    summary = selectors.impact_get_for_user(request.user, pk)
    return render(
        request,
        "scrutiny/scrutiny_impact_detail.html",
        {"summary": summary, "counts": selectors.impact_counts(summary.period_start, summary.period_end)},
    )
