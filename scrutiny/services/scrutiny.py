"""Independent scrutiny: the scrutineer's plan for the year, its activities, what each found,
the recommendations (tracked to the Executive's response and their implementation) and the
periodic impact summary."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core import calendar, notifications
from core.models import Deadline
from core.roles import Role
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, StrategicPriority, User
from partnership.selectors import people_with_role
from subgroups.models import Action, ActionPlan
from subgroups.services import plans as plan_services

from .. import permissions
from ..models import ImpactSummary, Recommendation, ScrutinyActivity, ScrutinyFinding, ScrutinyPlan
from ..selectors.scrutiny import executive_group

RECOMMENDATION = notifications.register_kind(
    notifications.Kind(
        "scrutiny_recommendation",
        "Independent scrutiny recommendations",
        "When the independent scrutineer makes a recommendation to the Executive, or the Executive responds",
    )
)
# A recommendation is the scrutineer's challenge to the Executive: it takes the partnership's
# time for responding to a challenge (the business unit can change that rule, or the date).
RESPONSE_RULE = "challenge_response"
ACTIVITY_FIELDS = ("kind", "title", "description", "planned_date", "meeting")


def _require_writer(user: User) -> None:
    refuse_unless(
        permissions.can_write_scrutiny(user), "Only the independent scrutineer or the business unit does that"
    )


# Plans and activities --------------------------------------------------------------------------------


@transaction.atomic
def scrutiny_plan_create(*, acting_user: User, year: int, focus: str) -> ScrutinyPlan:
    _require_writer(acting_user)
    if ScrutinyPlan.objects.filter(year=year).exists():
        raise DomainError(f"There is already a plan for {year} to {year + 1}")
    plan = ScrutinyPlan(year=year, focus=focus, created_by=acting_user)
    save_with_history(plan, acting_user=acting_user, reason="Planned")
    return plan


@transaction.atomic
def scrutiny_plan_update(*, acting_user: User, plan: ScrutinyPlan, focus: str) -> ScrutinyPlan:
    _require_writer(acting_user)
    plan.focus = focus
    save_with_history(plan, acting_user=acting_user, reason="Changed")
    return plan


@transaction.atomic
def activity_add(*, acting_user: User, plan: ScrutinyPlan, **fields: object) -> ScrutinyActivity:
    _require_writer(acting_user)
    activity = ScrutinyActivity(plan=plan)
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, fields.get(name, getattr(activity, name)))
    save_with_history(activity, acting_user=acting_user, reason="Planned")
    return activity


@transaction.atomic
def activity_update(*, acting_user: User, activity: ScrutinyActivity, **fields: object) -> ScrutinyActivity:
    _require_writer(acting_user)
    if activity.status == ScrutinyActivity.Status.CANCELLED:
        raise DomainError("This activity was cancelled")
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    save_with_history(activity, acting_user=acting_user, reason="Changed")
    return activity


@transaction.atomic
def activity_complete(*, acting_user: User, activity: ScrutinyActivity, done_on: date) -> ScrutinyActivity:
    _require_writer(acting_user)
    if activity.status != ScrutinyActivity.Status.PLANNED:
        raise DomainError("Only a planned activity can be recorded as done")
    if done_on > calendar.today():
        raise DomainError("The date it was done cannot be in the future")
    activity.status = ScrutinyActivity.Status.DONE
    activity.done_on = done_on
    save_with_history(activity, acting_user=acting_user, reason="Done")
    return activity


@transaction.atomic
def activity_cancel(*, acting_user: User, activity: ScrutinyActivity, reason: str) -> ScrutinyActivity:
    _require_writer(acting_user)
    if activity.status != ScrutinyActivity.Status.PLANNED:
        raise DomainError("Only a planned activity can be cancelled")
    if not reason.strip():
        raise DomainError("Enter why the activity is cancelled")
    activity.status = ScrutinyActivity.Status.CANCELLED
    activity.cancel_reason = reason
    save_with_history(activity, acting_user=acting_user, reason=f"Cancelled: {reason}")
    return activity


# Findings and recommendations -----------------------------------------------------------------------------


@transaction.atomic
def finding_add(*, acting_user: User, activity: ScrutinyActivity, kind: str, text: str) -> ScrutinyFinding:
    _require_writer(acting_user)
    if activity.status != ScrutinyActivity.Status.DONE:
        raise DomainError("Record the activity as done before adding what it found")
    finding = ScrutinyFinding(activity=activity, kind=kind, text=text, created_by=acting_user)
    save_with_history(finding, acting_user=acting_user, reason="Found")
    return finding


@transaction.atomic
def recommendation_add(
    *,
    acting_user: User,
    activity: ScrutinyActivity,
    text: str,
    finding: ScrutinyFinding | None = None,
    response_due: date | None = None,
) -> Recommendation:
    """A recommendation to the Executive: its response is due on the partnership's clock and
    every executive member is told."""
    _require_writer(acting_user)
    if activity.status != ScrutinyActivity.Status.DONE:
        raise DomainError("Record the activity as done before making recommendations from it")
    if finding is not None and finding.activity_id != activity.pk:
        raise DomainError("That finding belongs to another activity")
    today = calendar.today()
    if response_due is not None and response_due < today:
        raise DomainError("The response due date must be today or later")
    recommendation = Recommendation(
        activity=activity,
        finding=finding,
        text=text,
        response_due=response_due or clock.rule_for(RESPONSE_RULE).due_date(today, calendar.closure_days()),
        created_by=acting_user,
    )
    save_with_history(recommendation, acting_user=acting_user, reason="Recommended")
    executive = people_with_role(Role.EXECUTIVE)
    clock.deadline_create(
        subject=recommendation,
        rule_key=RESPONSE_RULE,
        start=today,
        due_date=response_due,
        title=f"Executive response to an independent scrutiny recommendation ({activity.title[:80]})",
        responsible_users=executive,
        escalation_users=people_with_role(Role.BUSINESS_UNIT),
        acting_user=acting_user,
        reason="Recommendation made",
    )
    notifications.notify(
        executive,
        kind=RECOMMENDATION.key,
        title=f"A recommendation from the independent scrutineer: please respond by "
        f"{recommendation.response_due:%-d %B %Y}",
        body=text,
        url=recommendation.get_absolute_url(),
    )
    return recommendation


@transaction.atomic
def recommendation_respond(
    *, acting_user: User, recommendation: Recommendation, decision: str, response: str
) -> Recommendation:
    refuse_unless(
        permissions.can_respond_to_recommendations(acting_user), "Executive members respond to recommendations"
    )
    if recommendation.status != Recommendation.Status.AWAITING:
        raise DomainError("This recommendation has already been responded to")
    if decision not in Recommendation.Decision.values:
        raise DomainError("Select whether the Executive accepts the recommendation")
    if not response.strip():
        raise DomainError("Enter the Executive’s response")
    recommendation.status = Recommendation.Status.RESPONDED
    recommendation.decision = decision
    recommendation.response = response
    recommendation.responded_by = acting_user
    recommendation.responded_at = timezone.now()
    save_with_history(
        recommendation, acting_user=acting_user, reason=f"Responded: {recommendation.get_decision_display().lower()}"
    )
    deadline = Deadline.objects.latest_for(recommendation)
    if deadline and deadline.is_live:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="The Executive responded")
    notifications.notify(
        [recommendation.created_by],
        kind=RECOMMENDATION.key,
        title=f"The Executive responded to your recommendation: {recommendation.get_decision_display().lower()}",
        body=response,
        url=recommendation.get_absolute_url(),
    )
    return recommendation


@transaction.atomic
def recommendation_implemented(
    *, acting_user: User, recommendation: Recommendation, implemented_on: date, note: str
) -> Recommendation:
    refuse_unless(permissions.can_respond_to_recommendations(acting_user))
    if not recommendation.can_be_implemented:
        raise DomainError("Only an accepted (or partly accepted) recommendation can be recorded as implemented")
    if implemented_on > calendar.today():
        raise DomainError("The date it was implemented cannot be in the future")
    if not note.strip():
        raise DomainError("Enter what was done")
    recommendation.status = Recommendation.Status.IMPLEMENTED
    recommendation.implemented_on = implemented_on
    recommendation.implementation_note = note
    save_with_history(recommendation, acting_user=acting_user, reason="Implemented")
    return recommendation


@transaction.atomic
def recommendation_action_add(
    *,
    acting_user: User,
    recommendation: Recommendation,
    plan: ActionPlan | None,
    description: str,
    due_date: date,
    owner: User | None = None,
    owner_organisation: Organisation | None = None,
    priority: StrategicPriority | None = None,
) -> Action:
    """Carry out an accepted recommendation as an action in an action plan: one the plan's
    group already runs (live: the action is on the clock at once; a draft: once its chair
    approves it), or a new plan the Executive owns, which its chair approves. From then on
    it is tracked like any other action, and the recommendation shows its progress."""
    refuse_unless(
        permissions.can_plan_recommendation(acting_user, recommendation),
        "The business unit turns an accepted recommendation into an action, once",
    )
    if due_date < calendar.today():
        raise DomainError("The due date must be today or in the future")
    if plan is None:
        group = executive_group()
        if group is None:
            raise DomainError("There is no Executive group to own a new plan: choose an existing plan")
        plan = plan_services.plan_create(
            acting_user=acting_user,
            title=f"Independent scrutiny: {recommendation.activity.title}"[:300],
            owning_group=group,
            source=recommendation.activity,
            check_permission=False,
        )
    action = plan_services.action_add(
        acting_user=acting_user,
        plan=plan,
        description=description,
        due_date=due_date,
        owner=owner,
        owner_organisation=owner_organisation,
        priority=priority,
    )
    recommendation.action = action
    save_with_history(recommendation, acting_user=acting_user, reason=f"Action added to the plan “{plan}”")
    return action


# Impact -------------------------------------------------------------------------------------------------


@transaction.atomic
def impact_summary_add(*, acting_user: User, period_start: date, period_end: date, text: str) -> ImpactSummary:
    _require_writer(acting_user)
    summary = ImpactSummary(period_start=period_start, period_end=period_end, text=text, written_by=acting_user)
    save_with_history(summary, acting_user=acting_user, reason="Written")
    return summary
