"""The training year: April to March, like the partnership's financial and reporting year.
Pure date arithmetic, no database."""

from datetime import date, timedelta

from core.working_days import add_months

FIRST_MONTH = 4


def year_of(day: date) -> int:
    """The training year a day falls in, named by the year it starts: 2025 is April 2025 to
    March 2026."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of the training year (both inclusive)."""
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


# The follow-up asks what changed in practice this long after the session, and is chased once
# this many days after it was sent.
FOLLOW_UP_MONTHS = 3
CHASE_AFTER_DAYS = 14


def follow_up_due(session_date: date) -> date:
    return add_months(session_date, FOLLOW_UP_MONTHS)
