"""The scorecard: the business unit keeps the indicators; each quarter the owning
organisation's lead (or the business unit) enters the values, by form or spreadsheet."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import assurance, calendar, notifications
from core.roles import Role
from core.services import DomainError, note_history, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions_reporting as permissions
from .. import rag
from ..models import Indicator, IndicatorValue
from ..periods import Quarter

SCORECARD_EXCEPTION = notifications.register_kind(
    notifications.Kind(
        "scorecard_exception",
        "Scorecard exceptions",
        "When a value entered on the scorecard is red, or amber and getting worse",
    )
)
INDICATOR_FIELDS = (
    "name",
    "definition",
    "organisation",
    "unit",
    "polarity",
    "target",
    "amber_threshold",
    "red_threshold",
    "frequency",
    "priority",
    "computed_key",
    "position",
    "is_active",
)


@transaction.atomic
def indicator_save(*, acting_user: User, indicator: Indicator | None = None, **fields: object) -> Indicator:
    """Add or change an indicator. A computed one takes its unit and polarity from its figure."""
    refuse_unless(permissions.can_manage_indicators(acting_user))
    creating = indicator is None
    indicator = indicator or Indicator()
    for name, value in fields.items():
        if name not in INDICATOR_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(indicator, name, value)
    figure = assurance.figure(indicator.computed_key) if indicator.computed_key else None
    if figure is not None:
        indicator.unit = figure.unit
        indicator.polarity = Indicator.Polarity.HIGHER if figure.higher_is_better else Indicator.Polarity.LOWER
    if indicator.computed_key and not creating and indicator.values.exists():
        raise DomainError("This indicator has typed values, so it cannot become a computed one: add a new indicator")
    save_with_history(indicator, acting_user=acting_user, reason="Added" if creating else "Changed")
    return indicator


@dataclass
class Entered:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def value_enter(
    *, acting_user: User, indicator: Indicator, quarter: Quarter, value: Decimal, comment: str = "", tell: bool = True
) -> tuple[IndicatorValue, str]:
    """Record (or correct) an indicator's value for a quarter. Returns the value and what
    happened: "created", "changed" or "unchanged"."""
    refuse_unless(
        permissions.can_enter_value(acting_user, indicator),
        "Only the lead for the indicator’s organisation or the business unit can enter its values",
    )
    if quarter.start > calendar.today():
        raise DomainError(f"{quarter.label} has not started yet: enter values once it has")
    comment = comment.strip()
    row = IndicatorValue.objects.filter(indicator=indicator, year=quarter.year, quarter=quarter.quarter).first()
    if row is not None and row.value == value and row.comment == comment:
        return row, "unchanged"
    outcome = "created" if row is None else "changed"
    if row is None:
        row = IndicatorValue(indicator=indicator, year=quarter.year, quarter=quarter.quarter)
        reason = "Entered"
    else:
        reason = f"Changed from {indicator.show(row.value)}" if row.value != value else "Comment changed"
    previous_value = _previous_value(indicator, quarter)
    row.value = value
    row.comment = comment
    row.entered_by = acting_user
    row.entered_at = timezone.now()
    save_with_history(row, acting_user=acting_user, reason=reason)
    if tell:
        _tell_if_exception(indicator, quarter, value, previous_value)
    return row, outcome


@transaction.atomic
def values_enter(*, acting_user: User, quarter: Quarter, rows: list[tuple[Indicator, Decimal, str]]) -> Entered:
    """A quarter's values from the entry form or an import: all of them, or none."""
    entered = Entered()
    exceptions = []
    for indicator, value, comment in rows:
        previous_value = _previous_value(indicator, quarter)
        _, outcome = value_enter(
            acting_user=acting_user, indicator=indicator, quarter=quarter, value=value, comment=comment, tell=False
        )
        setattr(entered, outcome, getattr(entered, outcome) + 1)
        if outcome != "unchanged" and _is_exception(indicator, value, previous_value):
            exceptions.append(indicator)
    if exceptions:
        _tell_business_unit(quarter, exceptions)
    return entered


def _previous_value(indicator: Indicator, quarter: Quarter) -> Decimal | None:
    """The value reported before this quarter (the previous period, whatever the frequency)."""
    return (
        IndicatorValue.objects.filter(indicator=indicator)
        .filter(Q(year__lt=quarter.year) | Q(year=quarter.year, quarter__lt=quarter.quarter))
        .order_by("-year", "-quarter")
        .values_list("value", flat=True)
        .first()
    )


def _is_exception(indicator: Indicator, value: Decimal, previous: Decimal | None) -> bool:
    return rag.is_exception(indicator.rating(value), rag.movement(value, previous, indicator.polarity))


def _tell_if_exception(indicator: Indicator, quarter: Quarter, value: Decimal, previous: Decimal | None) -> None:
    if _is_exception(indicator, value, previous):
        _tell_business_unit(quarter, [indicator])


def _tell_business_unit(quarter: Quarter, indicators: list[Indicator]) -> None:
    people = get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label)
    names = ", ".join(i.name for i in indicators[:5]) + (
        f" and {len(indicators) - 5} more" if len(indicators) > 5 else ""
    )
    notifications.notify(
        people,
        kind=SCORECARD_EXCEPTION.key,
        title=f"Scorecard exception{'s' if len(indicators) != 1 else ''} for {quarter.label}",
        body=f"New values need attention: {names}.",
        url=indicators[0].get_absolute_url() if len(indicators) == 1 else reverse("scrutiny:scorecard-exceptions"),
    )


@transaction.atomic
def indicator_delete(*, acting_user: User, indicator: Indicator) -> None:
    """Remove an indicator added by mistake. One with values is retired instead, so that its
    history stays on the record."""
    refuse_unless(permissions.can_manage_indicators(acting_user))
    if indicator.values.exists():
        raise DomainError(f"“{indicator}” has values: retire it instead (untick “On the scorecard”) to keep them")
    note_history(indicator, acting_user=acting_user, reason="Deleted")
    indicator.delete()
