"""Scorecard figures the portal already knows, registered with core.assurance so the scorecard
computes them instead of having them typed. (The reviews and audits apps register theirs:
notifications and rapid reviews on time, the Section 11 return rate.)"""

from datetime import date
from decimal import Decimal

from django.db.models import Q

from core import assurance, calendar
from subgroups.models import Action

OVERDUE_ACTIONS = "overdue_actions"


def overdue_actions(start: date, end: date) -> Decimal | None:
    """Actions in approved plans that were overdue at the end of the period (or today, for
    the quarter under way): due before then and not completed by then."""
    at = min(end, calendar.today())
    if at < start:
        return None
    count = (
        Action.objects.filter(due_date__lt=at, plan__approved_at__date__lte=at)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__date__gt=at))
        .count()
    )
    return Decimal(count)


def register() -> None:
    assurance.register_figure(
        assurance.ComputedFigure(
            key=OVERDUE_ACTIONS,
            label="Actions overdue at the end of the quarter",
            definition="Actions in approved action plans (every sub-group, review and audit plan) that were past "
            "their due date and not complete on the last day of the quarter.",
            unit="number",
            higher_is_better=False,
            compute=overdue_actions,
            sources=("subgroups.Action", "subgroups.ActionPlan"),
        )
    )
