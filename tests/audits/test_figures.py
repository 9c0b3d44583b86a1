"""The Section 11 return rate the scorecard computes: returns in by the closing date, as a
percentage of those asked for, for the Section 11 cycles that closed in the quarter."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audits.figures import SECTION_11_RETURN_RATE, section_11_return_rate
from audits.models import AuditSubmission, Framework
from audits.services import cycles as cycle_services
from core import assurance
from partnership.models import Organisation
from tests.factories import OrganisationFactory

from .conftest import complete, submit

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
JAN_MAR = (date(2026, 1, 1), date(2026, 3, 31))
APR_JUN = (date(2026, 4, 1), date(2026, 6, 30))


def _at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def _rate(quarter: tuple[date, date], today: date):
    with _at(today):
        return section_11_return_rate(*quarter)


@pytest.fixture
def closed_cycle(business, council, version, agency_lead, other_lead, agency, other_org, questions):
    """A Section 11 cycle closing on Friday 13 March 2026: the agency returns on the closing day
    (in the evening), the police three days late, and a third organisation is removed."""
    Organisation.objects.filter(pk=council.pk).update(audit_duty=Organisation.AuditDuty.NONE)
    removed = OrganisationFactory(name="Testshire Youth Club", kind="voluntary")
    with _at(date(2026, 1, 5)):
        cycle = cycle_services.cycle_create(
            acting_user=business,
            title="Section 11 audit 2026",
            version=version,
            opens_on=date(2026, 1, 5),
            closes_on=date(2026, 3, 13),
        )
        cycle_services.invitation_add(acting_user=business, cycle=cycle, organisations=[removed])
        cycle_services.cycle_launch(acting_user=business, cycle=cycle)
        cycle_services.invitation_remove(
            acting_user=business,
            submission=AuditSubmission.objects.get(cycle=cycle, organisation=removed),
            reason="It closed down",
        )
    on_time = AuditSubmission.objects.get(cycle=cycle, organisation=agency)
    with _at(date(2026, 3, 13), hour=23):
        complete(on_time, agency_lead, questions)
        submit(on_time, agency_lead)
    late = AuditSubmission.objects.get(cycle=cycle, organisation=other_org)
    with _at(date(2026, 3, 16)):
        complete(late, other_lead, questions)
        submit(late, other_lead)
    return cycle


def test_the_figure_is_registered_as_a_percentage_where_higher_is_better():
    figure = assurance.figure(SECTION_11_RETURN_RATE)
    assert figure is not None and figure in assurance.figures()
    assert (figure.unit, figure.higher_is_better) == ("percent", True)


def test_the_return_rate_counts_returns_in_by_the_closing_date(closed_cycle):
    assert _rate(JAN_MAR, date(2026, 4, 10)) == Decimal("50.0")
    assert _rate(APR_JUN, date(2026, 4, 10)) is None


def test_a_cycle_counts_once_its_closing_day_is_over(closed_cycle):
    assert _rate(JAN_MAR, date(2026, 3, 13)) is None
    assert _rate(JAN_MAR, date(2026, 3, 14)) == Decimal("50.0")


def test_a_return_sent_back_for_clarification_was_still_returned_on_time(closed_cycle, business, agency):
    from audits.services import submissions as services

    submission = AuditSubmission.objects.get(cycle=closed_cycle, organisation=agency)
    with _at(date(2026, 3, 20)):
        services.submission_return(acting_user=business, submission=submission, comments={}, overall="Add evidence")
    assert _rate(JAN_MAR, date(2026, 4, 10)) == Decimal("50.0")


def test_only_section_11_cycles_count(closed_cycle, framework):
    Framework.objects.filter(pk=framework.pk).update(duty=Framework.Duty.SCHOOLS)
    assert _rate(JAN_MAR, date(2026, 4, 10)) is None


def test_the_return_rate_is_one_query(closed_cycle, django_assert_num_queries):
    with _at(date(2026, 4, 10)), django_assert_num_queries(1):
        section_11_return_rate(*JAN_MAR)
