"""The living return: a new cycle on a new version of the framework starts each organisation
from its last accepted answers where the question is unchanged ("still true?" or update);
changed and new questions are marked and start empty."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Answer, AuditSubmission, Question
from audits.selectors.submissions import submission_problems
from audits.services import cycles as cycle_services
from audits.services import frameworks as framework_services
from audits.services import submissions as services

from .conftest import complete, entry, pdf, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(business, submission, agency_lead, questions):
    complete(submission, agency_lead, questions, rating=2)
    submit(submission, agency_lead)
    services.submission_accept(acting_user=business, submission=submission)
    return submission


@pytest.fixture
def version_two(business, framework):
    """Version 2: 1.1 unchanged, 1.2 reworded, 2.1 unchanged, and a new question 2.3."""
    draft = framework_services.version_new_draft(acting_user=business, framework=framework)
    reworded = Question.objects.get(standard__version=draft, reference="1.2")
    framework_services.question_save(
        acting_user=business,
        standard=reworded.standard,
        question=reworded,
        reference="1.2",
        text="Is there a named lead, with time set aside for the role?",
        kind=reworded.kind,
        guidance="",
        is_required=True,
        evidence_required=False,
        allows_not_applicable=True,
    )
    framework_services.question_save(
        acting_user=business,
        standard=Question.objects.get(standard__version=draft, reference="2.1").standard,
        reference="2.3",
        text="How do you hear from children?",
        kind="text",
        guidance="",
        is_required=False,
        evidence_required=False,
        allows_not_applicable=False,
    )
    return framework_services.version_publish(acting_user=business, version=draft)


@pytest.fixture
def next_return(business, accepted, version_two, agency_lead):
    today = timezone.localdate()
    cycle = cycle_services.cycle_create(
        acting_user=business,
        title="Section 11 audit 2031",
        version=version_two,
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    cycle_services.cycle_launch(acting_user=business, cycle=cycle)
    return AuditSubmission.objects.get(cycle=cycle, organisation=agency_lead.organisation)


def _questions(submission):
    return {q.reference: q for q in Question.objects.filter(standard__version=submission.cycle.version)}


def test_unchanged_questions_arrive_answered_and_waiting_to_be_confirmed(next_return):
    answers = {a.question.reference: a for a in next_return.answers.select_related("question")}
    assert set(answers) == {"1.1", "2.1"}  # 1.2 changed, 2.3 new: not carried
    assert answers["1.1"].rating == 2 and answers["1.1"].text == "In the plan"
    assert answers["1.1"].needs_confirming and answers["1.1"].carried_from.submission.cycle.title == (
        "Section 11 audit 2030"
    )
    messages = [p.message for p in submission_problems(next_return)]
    assert "Question 1.1: confirm last cycle’s answer is still true, or update it" in messages
    assert "Question 1.2: select yes, partly or no" in messages


def test_still_true_confirms_and_an_update_settles_it_too(next_return, agency_lead):
    questions = _questions(next_return)
    first = Answer.objects.get(submission=next_return, question=questions["1.1"])
    second = Answer.objects.get(submission=next_return, question=questions["2.1"])
    services.answers_save(
        acting_user=agency_lead,
        submission=next_return,
        inputs=[
            entry(
                questions["1.1"], version=first.version, loaded=first.digest, rating=2, text="In the plan", confirm=True
            ),
            entry(questions["2.1"], version=second.version, loaded=second.digest, number=97),
        ],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.confirmed_at and first.rating == 2
    assert second.confirmed_at and second.number == 97
    assert AuditSubmission.objects.get(pk=next_return.pk).status == AuditSubmission.Status.IN_PROGRESS


def test_the_page_marks_carried_changed_and_new_questions(next_return, agency_lead, client_for):
    questions = _questions(next_return)
    client = client_for(agency_lead)
    one = client.get(reverse("audits:submission-standard", args=[next_return.pk, questions["1.1"].standard_id]))
    page = one.content.decode()
    assert "Still true?" in page and "Carried forward from your accepted return for Section 11 audit 2030" in page
    assert "Changed question" in page and "(it was: Yes)" in page
    two = client.get(reverse("audits:submission-standard", args=[next_return.pk, questions["2.3"].standard_id]))
    assert "New question" in two.content.decode()
    q = questions["1.1"]
    answer = Answer.objects.get(submission=next_return, question=q)
    form = one.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and v is not False}
    data.update({f"q{q.pk}_confirm": "on", "save": "1"})
    assert client.post(one.request["PATH_INFO"], data).status_code == 302
    answer.refresh_from_db()
    assert answer.confirmed_at is not None


def test_only_accepted_returns_are_carried(business, submission, agency_lead, questions, version_two):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)  # submitted, never accepted
    today = timezone.localdate()
    cycle = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="Next",
            version=version_two,
            opens_on=today,
            closes_on=today + timedelta(days=9),
        ),
    )
    assert not Answer.objects.filter(submission__cycle=cycle).exists()


def test_evidence_is_attached_afresh(next_return, agency_lead):
    questions = _questions(next_return)
    problems = [p.message for p in submission_problems(next_return)]
    assert "Question 1.1: confirm last cycle’s answer is still true, or update it" in problems
    services.evidence_add(acting_user=agency_lead, submission=next_return, question=questions["1.1"], upload=pdf())
    assert Answer.objects.get(submission=next_return, question=questions["1.1"]).evidence.count() == 1
