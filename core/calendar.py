"""The partnership's working-day calendar: the pure working-day functions plus the closure
days the business unit keeps in the portal (cached; the cache is dropped when they change)."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.core.cache import cache
from django.utils import timezone

from . import working_days

CACHE_KEY = "closure-days"


def closure_days() -> frozenset[date]:
    days: frozenset[date] | None = cache.get(CACHE_KEY)
    if days is None:
        from .models import ClosureDay

        days = frozenset(ClosureDay.objects.values_list("date", flat=True))
        cache.set(CACHE_KEY, days, 3600)
    return days


def forget_closure_days() -> None:
    cache.delete(CACHE_KEY)


def today() -> date:
    return timezone.localdate()


def is_working_day(day: date) -> bool:
    return working_days.is_working_day(day, closure_days())


def add_working_days(start: date, n: int) -> date:
    return working_days.add_working_days(start, n, closure_days())


def working_days_between(a: date, b: date) -> int:
    return working_days.working_days_between(a, b, closure_days())


# The stored calendar (core.models.CalendarDay) ----------------------------------------------

CALENDAR_START = date(2015, 1, 1)
CALENDAR_YEARS_AHEAD = 6


def calendar_end(today: date | None = None) -> date:
    return date((today or timezone.localdate()).year + CALENDAR_YEARS_AHEAD, 12, 31)


def calendar_rows(closures: Iterable[date], end: date) -> list[tuple[date, int, bool]]:
    """(day, ordinal, is working) for every day from CALENDAR_START to `end`, from the
    pure-Python reference."""
    rows: list[tuple[date, int, bool]] = []
    ordinal = 0
    day = CALENDAR_START
    step = timedelta(days=1)
    while day <= end:
        working = working_days.is_working_day(day, closures)
        ordinal += working
        rows.append((day, ordinal, working))
        day += step
    return rows


def sync_calendar_days(today: date | None = None, force: bool = False) -> bool:
    """Make the stored calendar match the reference (bank holidays, closure days, the range
    covered). Cheap when nothing changed: one query reads the table's range, top ordinal and
    its non-working weekdays (a few hundred rows), which together determine every ordinal.
    Returns whether it rebuilt the table."""
    from django.db import connection, transaction
    from django.db.models import Count, Max, Min

    from .models import CalendarDay

    closures = frozenset(closure_days())
    end = calendar_end(today)
    rows = _rows_for(closures, end)
    if not force:
        stored = CalendarDay.objects.aggregate(n=Count("day"), first=Min("day"), last=Max("day"), top=Max("ordinal"))
        expected = {"n": len(rows), "first": rows[0][0], "last": rows[-1][0], "top": rows[-1][1]}
        if stored == expected:
            # Django's week_day: 2 (Monday) to 6 (Friday).
            stored_off = set(
                CalendarDay.objects.filter(is_working=False, day__week_day__in=[2, 3, 4, 5, 6]).values_list(
                    "day", flat=True
                )
            )
            if stored_off == {d for d, _, working in rows if not working and d.weekday() < 5}:
                return False
    table = CalendarDay._meta.db_table
    with transaction.atomic():
        CalendarDay.objects.all().delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (day, ordinal, is_working) "  # noqa: S608  # nosec B608 - the model's table
                    "SELECT * FROM unnest(%s::date[], %s::int[], %s::boolean[])",
                    [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
                )
        else:
            CalendarDay.objects.bulk_create(
                [CalendarDay(day=d, ordinal=o, is_working=w) for d, o, w in rows], batch_size=500
            )
    return True


@lru_cache(maxsize=8)
def _rows_for(closures: frozenset[date], end: date) -> tuple[tuple[date, int, bool], ...]:
    return tuple(calendar_rows(closures, end))


def cached_rows(closures: Iterable[date], today: date) -> tuple[tuple[date, int, bool], ...]:
    """calendar_rows for the current range, computed once per process and closure set."""
    return _rows_for(frozenset(closures), calendar_end(today))
