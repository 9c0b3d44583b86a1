"""The cycle's reports: dashboard, heatmap, standard by standard, comparison with the previous
cycle, the overview PDF, the export of every answer, an organisation's history; and the
heatmap's query count does not grow with the cycle."""

import io
from datetime import timedelta
from functools import partial
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook
from pypdf import PdfReader

from audits import reports, scoring
from audits.models import AuditSubmission
from audits.services import cycles as cycle_services
from audits.services import submissions as services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries

from .conftest import complete, cycle_report, entry, pdf, submit

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture
def returned(business, submission, police_submission, agency_lead, other_lead, questions):
    """The agency all green (accepted), the police mixed (submitted)."""
    complete(submission, agency_lead, questions, rating=3)
    submit(submission, agency_lead)
    services.submission_accept(acting_user=business, submission=submission)
    services.answers_save(
        acting_user=other_lead,
        submission=police_submission,
        inputs=[
            entry(questions["1.1"], rating=1),
            entry(questions["1.2"], response="partly"),
            entry(questions["2.1"], number=40),
        ],
    )
    services.evidence_add(acting_user=other_lead, submission=police_submission, question=questions["1.1"], upload=pdf())
    submit(police_submission, other_lead)
    return submission, police_submission


def test_the_dashboard_counts_by_kind_of_organisation_with_late_returns(cycle, returned):
    today = timezone.localdate()
    rows, total = reports.dashboard(cycle, today)
    assert (total.invited, total.started, total.submitted, total.accepted, total.late) == (2, 2, 2, 1, 0)
    assert {r.label: r.invited for r in rows} == {"NHS trust": 1, "Police": 1}
    _, later = reports.dashboard(cycle, cycle.closes_on + timedelta(days=1))
    assert later.late == 0  # both were in on time


def test_an_unsubmitted_return_is_late_after_the_closing_date(cycle, submission):
    _, total = reports.dashboard(cycle, cycle.closes_on + timedelta(days=1))
    assert total.late == 2


def test_the_heatmap_bands_each_organisation_by_standard(cycle, returned):
    heatmap = reports.heatmap(cycle)
    rows = {row.submission.organisation.kind: row for row in heatmap.rows}
    assert [s.reference for s in heatmap.standards] == ["1", "2"]
    agency = rows["nhs_trust"].cells
    assert (agency[0].band.key, agency[0].percent) == ("green", "100%")
    police = rows["police"].cells
    assert police[0].score == pytest.approx(25.0)  # red (0) and partly (50)
    assert police[0].band == scoring.WEAK
    assert police[1].score is None  # numbers and text are not scored
    assert reports.heatmap(cycle, kind="police").rows[0].submission.organisation.kind == "police"


def test_the_heatmap_page_is_a_table_with_colour_and_text(business, cycle, returned, client_for):
    page = client_for(business).get(reverse("audits:cycle-heatmap", args=[cycle.pk])).content.decode()
    assert '<table class="govuk-table" id="heatmap">' in page
    assert "govuk-tag--green" in page and "Green</strong> 100%" in page
    assert "Red</strong> 25%" in page


def test_only_submitted_returns_are_on_the_heatmap(cycle, submission, agency_lead, questions):
    services.answers_save(acting_user=agency_lead, submission=submission, inputs=[entry(questions["1.1"], rating=3)])
    assert reports.heatmap(cycle).rows == []


def test_the_standard_summary_spreads_the_answers(cycle, returned):
    [leadership, training] = reports.standard_summary(cycle)
    assert leadership.bands == {"green": 1, "amber": 0, "red": 1}
    rating = leadership.questions[0]
    assert rating.distribution == [("Red", "red", 1), ("Amber", "yellow", 0), ("Green", "green", 1)]
    assert rating.below_threshold == 1
    assert leadership.questions[1].distribution[0] == ("Yes", "green", 1)
    assert training.questions[0].answered == 2 and training.questions[0].mean.score is None


def test_the_comparison_with_the_previous_cycle(business, version, cycle, returned, agency_lead, other_lead, questions):
    today = timezone.localdate()
    following = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="Next year",
            version=version,
            opens_on=today,
            closes_on=today + timedelta(days=9),
        ),
    )
    assert following.previous == cycle
    agency_now = AuditSubmission.objects.get(cycle=following, organisation=agency_lead.organisation)
    police_now = AuditSubmission.objects.get(cycle=following, organisation=other_lead.organisation)
    complete(agency_now, agency_lead, questions, rating=1)  # was green, now red: worse
    submit(agency_now, agency_lead)
    complete(police_now, other_lead, questions, rating=3)  # was red, now green: improved
    submit(police_now, other_lead)
    comparison = reports.comparison(following)
    changes = {row.submission.organisation.kind: row.cells[0].change for row in comparison.rows}
    assert changes == {"nhs_trust": "worse", "police": "improved"}
    assert comparison.totals[0]["worse"] == 1 and comparison.totals[0]["improved"] == 1
    assert comparison.rows[0].cells[1].change == "none"  # standard 2 has no scored answer
    assert reports.comparison(cycle) is None


def test_the_overview_report_pdf(business, cycle, returned, client_for, django_capture_on_commit_callbacks):
    response = cycle_report(client_for(business), cycle, django_capture_on_commit_callbacks)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Section 11 audit 2030: overview report" in text
    assert "Testshire Hospitals NHS Trust" in text and "Testshire Police" in text
    assert "Leadership" in text


