"""Risk registers. A risk scoring above its group's threshold appears on the Executive's
register; it comes off when the score drops back. Both moves are in its history."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from core import notifications
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions, risk_scoring
from ..models import PartnershipGroup, Risk

RISK_ESCALATION = notifications.register_kind(
    notifications.Kind(
        "risk_escalation", "Escalated risks", "When a risk goes onto or comes off the Executive’s register"
    )
)
RISK_FIELDS = (
    "title",
    "cause",
    "effect",
    "likelihood",
    "impact",
    "owner",
    "controls",
    "target_likelihood",
    "target_impact",
    "review_date",
)


@transaction.atomic
def risk_save(*, acting_user: User, group: PartnershipGroup, risk: Risk | None = None, **fields: Any) -> Risk:
    refuse_unless(permissions.can_manage_risks(acting_user, group))
    creating = risk is None
    risk = risk or Risk(group=group)
    if risk.status == Risk.Status.CLOSED:
        raise DomainError("This risk is closed")
    for name, value in fields.items():
        if name not in RISK_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(risk, name, value)
    risk.full_clean(exclude=["score"])
    risk.score = risk_scoring.score(risk.likelihood, risk.impact)
    reason = "Added" if creating else "Reviewed"
    change = _escalation_change(risk, group)
    if change:
        reason += f"; {change}"
    save_with_history(risk, acting_user=acting_user, reason=reason, clean=False)
    if change:
        _tell_business_unit(risk, change)
    return risk


@transaction.atomic
def risk_close(*, acting_user: User, risk: Risk, reason: str) -> Risk:
    refuse_unless(permissions.can_manage_risks(acting_user, risk.group))
    if risk.status == Risk.Status.CLOSED:
        raise DomainError("This risk is already closed")
    if not reason.strip():
        raise DomainError("Enter why the risk is closed")
    risk.status = Risk.Status.CLOSED
    note = f"Closed: {reason}"
    if risk.escalated:
        risk.escalated = False
        note += "; taken off the Executive’s register"
    return save_with_history(risk, acting_user=acting_user, reason=note, clean=False)


def _escalation_change(risk: Risk, group: PartnershipGroup) -> str:
    threshold = group.risk_escalation_threshold
    should = risk_scoring.should_escalate(risk.score, threshold)
    if should and not risk.escalated:
        risk.escalated = True
        risk.escalated_at = timezone.now()
        return f"escalated to the Executive’s register: score {risk.score} is above {threshold}"
    if not should and risk.escalated:
        risk.escalated = False
        return f"taken off the Executive’s register: score {risk.score} is {threshold} or less"
    return ""


def _tell_business_unit(risk: Risk, change: str) -> None:
    from django.contrib.auth import get_user_model

    from core.roles import Role

    people = get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label)
    notifications.notify(
        people,
        kind=RISK_ESCALATION.key,
        title=f"Risk {change.split(':')[0]}: {risk.title}",
        body=change[0].upper() + change[1:],
        url=risk.get_absolute_url(),
    )
