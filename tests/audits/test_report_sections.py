"""The yearly report's section on audits (audits.report_sections): return rates per duty with
the Section 11 return rate, outcomes by standard, and case audit findings; in the report and
its PDF; never one organisation's return; a bounded number of queries."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from audits.models import AuditCycle, AuditSubmission
from audits.report_sections import audits_in_year
from partnership.models import Organisation
from scrutiny.periods import year_bounds, year_of
from scrutiny.report import render_report_pdf
from scrutiny.services import report as report_services
from tests.audits.conftest import complete, submit
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(cycle, submission, agency_lead, questions):
    """The cycle closed yesterday: the agency returned on time, the police did not."""
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    yesterday = timezone.localdate() - timedelta(days=1)
    AuditSubmission.objects.filter(pk=submission.pk).update(first_submitted_at=timezone.now() - timedelta(days=3))
    AuditCycle.objects.filter(pk=cycle.pk).update(closes_on=yesterday, opens_on=yesterday - timedelta(days=20))
    return year_bounds(year_of(yesterday))


def test_the_section_gives_return_rates_outcomes_and_the_section_11_return_rate(closed, cycle):
    section = audits_in_year(*closed)
    section_11 = section["duties"][0]
    assert (section_11["requested"], section_11["on_time"], section_11["rate"]) == (2, 1, Decimal("50.0"))
    assert section["section_11_rate"] == Decimal("50.0")
    [outcome] = section["outcomes"]
    assert outcome["cycle"] == cycle and [s.standard.reference for s in outcome["standards"]] == ["1", "2"]
    html = render_to_string("audits/report/_audits.html", {**section, "section": section})
    assert "The Section 11 return rate for the year was 50.0%" in html
    assert "Testshire Hospitals NHS Trust" not in html  # no organisation's own return


def test_the_yearly_report_and_its_pdf_contain_the_audit_section(closed, business):
    report = report_services.report_create(acting_user=business, year=year_of(closed[0]))
    flat = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_report_pdf(report))).pages).split()
    )
    assert "Audits: how agencies assessed their safeguarding" in flat
    assert "The Section 11 return rate for the year was 50.0%" in flat
    assert "Section 11 return rate (returns in by the closing date) 50.0%" in flat  # the scorecard's figure


def test_the_section_runs_the_same_queries_whatever_the_number_of_organisations(closed, cycle):
    audits_in_year(*closed)
    with CaptureQueriesContext(connection) as small:
        audits_in_year(*closed)
    for n in range(3):
        organisation = OrganisationFactory(name=f"Agency {n}", audit_duty=Organisation.AuditDuty.SECTION_11)
        AuditSubmission.objects.create(cycle=cycle, organisation=organisation)
    with CaptureQueriesContext(connection) as large:
        audits_in_year(*closed)
    assert len(small) == len(large)
