"""Creating and changing deadlines, their rules and the closure days.

Domain apps call these from their own services (which have already checked that the acting
person may do the domain action, e.g. record a serious incident). The business unit's own
deadline pages check `core.permissions.can_manage_deadlines` before calling them.
Every change is saved with its reason in the deadline's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .. import calendar
from .. import deadline_rules as defs
from ..models import ClosureDay, Deadline, DeadlineRule
from ..working_days import bank_holidays
from . import DomainError, note_history, refuse_unless, save_with_history

if TYPE_CHECKING:
    from partnership.models import Organisation, User


def rule_for(key: str) -> DeadlineRule:
    """The partnership's current version of a rule, created from its default on first use."""
    definition = defs.definition(key)
    rule = DeadlineRule.objects.filter(key=key).first()
    if rule is None:
        rule, _ = DeadlineRule.objects.get_or_create(
            key=key,
            defaults={
                "name": definition.name,
                "description": definition.description,
                "source": definition.source,
                "is_statutory": definition.statutory,
                "amount": definition.amount,
                "unit": definition.unit,
                "direction": definition.direction,
                "start_point": definition.default_start_point,
                "reminder_lead_days": definition.reminder_lead_days,
                "escalate_after_days": definition.escalate_after_days,
            },
        )
    return rule


def ensure_rules() -> list[DeadlineRule]:
    return [rule_for(key) for key in defs.RULES]


@transaction.atomic
def deadline_create(
    *,
    subject: models.Model,
    rule_key: str,
    start: date,
    title: str,
    responsible_users: Iterable[User] = (),
    responsible_organisation: Organisation | None = None,
    escalation_users: Iterable[User] = (),
    due_date: date | None = None,
    acting_user: User | None = None,
    reason: str = "Set",
) -> Deadline:
    """A deadline for `subject` by the rule's current setting from `start` (or an explicit
    `due_date`, e.g. the closing date the business unit chose for an audit cycle)."""
    rule = rule_for(rule_key)
    due = due_date or rule.due_date(start, calendar.closure_days())
    deadline = Deadline(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        rule=rule,
        title=title,
        start_date=start,
        due_date=due,
        original_due_date=due,
        rule_summary=rule.summary() if due_date is None else f"set for this record ({rule.summary()} by default)",
        responsible_organisation=responsible_organisation,
    )
    save_with_history(deadline, acting_user=acting_user, reason=reason)
    deadline.responsible_users.set(list(responsible_users))
    deadline.escalation_users.set(list(escalation_users))
    return deadline


def _live(deadline: Deadline, action: str) -> None:
    if not deadline.is_live:
        raise DomainError(f"This deadline is {deadline.get_status_display().lower()}, so it cannot be {action}")


@transaction.atomic
def deadline_move(*, deadline: Deadline, due_date: date, acting_user: User, reason: str) -> Deadline:
    _live(deadline, "moved")
    if not reason.strip():
        raise DomainError("Enter the reason for moving the deadline")
    if due_date == deadline.due_date:
        raise DomainError("The new due date is the same as the current one")
    deadline.due_date = due_date
    deadline.status = _status_for(due_date)
    return save_with_history(deadline, acting_user=acting_user, reason=f"Moved: {reason}")


@transaction.atomic
def deadline_recalculate(*, deadline: Deadline, acting_user: User, reason: str) -> Deadline:
    """Apply the rule as it stands now to this deadline's start date, on purpose."""
    _live(deadline, "recalculated")
    deadline.rule.refresh_from_db()
    deadline.due_date = deadline.rule.due_date(deadline.start_date, calendar.closure_days())
    deadline.rule_summary = deadline.rule.summary()
    deadline.status = _status_for(deadline.due_date)
    return save_with_history(deadline, acting_user=acting_user, reason=f"Recalculated under the current rule: {reason}")


@transaction.atomic
def deadline_pause(*, deadline: Deadline, acting_user: User, reason: str, on: date | None = None) -> Deadline:
    """Stop the clock (for example during criminal proceedings): no reminders while paused."""
    _live(deadline, "paused")
    if not reason.strip():
        raise DomainError("Enter the reason for pausing the deadline")
    deadline.status = Deadline.Status.PAUSED
    deadline.status_reason = reason
    deadline.paused_on = on or calendar.today()
    return save_with_history(deadline, acting_user=acting_user, reason=f"Paused: {reason}")


