"""The statutory clock for cases and reviews follows the partnership's rules exactly: Fridays
before Christmas, late notifications, rules the partnership changes, paused reviews."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import Deadline
from core.services import deadlines as clock
from reviews.selectors.pipeline import compliance_by_year
from reviews.services import cases, practice, rapid
from tests.reviews.conftest import case_fields

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def _deadline(subject, key: str) -> Deadline:
    return Deadline.objects.for_subject(subject).get(rule__key=key)


def _record(business, agency, **overrides):
    return cases.incident_record(acting_user=business, **case_fields(agencies=[agency], **overrides))


def test_awareness_on_the_friday_before_christmas_skips_christmas_and_boxing_day(business, agency, practice_group):
    with _at(date(2025, 12, 19)):
        incident = _record(business, agency, incident_on=date(2025, 12, 18), aware_on=date(2025, 12, 19))
    deadline = _deadline(incident, "serious_incident_notification")
    # Mon 22, Tue 23, Wed 24, (Christmas, Boxing Day, the weekend), Mon 29, Tue 30.
    assert deadline.due_date == date(2025, 12, 30)
    assert deadline.start_date == date(2025, 12, 19)
    assert deadline.rule.is_statutory


def test_a_late_notification_is_met_late_and_the_rapid_review_counts_from_it(business, agency, practice_group):
    with _at(date(2025, 6, 2)):
        incident = _record(business, agency, incident_on=date(2025, 5, 31), aware_on=date(2025, 6, 2))
    assert _deadline(incident, "serious_incident_notification").due_date == date(2025, 6, 9)
    with _at(date(2025, 6, 12)):
        cases.incident_notify(acting_user=business, incident=incident, notified_on=date(2025, 6, 11))
    notification = _deadline(incident, "serious_incident_notification")
    assert notification.status == Deadline.Status.MET and notification.met_on_time is False
    rapid_deadline = _deadline(incident.rapid_review, "rapid_review")
    assert rapid_deadline.start_date == date(2025, 6, 11)
    assert rapid_deadline.due_date == date(2025, 7, 2)
    with _at(date(2025, 6, 12)):
        figures = compliance_by_year()
    assert figures[0].year == 2025
    assert (figures[0].notifications.on_time, figures[0].notifications.late) == (0, 1)
    assert figures[0].rapid_reviews.pending == 1


def test_a_rule_changed_by_the_partnership_applies_to_rapid_reviews_opened_after(business, agency, practice_group):
    with _at(date(2025, 6, 3)):
        before = _record(business, agency, incident_on=date(2025, 6, 1), aware_on=date(2025, 6, 2))
        cases.incident_notify(acting_user=business, incident=before, notified_on=date(2025, 6, 3))
        clock.rule_update(
            acting_user=business,
            rule=clock.rule_for("rapid_review"),
            amount=20,
            start_point="awareness",
            reminder_lead_days=3,
            escalate_after_days=1,
            reason="Our arrangements count from awareness",
        )
        after = _record(
            business, agency, child_pseudonym="Child J", incident_on=date(2025, 6, 1), aware_on=date(2025, 6, 2)
        )
        cases.incident_notify(acting_user=business, incident=after, notified_on=date(2025, 6, 3))
    # The first kept its 15 working days from the notification; the second counts 20 from awareness.
    assert _deadline(before.rapid_review, "rapid_review").due_date == date(2025, 6, 24)
    changed = _deadline(after.rapid_review, "rapid_review")
    assert changed.start_date == date(2025, 6, 2)
    assert changed.due_date == date(2025, 6, 30)


def test_a_referral_reviewed_without_notification_counts_from_the_day_it_opens(business, agency, practice_group):
    with _at(date(2025, 9, 8)):
        referral = cases.referral_make(
            acting_user=business,
            organisation=agency,
            referral_reason="Neglect over a long period",
            **case_fields(incident_on=date(2025, 8, 1), aware_on=date(2025, 8, 4)),
        )
        review = cases.referral_to_rapid_review(acting_user=business, incident=referral)
    assert not Deadline.objects.for_subject(referral).exists()
    assert _deadline(review, "rapid_review").due_date == date(2025, 9, 29)


def test_a_rapid_review_sent_within_15_working_days_counts_as_on_time(business, agency, chair, practice_group):
    with _at(date(2025, 3, 10)):
        incident = _record(business, agency, incident_on=date(2025, 3, 7), aware_on=date(2025, 3, 7))
        cases.incident_notify(acting_user=business, incident=incident, notified_on=date(2025, 3, 10))
    review = incident.rapid_review
    with _at(date(2025, 3, 28)):
        rapid.rapid_review_decide(
            acting_user=business,
            rapid_review=review,
            decision="lcspr",
            decision_reasons="The criteria are met",
            decided_on=date(2025, 3, 27),
        )
        rapid.rapid_review_send(acting_user=business, rapid_review=review, sent_on=date(2025, 3, 28))
        figures = compliance_by_year()[0]
    assert _deadline(review, "rapid_review").met_on_time is True
    assert figures.notifications.on_time == 1 and figures.rapid_reviews.on_time == 1
    assert _deadline(review, "panel_response").due_date == date(2025, 4, 11)


def test_a_paused_practice_review_stops_the_clock_and_moves_the_deadline_on(business, practice_group):
    with _at(date(2025, 3, 3)):
        review = practice.practice_review_create(
            acting_user=business, kind="thematic", title="Adolescent exploitation", decided_on=date(2025, 3, 3)
        )
    assert _deadline(review, "practice_review").due_date == date(2025, 9, 3)
    with _at(date(2025, 4, 1)):
        practice.practice_review_pause(acting_user=business, review=review, reason="Criminal proceedings")
    paused = _deadline(review, "practice_review")
    assert paused.status == Deadline.Status.PAUSED and paused.paused_on == date(2025, 4, 1)
    with _at(date(2025, 5, 1)):
        figures = compliance_by_year()[0]
        practice.practice_review_resume(acting_user=business, review=review)
    assert figures.practice_reviews.pending == 1 and figures.practice_reviews.overdue == 0
    resumed = _deadline(review, "practice_review")
    assert resumed.status == Deadline.Status.OPEN
    assert resumed.due_date == date(2025, 10, 3)  # 30 days paused
    assert review.pauses.get().resumed_on == date(2025, 5, 1)


def test_the_pre_publication_copy_is_due_7_working_days_before_publication(business, practice_group, agency):
    with _at(date(2025, 3, 3)):
        review = practice.practice_review_create(
            acting_user=business, kind="lcspr", title="Learning about neglect", decided_on=date(2025, 3, 3)
        )
        practice.practice_review_update(acting_user=business, review=review, publication_planned_on=date(2025, 7, 14))
    copy_deadline = _deadline(review, "pre_publication_copy")
    assert copy_deadline.due_date == date(2025, 7, 3)
    with _at(date(2025, 3, 4)):
        practice.practice_review_update(acting_user=business, review=review, publication_planned_on=date(2025, 7, 21))
    live = Deadline.objects.for_subject(review).filter(rule__key="pre_publication_copy").exclude(status="cancelled")
    assert [d.due_date for d in live] == [date(2025, 7, 10)]
