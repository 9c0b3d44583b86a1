"""What the audits app tells the retention review (a return is due six years after its cycle
closed, never while the cycle is open) and a person's data export (the returns they submitted,
accepted, answered and commented on)."""

import io

import pytest
from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook

from audits.services import cycles as cycle_services
from audits.services import submissions as services
from core import personal_data, retention

from .conftest import complete, submit

pytestmark = pytest.mark.django_db


def _due(cycle, years: int) -> set[int]:
    return set(
        retention.due("audit_submissions", today=cycle.closes_on + relativedelta(years=years)).values_list(
            "pk", flat=True
        )
    )


def test_a_return_is_due_six_years_after_its_cycle_closed_and_never_while_it_is_open(
    cycle, submission, police_submission, business
):
    assert _due(cycle, 100) == set()
    cycle_services.cycle_complete(acting_user=business, cycle=cycle)
    assert _due(cycle, 5) == set()
    assert _due(cycle, 6) == {submission.pk, police_submission.pk}
    description = retention.record_type("audit_submissions").describe(submission)
    assert str(submission.pk) in description and cycle.title in description


def _sheet(content: bytes, key: str) -> list[list]:
    """The rows (after the headers) of one source's sheet: sheets follow the sources' order."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    position = [s.key for s in personal_data.sources()].index(key) + 1
    return [list(row) for row in workbook.worksheets[position].iter_rows(values_only=True)][1:]


def test_the_export_lists_the_returns_a_person_answered_submitted_accepted_and_commented_on(
    cycle, submission, agency, agency_lead, business, questions
):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    services.submission_return(
        acting_user=business, submission=submission, comments={questions["2.1"].pk: "Which staff?"}
    )

    lead = personal_data.export(agency_lead)
    [returned] = _sheet(lead, "audit_returns")
    assert returned[:4] == [cycle.title, agency.name, "Submitted it", "Returned for clarification"]
    [answered] = _sheet(lead, "audit_answers")
    assert answered[:3] == [cycle.title, agency.name, 3]
    [comment] = _sheet(personal_data.export(business), "audit_comments")
    assert comment[:5] == [cycle.title, agency.name, "2.1", "clarification", "Which staff?"]
