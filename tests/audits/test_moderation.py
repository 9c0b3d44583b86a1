"""The agreed (moderated) rating: the self-assessment is kept, the agreed rating and its
reason sit beside it, and the heatmap, reports, comparison and action plans can use either."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audits import report_sections, reports, scoring
from audits.models import Answer, AuditSubmission
from audits.services import cycles as cycle_services
from audits.services import submissions as services
from core.roles import Role
from core.services import DomainError
from subgroups.models import ActionPlan
from tests.factories import OrganisationFactory, UserFactory

from .conftest import complete, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(submission, agency_lead, questions):
    complete(submission, agency_lead, questions, rating=3)
    submit(submission, agency_lead)
    return submission


def _moderate(user, submission, agreed):
    return services.moderation_save(
        acting_user=user, submission=submission, confidence="some", summary="", comments={}, agreed=agreed
    )


def test_an_agreed_rating_sits_beside_the_self_assessment(business, submitted, questions):
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(2, "The plan is a draft", "Adopt the plan")})
    answer = Answer.objects.get(submission=submitted, question=questions["1.1"])
    assert answer.rating == 3 and answer.moderated_rating == 2
    assert answer.moderation_reason == "The plan is a draft" and answer.moderated_by == business
    assert answer.agreed_score("rating", "rag") == 50.0 and answer.score("rating", "rag") == 100.0
    assert answer.moderation_differs


def test_a_different_rating_needs_its_reason(business, submitted, questions):
    with pytest.raises(DomainError, match="enter the reason"):
        _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1)})
    assert not Answer.objects.get(submission=submitted, question=questions["1.1"]).is_moderated


def test_agreeing_with_the_self_assessment_clears_the_agreed_rating(business, submitted, questions):
    _moderate(business, submitted, {questions["1.2"].pk: services.Agreed("no", "No named lead in post")})
    assert Answer.objects.get(submission=submitted, question=questions["1.2"]).moderated_response == "no"
    _moderate(business, submitted, {questions["1.2"].pk: services.Agreed("yes")})  # the same as theirs
    answer = Answer.objects.get(submission=submitted, question=questions["1.2"])
    assert not answer.is_moderated and answer.moderation_reason == ""


def test_a_rating_off_the_scale_is_refused(business, submitted, questions):
    with pytest.raises(DomainError, match="from 1 to 3"):
        _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(7, "Too high")})


def test_the_heatmap_shows_either_rating_and_marks_the_difference(business, cycle, submitted, questions):
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    agreed = reports.heatmap(cycle)
    own = reports.heatmap(cycle, basis=reports.SELF)
    [row] = agreed.rows
    assert row.cells[0].score == 50.0 and row.cells[0].other == 100.0 and row.cells[0].differs
    assert own.rows[0].cells[0].score == 100.0 and own.rows[0].cells[0].other == 50.0
    assert not row.cells[1].differs and agreed.differences == 1
    summary = report_sections.standard_outcomes(cycle)
    assert summary[0].mean.score == 50.0 and summary[0].bands == {"green": 0, "amber": 1, "red": 0}


def test_the_heatmap_page_offers_the_choice_and_shows_standard_names(business, cycle, submitted, questions, client_for):
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    url = reverse("audits:cycle-heatmap", args=[cycle.pk])
    page = client_for(business).get(url).content.decode()
    assert "Leadership" in page and 'class="app-table-scroll"' in page
    assert "Self-assessed: Green 100%" in page and "Agreed at moderation (where moderated)" in page
    own = client_for(business).get(url, {"basis": "self"}).content.decode()
    assert "Agreed: Amber 50%" in own


def test_action_plans_come_from_agreed_ratings_with_owner_improvement_and_due_date(
    business, cycle, submitted, questions, agency_lead, effectiveness
):
    due = timezone.localdate() + timedelta(days=90)
    cycle.actions_due_on = due
    cycle.save()
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(2, "Draft plan", "Board adopts the plan")})
    submitted.refresh_from_db()
    _, plan = services.submission_accept(acting_user=business, submission=submitted)
    assert isinstance(plan, ActionPlan)
    [action] = plan.actions.all()
    assert "self-assessed Green, agreed at moderation Amber" in action.description
    assert "Improvement expected: Board adopts the plan" in action.description
    assert action.owner == agency_lead and action.due_date == due


def test_the_moderation_page_sets_an_agreed_rating(business, submitted, questions, client_for):
    client = client_for(business)
    url = reverse("audits:submission-moderate", args=[submitted.pk])
    q = questions["1.1"].pk
    response = client.post(url, {"confidence": "low", f"agreed_{q}": "1"})
    assert response.status_code == 200
    assert "Question 1.1: enter the reason for the agreed rating" in response.content.decode()
    response = client.post(url, {"confidence": "low", f"agreed_{q}": "1", f"reason_{q}": "Plan not adopted"})
    assert response.status_code == 302
    answer = Answer.objects.get(submission=submitted, question=questions["1.1"])
    assert (answer.rating, answer.moderated_rating, answer.moderation_reason) == (3, 1, "Plan not adopted")
    page = client.get(reverse("audits:submission-standard", args=[submitted.pk, questions["1.1"].standard_id]))
    assert "Agreed at moderation" in page.content.decode()


def test_the_organisation_cannot_moderate(agency_lead, submitted, questions, client_for):
    url = reverse("audits:submission-moderate", args=[submitted.pk])
    q = questions["1.1"].pk
    response = client_for(agency_lead).post(url, {"confidence": "high", f"agreed_{q}": "3"})
    assert response.status_code in (403, 404)
    assert not Answer.objects.get(submission=submitted, question=questions["1.1"]).is_moderated


# Year on year ---------------------------------------------------------------------------------------


def test_a_lower_score_in_the_same_band_is_worse():
    assert scoring.change(75.0, 50.0) == "worse"
    assert scoring.change(50.0, 75.0) == "improved"
    assert scoring.change(75.0, 70.0) == "same"


def test_the_comparison_tells_not_returned_from_not_invited(
    business, version, cycle, submission, police_submission, agency_lead, other_lead, questions
):
    complete(submission, agency_lead, questions, rating=2)
    submit(submission, agency_lead)  # the police were invited but never returned
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
    newcomer, newcomer_lead = _new_organisation()
    [new_org] = cycle_services.invitation_add(acting_user=business, cycle=following, organisations=[newcomer])
    agency_now = AuditSubmission.objects.get(cycle=following, organisation=agency_lead.organisation)
    complete(agency_now, agency_lead, questions, rating=2)
    submit(agency_now, agency_lead)
    police_now = AuditSubmission.objects.get(cycle=following, organisation=other_lead.organisation)
    complete(police_now, other_lead, questions, rating=2)
    submit(police_now, other_lead)
    complete(new_org, newcomer_lead, questions, rating=2)
    submit(new_org, newcomer_lead)
    rows = {row.submission.organisation_id: row for row in reports.comparison(following).rows}
    assert rows[agency_lead.organisation_id].previous_status == "returned"
    assert rows[agency_lead.organisation_id].cells[0].change == "same"
    assert rows[other_lead.organisation_id].cells[0].change == "not_returned"
    assert rows[new_org.organisation_id].cells[0].change == "not_invited"
    assert not rows[new_org.organisation_id].in_previous


def _new_organisation():
    organisation = OrganisationFactory(name="Testshire Youth Justice")
    lead = UserFactory(organisation=organisation, roles=[Role.MEMBER])
    assign_perm("partnership.lead_organisation", lead, organisation)
    return organisation, lead


def test_the_organisation_history_shows_the_agreed_band_with_the_self_assessed_beside(
    business, submitted, questions, agency_lead, client_for
):
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    url = reverse("audits:organisation-history", args=[agency_lead.organisation.pk])
    page = client_for(agency_lead).get(url).content.decode()
    assert "Amber" in page and "Self-assessed: Green 100%" in page


def test_the_cycle_report_pdf_is_built_on_either_rating(
    business, cycle, submitted, questions, client_for, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from pypdf import PdfReader

    from .conftest import cycle_report

    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    for basis, note in (("agreed", "A 50% self G 100%"), ("self", "G 100% agreed A 50%")):
        response = cycle_report(client_for(business), cycle, django_capture_on_commit_callbacks, basis=basis)
        text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
        assert response["Content-Type"] == "application/pdf" and note in " ".join(text.split())


def _next_cycle(business, version, cycle, agency_lead, questions, *, rating):
    """The following cycle, compared with `cycle`, with the agency's return submitted."""
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
    now = AuditSubmission.objects.get(cycle=following, organisation=agency_lead.organisation)
    complete(now, agency_lead, questions, rating=rating)
    submit(now, agency_lead)
    return following, now


