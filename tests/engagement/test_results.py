"""Results: small groups merged, the comparison with the previous run, comments only once
moderated, sharing with the partnership, and the PDF summary."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from core.services import DomainError
from engagement.models import Answer, Moderation
from engagement.report import render_results_pdf
from engagement.selectors.results import results_for
from engagement.services import moderation as moderation_services
from engagement.services import surveys as services
from tests.factories import OrganisationFactory

from .builders import answer_publicly, published_survey, today

pytestmark = pytest.mark.django_db


def test_agencies_and_roles_with_fewer_than_five_answers_are_merged(business):
    survey = published_survey(business)
    trust, police, school = (OrganisationFactory(name=n) for n in ("Trust", "Police", "School"))
    answer_publicly(survey, 8, organisation=trust, role="health")
    answer_publicly(survey, 6, organisation=police, role="police")
    answer_publicly(survey, 2, organisation=school, role="education")
    results = results_for(survey)
    assert results.total == 16
    assert results.by_agency == [("Trust", 8), ("Other agencies", 8)]
    assert results.by_role == [("Health (nurse, health visitor, midwife, doctor)", 8), ("Other roles", 8)]


def test_fewer_than_five_answers_show_nothing(business, client_for):
    survey = published_survey(business)
    answer_publicly(survey, 4)
    results = results_for(survey)
    assert not results.enough and results.agency_chart is None
    page = client_for(business).get(reverse("engagement:survey-results", args=[survey.pk])).content.decode()
    assert "Results appear once at least 5 people have answered" in page


def test_results_show_shares_and_the_change_from_the_previous_run(business, client_for):
    first = published_survey(business)
    answer_publicly(first, 4, single=0, scale=2)
    answer_publicly(first, 6, single=2, scale=4)
    first = services.survey_close(acting_user=business, survey=first)
    second = services.survey_rerun(acting_user=business, survey=first, opens_on=today(), closes_on=today())
    second = services.survey_publish(acting_user=business, survey=second)
    answer_publicly(second, 8, single=0, scale=5)
    answer_publicly(second, 2, single=2, scale=4)
    results = results_for(second)
    single = next(r for r in results.questions if r.question.kind == "single")
    yes = single.rows[0]
    assert (yes.label, yes.count, yes.percent, yes.previous_percent) == ("Yes", 8, Decimal("80.0"), Decimal("40.0"))
    assert yes.change_text == "+40.0 points"
    assert single.rows[2].change_text == "−40.0 points"
    scale = next(r for r in results.questions if r.question.kind == "scale")
    assert (scale.mean, scale.previous_mean, scale.mean_change_text) == (Decimal("4.80"), Decimal("3.20"), "up 1.60")
    page = client_for(business).get(reverse("engagement:survey-results", args=[second.pk])).content.decode()
    assert "+40.0 points" in page and "<svg" in page and "govuk-table" in page


def test_a_question_answered_by_fewer_than_five_shows_no_breakdown(business):
    survey = published_survey(business)
    answer_publicly(survey, 3, multiple=(0,))
    answer_publicly(survey, 3, multiple=())
    results = results_for(survey)
    multiple = next(r for r in results.questions if r.question.kind == "multiple")
    assert multiple.respondents == 3 and not multiple.enough and multiple.chart is None


def test_comments_are_read_by_nobody_but_the_business_unit_until_moderated(business, executive, client_for):
    survey = published_survey(business)
    answer_publicly(survey, 5, text="Jayden told me the referral form is hard to find")
    url = reverse("engagement:survey-results", args=[survey.pk])
    assert "Jayden" not in client_for(executive).get(url).content.decode()
    answer = Answer.objects.filter(moderation="awaiting").first()
    with pytest.raises(DomainError, match="looks like a name"):
        moderation_services.answer_moderate(
            acting_user=business, answer=answer, approve=True, text="Jayden said the form is hard"
        )
    with pytest.raises(PermissionDenied):
        moderation_services.answer_moderate(acting_user=executive, answer=answer, approve=True, text="x")
    moderation_services.answer_moderate(
        acting_user=business, answer=answer, approve=True, text="[name removed] told me the form is hard to find"
    )
    answer.refresh_from_db()
    assert answer.moderation == "approved" and "Jayden" not in answer.text
    decision = Moderation.objects.get(answer=answer)
    assert decision.changed and decision.moderated_by == business and decision.history.count() == 1
    with pytest.raises(DomainError, match="already been moderated"):
        moderation_services.answer_moderate(acting_user=business, answer=answer, approve=False, reason="x")
    withheld = Answer.objects.filter(moderation="awaiting").first()
    with pytest.raises(DomainError, match="why the comment is withheld"):
        moderation_services.answer_moderate(acting_user=business, answer=withheld, approve=False)
    moderation_services.answer_moderate(
        acting_user=business, answer=withheld, approve=False, reason="Identifies a child"
    )
    withheld.refresh_from_db()
    assert withheld.text == "" and withheld.moderation == "withheld"
    shown = client_for(executive).get(url).content.decode()
    assert "[name removed] told me the form is hard to find" in shown and "Jayden" not in shown


def test_comments_that_name_nobody_can_be_approved_together(business):
    survey = published_survey(business)
    answer_publicly(survey, 3, text="More training on neglect")
    answer_publicly(survey, 2, text="Ask Sarah Green about it")
    assert moderation_services.approve_clear_comments(acting_user=business, survey=survey) == 3
    assert Answer.objects.filter(moderation="awaiting").count() == 2
    assert Moderation.objects.filter(decision="approved").count() == 3


def test_results_are_shared_only_once_closed_and_moderated(business, member, client_for):
    survey = published_survey(business)
    answer_publicly(survey, 5, text="Ask Sarah Green")
    url = reverse("engagement:survey-results", args=[survey.pk])
    assert client_for(member).get(url).status_code == 403
    with pytest.raises(DomainError, match="Close the survey"):
        services.results_release(acting_user=business, survey=survey)
    survey = services.survey_close(acting_user=business, survey=survey)
    with pytest.raises(DomainError, match="Moderate the 5 comments"):
        services.results_release(acting_user=business, survey=survey)
    for answer in Answer.objects.filter(moderation="awaiting"):
        moderation_services.answer_moderate(acting_user=business, answer=answer, approve=False, reason="Names someone")
    services.results_release(acting_user=business, survey=survey)
    assert client_for(member).get(url).status_code == 200


def test_the_pdf_summary_has_the_questions_their_figures_and_the_merged_groups(business):
    survey = published_survey(business)
    answer_publicly(survey, 6, organisation=OrganisationFactory(name="Eastvale Trust"), text="More training")
    moderation_services.approve_clear_comments(acting_user=business, survey=survey)
    pdf = render_results_pdf(survey)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Do you know how to escalate a disagreement?" in text
    assert "Eastvale Trust" in text and "More training" in text and "100.0%" in text
