"""Escalations of professional disagreement, through the partnership's stages (practitioner,
manager, senior manager, partnership, executive), each with its record and its own deadline.
Moving on meets the current stage's deadline and opens the next; resolving meets it,
withdrawing cancels it."""

from datetime import date

from django.db import transaction

from core import calendar, notifications
from core.models import Deadline
from core.roles import Role, has_role
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.selectors import people_with_role

from .. import permissions
from ..models import Challenge, Escalation, EscalationStage
from ..selectors.escalations import current_stage
from ..selectors.people import organisation_leads

ESCALATION = notifications.register_kind(
    notifications.Kind(
        "escalation",
        "Escalations",
        "When an escalation of a professional disagreement reaches a stage you lead or mediate, or ends",
    )
)
RULE = "escalation_stage"


def _check_mediator(mediator: User | None) -> None:
    if mediator is not None and not has_role(mediator, Role.SCRUTINEER):
        raise DomainError("The mediator must be the independent scrutineer")


def _open_stage(
    escalation: Escalation,
    *,
    acting_user: User,
    stage: str,
    started_on: date,
    who: str,
    summary: str,
    handled_by: User | None,
    mediator: User | None,
) -> EscalationStage:
    _check_mediator(mediator)
    record = EscalationStage(
        escalation=escalation,
        stage=stage,
        started_on=started_on,
        created_by=acting_user,
        who=who,
        summary=summary,
        handled_by=handled_by,
        mediator=mediator,
    )
    save_with_history(record, acting_user=acting_user, reason="Stage began")
    label = record.get_stage_display().lower()
    # The title is safe for calendars: the reference and the stage, never the concern itself.
    clock.deadline_create(
        subject=record,
        rule_key=RULE,
        start=started_on,
        title=f"Escalation {escalation.reference}: {label} stage",
        responsible_users=[record.handled_by] if record.handled_by else [],
        responsible_organisation=escalation.other_organisation,
        escalation_users=people_with_role(Role.BUSINESS_UNIT),
        acting_user=acting_user,
        reason=f"The {label} stage began",
    )
    notifications.notify(
        [person for person in (record.handled_by, record.mediator) if person is not None and person != acting_user],
        kind=ESCALATION.key,
        title=f"Escalation {escalation.reference} is at the {label} stage",
        body="You are recorded as involved at this stage. The details are in the portal.",
        url=escalation.get_absolute_url(),
    )
    return record


@transaction.atomic
def escalation_start(
    *,
    acting_user: User,
    title: str,
    concern: str,
    stage: str,
    started_on: date,
    who: str,
    summary: str,
    handled_by: User | None = None,
    mediator: User | None = None,
    raising_organisation: Organisation | None = None,
    other_organisation: Organisation | None = None,
    challenge: Challenge | None = None,
    check_permission: bool = True,
) -> Escalation:
    """Record a disagreement at the stage it has reached. Escalating a challenge checks its own
    permission and passes check_permission=False."""
    if check_permission:
        refuse_unless(
            permissions.can_start_escalation_for(acting_user, raising_organisation),
            "Only the business unit, or the lead of the organisation raising it, records an escalation",
        )
    if stage not in Escalation.Stage.values:
        raise DomainError("Select the stage the disagreement has reached")
    if started_on > calendar.today():
        raise DomainError("The stage cannot begin in the future")
    escalation = Escalation(
        title=title,
        concern=concern,
        raised_by=acting_user,
        raising_organisation=raising_organisation,
        other_organisation=other_organisation,
        challenge=challenge,
        stage=stage,
    )
    save_with_history(escalation, acting_user=acting_user, reason="Recorded")
    _open_stage(
        escalation,
        acting_user=acting_user,
        stage=stage,
        started_on=started_on,
        who=who,
        summary=summary,
        handled_by=handled_by,
        mediator=mediator,
    )
    notifications.notify(
        [lead for lead in organisation_leads(other_organisation) if lead != acting_user],
        kind=ESCALATION.key,
        title=f"Escalation {escalation.reference} involves your organisation",
        body="A professional disagreement involving your organisation has been recorded. The details are in "
        "the portal.",
        url=escalation.get_absolute_url(),
    )
    return escalation


def _require_manager(acting_user: User, escalation: Escalation, stage: EscalationStage) -> None:
    if not escalation.is_open:
        raise DomainError(f"This escalation is {escalation.get_status_display().lower()}")
    refuse_unless(permissions.can_manage_escalation(acting_user, escalation, stage))