def test_the_comparison_shows_either_rating_and_marks_where_moderation_changes_it(
    business, version, cycle, submitted, agency_lead, questions
):
    # Last cycle: self-assessed green (100%), agreed amber at moderation (1.1 red: 50%).
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    following, _ = _next_cycle(business, version, cycle, agency_lead, questions, rating=3)
    agreed = reports.comparison(following)
    [row] = [r for r in agreed.rows if r.submission.organisation_id == agency_lead.organisation_id]
    cell = row.cells[0]
    assert (cell.previous.score, cell.current.score, cell.change) == (50.0, 100.0, "improved")
    assert cell.differs and not row.cells[1].differs
    assert cell.other_text == "Self-assessed: the same, Green 100% → Green 100% (no change)"
    assert agreed.differences == 1 and agreed.totals[0]["differs"] == 1 and agreed.totals[1]["differs"] == 0
    own = reports.comparison(following, basis=reports.SELF)
    cell = next(r for r in own.rows if r.submission.organisation_id == agency_lead.organisation_id).cells[0]
    assert cell.change == "same"
    assert cell.other_text == "Agreed: improved, Amber 50% → Green 100% (+50 points)"
    assert [(s.pk, standard.reference) for s, standard, _ in own.marked] == [(row.submission.pk, "1")]


