"""The training needs analysis against attendance, the scorecard figures and the yearly
report's section: all computed from the records, never typed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core import assurance
from core.services import DomainError
from tests.factories import OrganisationFactory
from training import figures
from training.models import BookingMessage, Evaluation, FollowUp, WorkforceNeed
from training.report import context as report_context
from training.selectors.needs import rows_for, year_totals
from training.services.needs import needs_record
from training.years import year_bounds, year_of

from .builders import make_booking, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return year_of(timezone.localdate())


def test_an_agency_lead_records_their_own_agencys_needs_only(agency_lead, agency, business, year):
    needs_record(acting_user=agency_lead, organisation=agency, year=year, staff={"1": 400, "2": 120})
    with pytest.raises(PermissionDenied):
        needs_record(acting_user=agency_lead, organisation=OrganisationFactory(), year=year, staff={"1": 5})
    with pytest.raises(DomainError, match="Choose a training year"):
        needs_record(acting_user=business, organisation=agency, year=year - 20, staff={"1": 5})
    # Saving again changes one figure and removes one left empty.
    needs_record(acting_user=business, organisation=agency, year=year, staff={"1": 410, "2": None, "3": 12})
    assert dict(WorkforceNeed.objects.filter(organisation=agency, year=year).values_list("level", "staff")) == {
        "1": 410,
        "3": 12,
    }


def test_attendance_against_need_counts_people_not_places(business, agency_lead, practitioner, agency, member, year):
    needs_record(acting_user=business, organisation=agency, year=year, staff={"2": 10})
    course = make_course(business, level="2")
    today = timezone.localdate()
    first, second = (
        make_session(business, course, day=max(today - timedelta(days=d), year_bounds(year)[0]), past=True)
        for d in (3, 2)
    )
    make_booking(practitioner, first, attendance="attended")
    make_booking(practitioner, second, attendance="attended")  # the same person twice: one person trained
    make_booking(agency_lead, first, attendance="absent")
    row = rows_for([agency], year)[0]
    level_2 = row.cells[1]
    assert (level_2.need, level_2.trained, level_2.gap) == (10, 1, 9)
    assert level_2.met == Decimal("10.0")
    assert row.absent == 1
    assert row.places == 3
    assert [c.trained for c in year_totals(year)] == [0, 1, 0, 0]


def test_the_scorecard_figures_come_from_the_records(business, practitioner, agency_lead, member, course, trainer):
    today = timezone.localdate()
    session = make_session(business, course, day=today - timedelta(days=1), past=True, trainers=[trainer])
    came = make_booking(practitioner, session, attendance="attended")
    make_booking(agency_lead, session, attendance="absent")
    Evaluation.objects.create(
        session=session, booking=came, confidence_before=2, confidence_after=4, usefulness=4, will_do_differently="x"
    )
    BookingMessage.objects.create(booking=came, stage=BookingMessage.Stage.FOLLOW_UP, sent_at=timezone.now())
    FollowUp.objects.create(session=session, booking=came, practice_changed="yes", what_changed="y")
    start, end = today - timedelta(days=30), today
    assert figures.attendance(start, end) == Decimal("50.0")
    assert figures.evaluation_response(start, end) == Decimal("100.0")
    assert figures.follow_up_response(start, end) == Decimal("100.0")
    assert figures.practitioners_trained(start, end) == Decimal(1)
    assert figures.pool_hours(start, end) == Decimal("3.0")
    assert figures.attendance(today - timedelta(days=400), today - timedelta(days=300)) is None
    keys = {f.key for f in assurance.figures()}
    assert {figures.ATTENDANCE, figures.EVALUATION_RESPONSE, figures.FOLLOW_UP_RESPONSE} <= keys


def test_the_yearly_report_section_holds_plain_values(business, practitioner, course, trainer, year):
    today = timezone.localdate()
    session = make_session(business, course, day=today - timedelta(days=1), past=True, trainers=[trainer])
    booking = make_booking(practitioner, session, attendance="attended")
    FollowUp.objects.create(
        session=session, booking=booking, practice_changed="yes", what_changed="I ask children first"
    )
    start, end = year_bounds(year)
    section = report_context(start, end)
    assert section["has_content"] is True
    assert (section["sessions"], section["attended"], section["people"]) == (1, 1, 1)
    assert section["quotes"] == [{"course": course.title, "text": "I ask children first"}]
    assert section["pool"]["trainers"] == 1
    assert registered_section_key() == "training"

    def plain(value):
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, str | int | Decimal | bool)

    assert plain(section)


def registered_section_key():
    return next(s.key for s in assurance.report_sections() if s.title == "Training and its impact")