@transaction.atomic
def escalation_stage_record(
    *,
    acting_user: User,
    escalation: Escalation,
    who: str,
    summary: str,
    handled_by: User | None = None,
    mediator: User | None = None,
    outcome: str = "",
) -> EscalationStage:
    """Keep the current stage's record up to date (who, what was said, the mediator)."""
    stage = current_stage(escalation)
    _require_manager(acting_user, escalation, stage)
    _check_mediator(mediator)
    old_lead = stage.handled_by
    stage.who, stage.summary, stage.handled_by, stage.mediator, stage.outcome = (
        who,
        summary,
        handled_by,
        mediator,
        outcome,
    )
    save_with_history(stage, acting_user=acting_user, reason="Stage record updated")
    deadline = Deadline.objects.latest_for(stage)
    if deadline and deadline.is_live and handled_by != old_lead:
        deadline.responsible_users.set([handled_by] if handled_by else [])
        save_with_history(
            deadline, acting_user=acting_user, reason=f"Lead for the stage: {handled_by or 'nobody named'}"
        )
    return stage


@transaction.atomic
def escalation_advance(
    *,
    acting_user: User,
    escalation: Escalation,
    outcome: str,
    next_stage: str,
    started_on: date,
    who: str,
    summary: str,
    handled_by: User | None = None,
    mediator: User | None = None,
) -> EscalationStage:
    """The current stage did not resolve it: record its outcome and move on."""
    stage = current_stage(escalation)
    _require_manager(acting_user, escalation, stage)
    if next_stage not in dict(escalation.later_stages()):
        raise DomainError("Select a later stage: an escalation only moves forward")
    if not outcome.strip():
        raise DomainError("Enter the outcome of the current stage")
    if started_on < stage.started_on or started_on > calendar.today():
        raise DomainError("The next stage begins between the start of this stage and today")
    stage.outcome = outcome
    stage.resolved_on = started_on
    save_with_history(stage, acting_user=acting_user, reason="Stage concluded without resolution")
    label = Escalation.Stage(next_stage).label.lower()
    deadline = Deadline.objects.latest_for(stage)
    if deadline and deadline.is_live:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason=f"Moved to the {label} stage")
    escalation.stage = next_stage
    save_with_history(escalation, acting_user=acting_user, reason=f"Escalated to the {label} stage")
    return _open_stage(
        escalation,
        acting_user=acting_user,
        stage=next_stage,
        started_on=started_on,
        who=who,
        summary=summary,
        handled_by=handled_by,
        mediator=mediator,
    )


def _end(escalation: Escalation, *, acting_user: User, status: str, outcome: str, on: date, reason: str) -> Escalation:
    stage = current_stage(escalation)
    _require_manager(acting_user, escalation, stage)
    if not outcome.strip():
        raise DomainError("Enter the outcome" if status == Escalation.Status.RESOLVED else "Enter the reason")
    if on < stage.started_on or on > calendar.today():
        raise DomainError("The date must be between the start of the current stage and today")
    stage.outcome = outcome
    stage.resolved_on = on
    save_with_history(stage, acting_user=acting_user, reason=reason)
    deadline = Deadline.objects.latest_for(stage)
    if deadline and deadline.is_live:
        if status == Escalation.Status.RESOLVED:
            clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Escalation resolved")
        else:
            clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="Escalation withdrawn")
    escalation.status = status
    escalation.outcome = outcome
    escalation.ended_on = on
    save_with_history(escalation, acting_user=acting_user, reason=reason)
    notifications.notify(
        [p for p in (escalation.raised_by, stage.handled_by, stage.mediator) if p is not None and p != acting_user],
        kind=ESCALATION.key,
        title=f"Escalation {escalation.reference} {escalation.get_status_display().lower()}",
        url=escalation.get_absolute_url(),
    )
    return escalation


@transaction.atomic
def escalation_resolve(*, acting_user: User, escalation: Escalation, outcome: str, resolved_on: date) -> Escalation:
    return _end(
        escalation,
        acting_user=acting_user,
        status=Escalation.Status.RESOLVED,
        outcome=outcome,
        on=resolved_on,
        reason="Resolved",
    )


@transaction.atomic
def escalation_withdraw(*, acting_user: User, escalation: Escalation, reason: str) -> Escalation:
    return _end(
        escalation,
        acting_user=acting_user,
        status=Escalation.Status.WITHDRAWN,
        outcome=reason,
        on=calendar.today(),
        reason=f"Withdrawn: {reason}",
    )