def test_an_unmoderated_comparison_marks_nothing(business, version, cycle, submitted, agency_lead, questions):
    following, _ = _next_cycle(business, version, cycle, agency_lead, questions, rating=2)
    comparison = reports.comparison(following)
    assert comparison.differences == 0
    assert all(not cell.differs and cell.other_text == "" for row in comparison.rows for cell in row.cells)


def test_the_comparison_page_offers_the_choice_and_marks_the_difference_in_text(
    business, version, cycle, submitted, agency_lead, questions, client_for
):
    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    following, _ = _next_cycle(business, version, cycle, agency_lead, questions, rating=3)
    url = reverse("audits:cycle-comparison", args=[following.pk])
    page = client_for(business).get(url).content.decode()
    assert "Agreed at moderation (where moderated)" in page and "Differs at moderation" in page
    assert "Amber 50% → Green 100% (+50 points)" in page
    assert "Self-assessed: the same, Green 100% → Green 100% (no change)" in page
    assert "1 comparison reads differently on the self-assessed ratings" in page
    own = client_for(business).get(url, {"basis": "self"}).content.decode()
    assert "Agreed: improved, Amber 50% → Green 100% (+50 points)" in own
    assert 'option value="self" selected' in own


def test_the_cycle_report_pdf_lists_where_moderation_changes_the_comparison(
    business, version, cycle, submitted, agency_lead, questions, client_for, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from pypdf import PdfReader

    from .conftest import cycle_report

    _moderate(business, submitted, {questions["1.1"].pk: services.Agreed(1, "No evidence")})
    following, _ = _next_cycle(business, version, cycle, agency_lead, questions, rating=3)
    response = cycle_report(client_for(business), following, django_capture_on_commit_callbacks)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages).split())
    assert "Where moderation changes the comparison" in text and "Differs at moderation" in text
    assert "Improved, Amber 50% → Green 100% (+50 points)" in text
    assert "The same, Green 100% → Green 100% (no change)" in text
