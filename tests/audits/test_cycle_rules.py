"""Smaller rules of a cycle: a window in the past only when recorded after the fact, the
business unit's due date for actions, percentages kept to 0 to 100, the feedback letter
naming a challenge event only if there was one, and the export marking drafts and cut answers."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audits import letters
from audits.models import Answer
from audits.services import cycles as cycle_services
from audits.services import submissions as services
from core.models import Deadline, Notification
from core.services import DomainError
from tests.helpers import form_errors

from .conftest import complete, entry, submit

pytestmark = pytest.mark.django_db


def test_a_cycle_with_its_window_past_is_refused_unless_recorded_after_the_fact(business, version, agency_lead):
    today = timezone.localdate()
    past = {"opens_on": today - timedelta(days=400), "closes_on": today - timedelta(days=300)}
    with pytest.raises(DomainError, match="recorded after the fact"):
        cycle_services.cycle_create(acting_user=business, title="Old", version=version, **past)
    cycle = cycle_services.cycle_create(acting_user=business, title="Old", version=version, recorded_after=True, **past)
    cycle_services.cycle_launch(acting_user=business, cycle=cycle)
    # Recorded after the fact: nobody is invited or put on the clock.
    assert not Deadline.objects.filter(object_id__in=cycle.submissions.values("pk")).exists()
    assert not Notification.objects.filter(recipient=agency_lead, kind="audit_invitation").exists()


def test_the_cycle_form_says_why_a_past_window_is_refused(business, version, client_for):
    today = timezone.localdate()
    old = today - timedelta(days=30)
    data = {
        "title": "Old",
        "version": version.pk,
        "opens_on_0": "1",
        "opens_on_1": "1",
        "opens_on_2": str(old.year - 1),
        "closes_on_0": str(old.day),
        "closes_on_1": str(old.month),
        "closes_on_2": str(old.year),
    }
    response = client_for(business).post(reverse("audits:cycle-create"), data)
    assert "say the cycle is being recorded after the fact" in str(form_errors(response)["closes_on"])
    response = client_for(business).post(reverse("audits:cycle-create"), {**data, "recorded_after": "on"})
    assert response.status_code == 302


def test_a_percentage_outside_0_to_100_is_refused(business, framework, agency_lead):
    from audits.models import FrameworkVersion, Question

    FrameworkVersion.objects.filter(framework=framework).update(scale="percent", action_threshold=75)
    today = timezone.localdate()
    version = framework.versions.get()
    cycle = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business, title="Percent", version=version, opens_on=today, closes_on=today + timedelta(days=9)
        ),
    )
    submission = cycle.submissions.get(organisation=agency_lead.organisation)
    question = Question.objects.get(standard__version=version, reference="1.1")
    with pytest.raises(DomainError, match="enter a percentage from 0 to 100"):
        services.answers_save(acting_user=agency_lead, submission=submission, inputs=[entry(question, rating=150)])
    assert not Answer.objects.filter(submission=submission).exists()
    services.answers_save(acting_user=agency_lead, submission=submission, inputs=[entry(question, rating=100)])
    assert Answer.objects.get(submission=submission).rating == 100


def test_the_feedback_letter_mentions_a_challenge_event_only_if_there_was_one(
    business, cycle, submission, agency_lead, questions
):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    context = letters.letter_context(submission, signed_by=business)
    assert context["challenge_events"] == []
    event = cycle_services.event_save(
        acting_user=business, cycle=cycle, date=timezone.localdate(), presenting=[submission], panel=[]
    )
    context = letters.letter_context(submission, signed_by=business)
    assert context["challenge_events"] == [event]
    from django.template.loader import render_to_string

    html = render_to_string("audits/pdf/feedback_letter.html", context)
    assert "discussed at the challenge event on" in html
    event.presenting.clear()
    html = render_to_string("audits/pdf/feedback_letter.html", letters.letter_context(submission, signed_by=business))
    assert "challenge event" not in html


def test_the_export_marks_drafts_and_flags_a_cut_long_answer(
    business, cycle, submission, agency_lead, questions, client_for
):
    services.answers_save(
        acting_user=agency_lead, submission=submission, inputs=[entry(questions["2.2"], text="x" * 40_000)]
    )
    response = client_for(business).get(reverse("audits:cycle-export", args=[cycle.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    column = {name: index for index, name in enumerate(rows[0])}
    [long] = [r for r in rows[1:] if r[column["Question"]] == "2.2"]
    assert long[column["Draft (not yet submitted)"]] == "yes"
    assert long[column["Explanation cut short"]] == "yes"
    assert len(long[column["Explanation or text"]]) == 32_767


def test_a_percentage_question_refuses_answers_outside_0_to_100(business, agency_lead, client_for):
    from audits.models import Question

    from .builders import make_framework

    framework = make_framework(
        business,
        name="Percentages",
        content=[("1", "Training", [("1.1", "Percentage of staff trained", "percentage", True, False, False)])],
    )
    version = framework.versions.get()
    today = timezone.localdate()
    cycle = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business, title="P", version=version, opens_on=today, closes_on=today + timedelta(days=9)
        ),
    )
    submission = cycle.submissions.get(organisation=agency_lead.organisation)
    question = Question.objects.get(standard__version=version)
    with pytest.raises(DomainError, match="enter a percentage from 0 to 100"):
        services.answers_save(acting_user=agency_lead, submission=submission, inputs=[entry(question, number=150)])
    url = reverse("audits:submission-standard", args=[submission.pk, question.standard_id])
    response = client_for(agency_lead).post(url, {f"q{question.pk}_value": "150", "save": "1"})
    assert "Question 1.1: enter a percentage from 0 to 100, like 85" in response.content.decode()
    response = client_for(agency_lead).post(url, {f"q{question.pk}_value": "85", "save": "1"})
    assert response.status_code == 302
    answer = Answer.objects.get(submission=submission)
    assert answer.number == 85 and answer.value_label("percentage", "rag") == "85%"
