"""What the reviews app tells the retention review (cases and reviews are due only once they
have concluded) and a person's data export (their roles and returns, by reference, never a
child's pseudonym)."""

import io

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import personal_data, retention
from reviews.models import PracticeReview
from reviews.services import cases, practice, rapid

pytestmark = pytest.mark.django_db


def _due(key: str, years: int) -> set[int]:
    """What is due `years` after today: the default period is 15 years."""
    return set(retention.due(key, today=timezone.localdate() + relativedelta(years=years)).values_list("pk", flat=True))


def _conclude(business, rapid_review):
    today = timezone.localdate()
    rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=rapid_review,
        decision="no_further_review",
        decision_reasons="The learning is already known",
        decided_on=today,
    )
    rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=today)
    rapid.panel_response_record(
        acting_user=business, rapid_review=rapid_review, panel_response="agrees", panel_response_on=today
    )


def test_a_case_closed_without_review_is_due_after_its_period_and_a_live_case_never(business, record_case):
    live = record_case()
    closed = cases.incident_close(acting_user=business, incident=record_case(), reason="Recorded in error")
    assert _due("review_cases", 14) == set()
    assert _due("review_cases", 15) == {closed.pk}
    assert _due("review_cases", 100) == {closed.pk}, f"case {live.reference} is live"
    description = retention.record_type("review_cases").describe(closed)
    assert closed.reference in description and "Child H" not in description


def test_a_rapid_review_is_due_once_the_panel_has_responded(business, rapid_review, notified_case):
    in_progress = notified_case().rapid_review
    _conclude(business, rapid_review)
    assert _due("rapid_reviews", 15) == {rapid_review.pk}
    assert in_progress.pk not in _due("rapid_reviews", 100)
    # The case concludes with its review; the other case's review is still live.
    assert _due("review_cases", 15) == {rapid_review.incident_id}
    description = retention.record_type("rapid_reviews").describe(rapid_review)
    assert rapid_review.incident.reference in description and "Child H" not in description


def test_a_practice_review_is_due_once_completed_and_keeps_its_case_live_until_then(business, rapid_review):
    _conclude(business, rapid_review)
    review = practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.SINGLE_AGENCY,
        title="Health visiting",
        decided_on=timezone.localdate(),
        incident=rapid_review.incident,
    )
    assert _due("practice_reviews", 100) == set()
    assert _due("review_cases", 100) == set()
    practice.report_upload(
        acting_user=business, review=review, which="final", upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")
    )
    practice.practice_review_complete(acting_user=business, review=review, completed_on=timezone.localdate())
    assert _due("practice_reviews", 14) == set()
    assert _due("practice_reviews", 15) == {review.pk}
    assert _due("review_cases", 15) == {rapid_review.incident_id}


def _sheet(content: bytes, key: str) -> list[list]:
    """The rows (after the headers) of one source's sheet: sheets follow the sources' order."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    position = [s.key for s in personal_data.sources()].index(key) + 1
    return [list(row) for row in workbook.worksheets[position].iter_rows(values_only=True)][1:]


def _everything(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row)


def test_the_export_lists_review_panels_and_returns_by_reference_only(
    business, chair, agency, agency_lead, rapid_review
):
    reference = rapid_review.incident.reference
    [agency_return] = rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    rapid.return_submit(
        acting_user=agency_lead,
        agency_return=agency_return,
        chronology="Child H was seen by the health visitor",
        analysis="Child H was not seen alone",
    )

    chair_export = personal_data.export(chair)
    [role] = _sheet(chair_export, "review_roles")
    assert role[:2] == [f"Rapid review, case {reference}", "Chair of the rapid review panel"]
    lead_export = personal_data.export(agency_lead)
    [sent] = _sheet(lead_export, "agency_returns")
    assert sent[:4] == [f"Case {reference}", agency.name, "Sent it", timezone.localdate().isoformat()]
    for content in (chair_export, lead_export, personal_data.export(business)):
        assert "Child H" not in _everything(content)


def test_the_retention_page_lists_a_due_case_by_reference_and_a_hold_keeps_it(business, record_case, client_for):
    closed = cases.incident_close(acting_user=business, incident=record_case(), reason="Recorded in error")
    retention.rule_save(acting_user=business, key="review_cases", years=1, action="delete", basis="Test")
    with time_machine.travel(timezone.now() + relativedelta(years=1, days=1)):
        page = client_for(business).get(reverse("core:retention-due", args=["review_cases"]))
        assert page.status_code == 200
        assert f"Case {closed.reference}" in page.content.decode() and "Child H" not in page.content.decode()
        hold = retention.hold_place(acting_user=business, key="review_cases", subject=closed, reason="Inquest")
        assert hold.description.startswith(f"Case {closed.reference}")
        assert not retention.due("review_cases").exists()
