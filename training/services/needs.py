"""The training needs analysis: an agency's staff needing each level, once a year."""

from django.db import transaction

from core import calendar
from core.services import DomainError, note_history, refuse_unless, save_with_history
from partnership.models import Organisation, User

from .. import permissions
from ..models import Level, WorkforceNeed
from ..years import year_label, year_of

# How far back and ahead a needs analysis may be recorded.
YEARS_BACK, YEARS_AHEAD = 5, 1


def years_open() -> list[int]:
    current = year_of(calendar.today())
    return list(range(current + YEARS_AHEAD, current - YEARS_BACK - 1, -1))


@transaction.atomic
def needs_record(
    *, acting_user: User, organisation: Organisation, year: int, staff: dict[str, int | None]
) -> list[WorkforceNeed]:
    """Set the agency's figures for the year: `staff` maps each level to the number of staff
    needing it (None leaves the level without a figure, removing one recorded before)."""
    refuse_unless(permissions.can_record_needs(acting_user, organisation))
    if year not in years_open():
        raise DomainError(
            f"Choose a training year from {year_label(years_open()[-1])} to {year_label(years_open()[0])}"
        )
    existing = {
        n.level: n for n in WorkforceNeed.objects.select_for_update().filter(organisation=organisation, year=year)
    }
    saved = []
    for level in Level.values:
        count = staff.get(level)
        need = existing.get(level)
        if count is None:
            if need is not None:
                note_history(need, acting_user=acting_user, reason="Figure removed")
                need.delete()
            continue
        if need is not None and need.staff == count:
            saved.append(need)
            continue
        need = need or WorkforceNeed(organisation=organisation, year=year, level=level)
        need.staff = count
        need.recorded_by = acting_user
        saved.append(save_with_history(need, acting_user=acting_user, reason=f"Needs analysis for {year_label(year)}"))
    return saved
