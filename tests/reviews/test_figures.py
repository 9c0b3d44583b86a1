"""The scorecard figures the reviews app computes: notifications and rapid reviews sent to the
Panel on time, per quarter, from the stored deadlines."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core import assurance
from core.models import Deadline
from reviews.figures import NOTIFICATIONS_ON_TIME, RAPID_REVIEWS_ON_TIME, notifications_on_time, rapid_reviews_on_time
from reviews.services import cases, rapid
from tests.reviews.conftest import case_fields

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
OCT_DEC_2025 = (date(2025, 10, 1), date(2025, 12, 31))
JAN_MAR = (date(2026, 1, 1), date(2026, 3, 31))
APR_JUN = (date(2026, 4, 1), date(2026, 6, 30))


def _at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def _record(business, agency, aware_on: date):
    with _at(aware_on):
        return cases.incident_record(
            acting_user=business, **case_fields(agencies=[agency], incident_on=aware_on, aware_on=aware_on)
        )


def _notify(business, incident, on: date):
    with _at(on):
        cases.incident_notify(acting_user=business, incident=incident, notified_on=on)
    incident.refresh_from_db()
    return incident


def _due(subject, key: str) -> date:
    return Deadline.objects.for_subject(subject).get(rule__key=key).due_date


def _figure(compute, quarter: tuple[date, date], today: date):
    with _at(today):
        return compute(*quarter)


def test_both_figures_are_registered_as_percentages_where_higher_is_better():
    for key in (NOTIFICATIONS_ON_TIME, RAPID_REVIEWS_ON_TIME):
        figure = assurance.figure(key)
        assert figure is not None and figure in assurance.figures()
        assert (figure.unit, figure.higher_is_better) == ("percent", True)


def test_notifications_on_time_counts_deadlines_falling_due_in_the_quarter(business, agency, practice_group):
    on_time = _record(business, agency, date(2026, 1, 5))  # due Monday 12 January
    _notify(business, on_time, date(2026, 1, 12))  # on the due date itself: on time
    late = _record(business, agency, date(2026, 2, 2))  # due 9 February
    _notify(business, late, date(2026, 2, 11))
    _record(business, agency, date(2026, 3, 2))  # due 9 March, never sent: late once it passed
    closed = _record(business, agency, date(2026, 3, 3))
    with _at(date(2026, 3, 4)):
        cases.incident_close(acting_user=business, incident=closed, reason="Recorded in error")
    # Aware on 30 March: Good Friday and Easter Monday push the deadline to 8 April, in Q2.
    after_easter = _record(business, agency, date(2026, 3, 30))
    assert _due(after_easter, "serious_incident_notification") == date(2026, 4, 8)
    _notify(business, after_easter, date(2026, 3, 31))

    assert _figure(notifications_on_time, JAN_MAR, date(2026, 4, 15)) == Decimal("33.3")
    assert _figure(notifications_on_time, APR_JUN, date(2026, 4, 15)) == Decimal("100.0")
    assert _figure(notifications_on_time, OCT_DEC_2025, date(2026, 4, 15)) is None


def test_a_notification_not_yet_due_and_not_yet_sent_is_not_counted(business, agency, practice_group):
    _record(business, agency, date(2026, 3, 2))  # due 9 March
    assert _figure(notifications_on_time, JAN_MAR, date(2026, 3, 9)) is None  # it can still be sent today
    assert _figure(notifications_on_time, JAN_MAR, date(2026, 3, 10)) == Decimal("0.0")


def _send(business, rapid_review, sent_on: date):
    with _at(sent_on):
        rapid.rapid_review_decide(
            acting_user=business,
            rapid_review=rapid_review,
            decision="no_further_review",
            decision_reasons="The learning is already known",
            decided_on=sent_on,
        )
        rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=sent_on)


def test_rapid_reviews_on_time_counts_each_sent_by_its_deadline(business, agency, practice_group):
    first = _notify(business, _record(business, agency, date(2026, 1, 5)), date(2026, 1, 8)).rapid_review
    second = _notify(business, _record(business, agency, date(2026, 2, 2)), date(2026, 2, 4)).rapid_review
    first_due, second_due = _due(first, "rapid_review"), _due(second, "rapid_review")
    assert JAN_MAR[0] <= first_due < second_due <= JAN_MAR[1]
    _send(business, first, first_due)
    _send(business, second, second_due + timedelta(days=1))

    assert _figure(rapid_reviews_on_time, JAN_MAR, date(2026, 4, 15)) == Decimal("50.0")
    assert _figure(rapid_reviews_on_time, APR_JUN, date(2026, 4, 15)) is None


def test_each_figure_is_one_query_whatever_the_number_of_cases(
    business, agency, practice_group, django_assert_max_num_queries
):
    for day in (5, 6, 7):
        _notify(business, _record(business, agency, date(2026, 1, day)), date(2026, 1, day + 1))
    with _at(date(2026, 4, 15)), django_assert_max_num_queries(1):
        assert notifications_on_time(*JAN_MAR) == Decimal("100.0")
    with _at(date(2026, 4, 15)), django_assert_max_num_queries(1):
        assert rapid_reviews_on_time(*JAN_MAR) == Decimal("0.0")