def test_the_export_has_every_answer(business, cycle, returned, client_for):
    response = client_for(business).get(reverse("audits:cycle-export", args=[cycle.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:6] == (
        "Organisation",
        "Kind of organisation",
        "Return status",
        "Draft (not yet submitted)",
        "Standard",
        "Question",
    )
    column = {name: index for index, name in enumerate(headers)}
    body = rows[1:]
    assert len(body) == 6
    police_rating = next(r for r in body if r[0] == "Testshire Police" and r[5] == "1.1")
    assert police_rating[column["Answer"]] == "Red" and police_rating[column["Score (0 to 100)"]] == 0
    assert police_rating[column["Evidence files"]] == 1  # numbers stay numbers
    police_number = next(r for r in body if r[0] == "Testshire Police" and r[5] == "2.1")
    assert police_number[column["Answer"]] == 40 and police_number[column["Draft (not yet submitted)"]] == "no"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["A"].width >= 8


def test_an_organisation_sees_its_own_history_across_cycles(agency_lead, cycle, returned, client_for):
    response = client_for(agency_lead).get(reverse("audits:organisation-history", args=[agency_lead.organisation.pk]))
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.submission.cycle == cycle and row.can_open
    assert response.context["references"] == ["1", "2"]
    other = returned[1].organisation
    assert client_for(agency_lead).get(reverse("audits:organisation-history", args=[other.pk])).status_code == 404


def test_the_heatmap_query_count_is_constant(business, cycle, version, questions, client_for):
    def grow():
        for _ in range(3):
            organisation = OrganisationFactory(name=f"Grown {next(numbers)}")
            lead = UserFactory(organisation=organisation)
            assign_perm("partnership.lead_organisation", lead, organisation)
            [submission] = cycle_services.invitation_add(
                acting_user=business, cycle=cycle, organisations=[organisation]
            )
            complete(submission, lead, questions, rating=1 + next(numbers) % 3)
            submit(submission, lead)

    small, large = assert_constant_queries(client_for(business), reverse("audits:cycle-heatmap", args=[cycle.pk]), grow)
    assert small == large


def test_the_dashboard_page_query_count_is_constant(business, cycle, questions, client_for):
    def grow():
        for _ in range(3):
            organisation = OrganisationFactory(name=f"Grown {next(numbers)}")
            cycle_services.invitation_add(acting_user=business, cycle=cycle, organisations=[organisation])

    assert_constant_queries(client_for(business), reverse("audits:cycle-detail", args=[cycle.pk]), grow)


def test_the_outsider_is_refused(outsider, cycle, client_for):
    assert client_for(outsider).get(reverse("audits:cycle-standards", args=[cycle.pk])).status_code in (403, 404)


def _builds(callbacks: list) -> list:
    """The callbacks run at commit that hand a build of the cycle report to a worker (others,
    such as core.kept telling of a change, are not builds)."""
    return [
        callback
        for callback in callbacks
        if isinstance(callback, partial) and getattr(callback.args[0], "name", "") == "audits.tasks.build_cycle_report"
    ]


def test_the_overview_report_is_built_in_the_background_and_kept_while_the_data_is_unchanged(
    business, cycle, returned, questions, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    """A large cycle's PDF takes seconds: the first request asks for it and says so; once built
    it is served from the stored file (nothing laid out again) until the report would say
    something else, when it is built again and the stale file is never served."""
    from audits.models import CycleReportFile
    from audits.services import reports as report_services

    client = client_for(business)
    url = reverse("audits:cycle-report", args=[cycle.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.get(url)
    assert page.status_code == 200 and "The overview report is being built" in page.content.decode()
    asked = _builds(callbacks)
    assert len(asked) == 1
    with django_capture_on_commit_callbacks() as again:
        client.get(url)  # asked already: not asked twice
    assert _builds(again) == []
    asked[0]()  # the worker builds it
    stored = CycleReportFile.objects.get(cycle=cycle, basis=reports.AGREED)
    assert stored.built_at is not None and stored.pdf

    def not_again(html):
        raise AssertionError("laid out again")

    monkeypatch.setattr(report_services, "pdf_from_html", not_again)
    served = client.get(url)
    assert served["Content-Type"] == "application/pdf" and served.content == stored.pdf.open("rb").read()

    # A moderator agrees a different rating: the report would say something else.
    services.moderation_save(
        acting_user=business,
        submission=returned[1],
        confidence="some",
        summary="",
        comments={},
        agreed={questions["1.1"].pk: services.Agreed(3, "The evidence shows it in place")},
    )
    with django_capture_on_commit_callbacks() as rebuilt:
        page = client.get(url)
    assert "The overview report is being built" in page.content.decode() and len(_builds(rebuilt)) == 1


def test_a_lost_build_is_asked_for_again(business, cycle, returned, client_for, django_capture_on_commit_callbacks):
    from audits.models import CycleReportFile
    from audits.services import reports as report_services

    client = client_for(business)
    url = reverse("audits:cycle-report", args=[cycle.pk])
    with django_capture_on_commit_callbacks():
        client.get(url)  # asked; the worker never runs it
    CycleReportFile.objects.update(
        requested_at=timezone.now() - report_services.BUILD_RETRY_AFTER - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks() as asked:
        client.get(url)
    assert len(_builds(asked)) == 1