@transaction.atomic
def deadline_resume(*, deadline: Deadline, acting_user: User, reason: str = "", on: date | None = None) -> Deadline:
    """Restart the clock: the due date moves on by as long as the clock was stopped (working
    days for a working-day rule, calendar days otherwise)."""
    if deadline.status != Deadline.Status.PAUSED:
        raise DomainError("Only a paused deadline can be resumed")
    paused_on = deadline.paused_on
    if paused_on is None:
        raise DomainError("This deadline has no date it was paused on, so it cannot be resumed")
    resumed = on or calendar.today()
    if resumed < paused_on:
        raise DomainError("A deadline cannot resume before it was paused")
    if deadline.rule.unit == DeadlineRule.Unit.WORKING_DAYS:
        deadline.due_date = calendar.add_working_days(
            deadline.due_date, calendar.working_days_between(paused_on, resumed)
        )
    else:
        deadline.due_date += timedelta(days=(resumed - paused_on).days)
    deadline.paused_on = None
    deadline.status_reason = ""
    deadline.status = _status_for(deadline.due_date)
    note = f"Resumed after a pause from {paused_on:%-d %B %Y}" + (f": {reason}" if reason else "")
    return save_with_history(deadline, acting_user=acting_user, reason=note)


@transaction.atomic
def deadline_meet(
    *, deadline: Deadline, acting_user: User, when: datetime | None = None, reason: str = "Met"
) -> Deadline:
    _live(deadline, "met")
    when = when or timezone.now()
    if when > timezone.now() + timedelta(minutes=5):
        raise DomainError("A deadline cannot be met in the future")
    deadline.status = Deadline.Status.MET
    deadline.met_at = when
    deadline.met_by = acting_user
    return save_with_history(deadline, acting_user=acting_user, reason=reason)


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, acting_user: User | None, reason: str) -> Deadline:
    """Cancel a live deadline; acting_user None: the portal itself (a survey closing on its date)."""
    if deadline.status in (Deadline.Status.MET, Deadline.Status.CANCELLED):
        raise DomainError(f"This deadline is already {deadline.get_status_display().lower()}")
    if not reason.strip():
        raise DomainError("Enter the reason for cancelling the deadline")
    deadline.status = Deadline.Status.CANCELLED
    deadline.status_reason = reason
    return save_with_history(deadline, acting_user=acting_user, reason=f"Cancelled: {reason}")


def _status_for(due_date: date) -> str:
    return Deadline.Status.MISSED if due_date < calendar.today() else Deadline.Status.OPEN


# Rules and closure days (the business unit) ---------------------------------------------------


@transaction.atomic
def rule_update(
    *,
    acting_user: User,
    rule: DeadlineRule,
    amount: int,
    start_point: str,
    reminder_lead_days: int,
    escalate_after_days: int,
    reason: str,
) -> DeadlineRule:
    from ..permissions import can_manage_rules

    refuse_unless(can_manage_rules(acting_user))
    if not reason.strip():
        raise DomainError("Enter the reason for the change")
    rule.amount = amount
    rule.start_point = start_point
    rule.reminder_lead_days = reminder_lead_days
    rule.escalate_after_days = escalate_after_days
    return save_with_history(rule, acting_user=acting_user, reason=reason)


EARLIEST_CLOSURE_DAYS_BACK = 366
LATEST_CLOSURE_YEARS_AHEAD = 3


@transaction.atomic
def closure_add(*, acting_user: User, day: date, reason: str) -> ClosureDay:
    from ..permissions import can_manage_rules

    refuse_unless(can_manage_rules(acting_user))
    today = calendar.today()
    if day < today - timedelta(days=EARLIEST_CLOSURE_DAYS_BACK) or day > today.replace(
        year=today.year + LATEST_CLOSURE_YEARS_AHEAD
    ):
        raise DomainError(
            f"Enter a closure day no more than a year ago and no more than {LATEST_CLOSURE_YEARS_AHEAD} years ahead"
        )
    if day.weekday() >= 5:
        raise DomainError("That day is a weekend: it is already not a working day")
    if day in bank_holidays(day.year):
        raise DomainError("That day is a bank holiday: it is already not a working day")
    if ClosureDay.objects.filter(date=day).exists():
        raise DomainError("That day is already a closure day")
    closure = ClosureDay(date=day, reason=reason.strip(), created_by=acting_user)
    save_with_history(closure, acting_user=acting_user, reason="Added")
    calendar.forget_closure_days()
    transaction.on_commit(calendar.forget_closure_days)
    return closure


@transaction.atomic
def closure_remove(*, acting_user: User, closure: ClosureDay) -> None:
    from ..permissions import can_manage_rules

    refuse_unless(can_manage_rules(acting_user))
    note_history(closure, acting_user=acting_user, reason="Removed")
    closure.delete()
    calendar.forget_closure_days()
    transaction.on_commit(calendar.forget_closure_days)
