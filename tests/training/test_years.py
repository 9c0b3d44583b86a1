"""The training year and the follow-up date: pure date arithmetic, no database."""

from datetime import date

from training.years import follow_up_due, year_bounds, year_label, year_of


def test_the_training_year_runs_from_april_to_march():
    assert year_of(date(2026, 3, 31)) == 2025
    assert year_of(date(2026, 4, 1)) == 2026
    assert year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))
    assert year_label(2025) == "2025 to 2026"


def test_the_follow_up_is_due_three_months_on_or_at_the_end_of_a_shorter_month():
    assert follow_up_due(date(2026, 1, 15)) == date(2026, 4, 15)
    assert follow_up_due(date(2025, 11, 30)) == date(2026, 2, 28)
    assert follow_up_due(date(2027, 11, 30)) == date(2028, 2, 29)
    assert follow_up_due(date(2026, 10, 31)) == date(2027, 1, 31)
