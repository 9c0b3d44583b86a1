"""Working days in England: weekends, England and Wales bank holidays, and closure days.

Pure functions with no database access. Counting starts the day after the start date: the
first working day after it is day 1, and "within N working days" means by the end of the
Nth (awareness on a Friday or a Saturday both make the following Monday day 1, when that
Monday is not a bank holiday).

Bank holidays come from the `holidays` package (UK, subdivision ENG), which matches GOV.UK's
England and Wales list including one-off days (19 September 2022, 8 May 2023) and substitute
days. It also lists the original weekend date of a substituted holiday, which is harmless
here because weekends are excluded first. `EXTRA_BANK_HOLIDAYS` holds any day announced after
the installed package was released.

`closures` is a set of extra non-working days a partnership chooses to count (for example a
council's office closure between Christmas and New Year); callers that know the database pass
them in (core.calendar does).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Days proclaimed after the installed `holidays` release. Add them here when announced.
EXTRA_BANK_HOLIDAYS: frozenset[date] = frozenset()
MAX_STEPS = 3660  # no rule spans ten years: a guard against runaway loops on bad input


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys()) | {
        d for d in EXTRA_BANK_HOLIDAYS if d.year == year
    }


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: date, closures: Iterable[date] = frozenset()) -> bool:
    if day.weekday() >= 5:
        return False
    if is_bank_holiday(day):
        return False
    return day not in closures


def add_working_days(start: date, n: int, closures: Iterable[date] = frozenset()) -> date:
    """The Nth working day after `start` (n > 0) or before it (n < 0). n == 0 is `start`."""
    closures = frozenset(closures)
    if n == 0:
        return start
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    day = start
    for _ in range(MAX_STEPS + remaining * 2):
        day += step
        if is_working_day(day, closures):
            remaining -= 1
            if remaining == 0:
                return day
    raise ValueError(f"No working day found within range of {start} + {n}")


def working_days_between(a: date, b: date, closures: Iterable[date] = frozenset()) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`.

    working_days_between(a, add_working_days(a, n)) == n for every n.
    """
    closures = frozenset(closures)
    if b == a:
        return 0
    if b < a:
        return -working_days_between(b, a, closures)
    # Weekdays after `a` up to `b` counted by whole weeks (an overdue deadline can span a year:
    # stepped day by day, that was hundreds of calls for each deadline on a page), less the bank
    # holidays and closures among them.
    weeks, rest = divmod((b - a).days, 7)
    count = weeks * 5 + sum(1 for i in range(1, rest + 1) if (a.weekday() + i) % 7 < 5)
    holidays = set(closures).union(*(bank_holidays(year) for year in range(a.year, b.year + 1)))
    return count - sum(1 for day in holidays if a < day <= b and day.weekday() < 5)


def add_months(start: date, months: int) -> date:
    """The same day of the month `months` later (or earlier); the month's last day when the
    month is shorter (31 August + 6 months is 28 or 29 February)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = _days_in_month(year, month)
    return date(year, month, min(start.day, last_day))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day
