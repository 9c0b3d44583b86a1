"""The working-day calendar, pinned on dates checked by hand against GOV.UK's bank holidays.

No database: these are pure functions.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.working_days import (
    add_months,
    add_working_days,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)

CHRISTMAS_CLOSURE_2025 = {date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)}


@pytest.mark.parametrize(
    ("aware", "n", "due"),
    [
        # Friday and Saturday awareness both make the following Monday day 1.
        (date(2025, 6, 6), 1, date(2025, 6, 9)),
        (date(2025, 6, 7), 1, date(2025, 6, 9)),
        (date(2025, 6, 8), 1, date(2025, 6, 9)),
        (date(2025, 6, 6), 5, date(2025, 6, 13)),
        (date(2025, 6, 7), 5, date(2025, 6, 13)),
        # Easter 2025: Good Friday 18 April, Easter Monday 21 April.
        (date(2025, 4, 17), 1, date(2025, 4, 22)),
        (date(2025, 4, 17), 5, date(2025, 4, 28)),
        # Aware on the Friday before Christmas 2025: Christmas Day, Boxing Day and New Year's Day skipped.
        (date(2025, 12, 19), 5, date(2025, 12, 30)),
        (date(2025, 12, 19), 15, date(2026, 1, 14)),
        # Christmas 2021 fell on a weekend: substitute days on 27 and 28 December, and 3 January 2022.
        (date(2021, 12, 23), 5, date(2022, 1, 4)),
        # One-off bank holidays: the State Funeral (19 September 2022), the Platinum Jubilee
        # (2 and 3 June 2022) and the Coronation (8 May 2023).
        (date(2022, 9, 16), 1, date(2022, 9, 20)),
        (date(2022, 9, 16), 5, date(2022, 9, 26)),
        (date(2022, 6, 1), 1, date(2022, 6, 6)),
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
        # Leap day is an ordinary working day.
        (date(2024, 2, 28), 1, date(2024, 2, 29)),
        (date(2024, 2, 28), 2, date(2024, 3, 1)),
        # Year end: New Year's Day 2027 is a Friday.
        (date(2026, 12, 30), 2, date(2027, 1, 4)),
    ],
)
def test_add_working_days(aware, n, due):
    assert add_working_days(aware, n) == due


def test_closure_days_the_partnership_adds_are_skipped():
    assert add_working_days(date(2025, 12, 19), 5, CHRISTMAS_CLOSURE_2025) == date(2026, 1, 5)
    assert not is_working_day(date(2025, 12, 30), CHRISTMAS_CLOSURE_2025)
    assert is_working_day(date(2025, 12, 30))


def test_counting_backwards_for_deadlines_before_an_event():
    # Papers due 5 working days before a meeting on Thursday 8 January 2026.
    assert add_working_days(date(2026, 1, 8), -5) == date(2025, 12, 31)
    # Pre-publication copy 7 working days before publication on Tuesday 6 May 2025 (5 May is a bank holiday).
    assert add_working_days(date(2025, 5, 6), -7) == date(2025, 4, 24)


def test_working_days_between_counts_from_the_day_after():
    assert working_days_between(date(2025, 12, 19), date(2025, 12, 30)) == 5
    assert working_days_between(date(2025, 12, 19), date(2025, 12, 19)) == 0
    assert working_days_between(date(2025, 12, 30), date(2025, 12, 19)) == -5
    # Saturday to Monday is one working day; Friday to Sunday is none.
    assert working_days_between(date(2025, 6, 7), date(2025, 6, 9)) == 1
    assert working_days_between(date(2025, 6, 6), date(2025, 6, 8)) == 0


def test_weekends_are_never_working_days_and_substituted_weekend_dates_do_not_count_twice():
    assert not is_working_day(date(2021, 12, 25))  # a Saturday, also in the holidays list
    assert not is_working_day(date(2021, 12, 27))  # its substitute Monday
    assert is_working_day(date(2021, 12, 29))
    assert is_bank_holiday(date(2023, 5, 8)) and is_bank_holiday(date(2022, 9, 19))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 6, date(2025, 7, 15)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 10, 31), 3, date(2026, 1, 31)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, expected):
    assert add_months(start, months) == expected


working_day_starts = st.dates(min_value=date(2019, 1, 1), max_value=date(2029, 12, 31)).filter(is_working_day)


@settings(max_examples=300, deadline=None)
@given(start=working_day_starts, n=st.integers(min_value=-60, max_value=60))
def test_between_undoes_add_for_working_day_starts(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2019, 1, 1), max_value=date(2029, 12, 31)), n=st.integers(1, 60))
def test_adding_always_lands_on_a_working_day_after_the_start(start, n):
    due = add_working_days(start, n)
    assert due > start and is_working_day(due)
    assert working_days_between(start, due) == n
    assert working_days_between(start, due - timedelta(days=1)) == n - 1


def test_working_days_between_counts_as_stepping_day_by_day_would():
    """Counted by whole weeks less holidays and closures: the same as stepping day by day,
    over spans of every length and start day, bank holidays, closures and year ends."""
    import random
    from datetime import date, timedelta

    from core.working_days import is_working_day, working_days_between

    def stepped(a, b, closures):
        return sum(1 for n in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=n), closures))

    chooser = random.Random(19)
    closures = {date(2025, 12, 29), date(2025, 12, 30), date(2026, 6, 13), date(2027, 1, 4)}
    for _ in range(400):
        a = date(2024, 11, 1) + timedelta(days=chooser.randrange(900))
        b = a + timedelta(days=chooser.randrange(0, 500))
        assert working_days_between(a, b, closures) == stepped(a, b, closures), (a, b)
        assert working_days_between(b, a, closures) == -stepped(a, b, closures), (a, b)
