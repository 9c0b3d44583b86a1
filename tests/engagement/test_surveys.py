"""Building, publishing, answering in the portal, closing, re-running, and response-rate
reminders: the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import assign_perm

from core.models import Deadline, Notification
from core.services import DomainError
from engagement.models import Choice, Question, RateReminder, Response, Survey
from engagement.selectors.surveys import publish_problems
from engagement.services import reminders
from engagement.services import responses as response_services
from engagement.services import surveys as services
from tests.factories import OrganisationFactory, UserFactory

from .builders import answer_publicly, build_survey, published_survey, today, values

pytestmark = pytest.mark.django_db


def test_only_the_business_unit_builds_surveys(business, chair, executive):
    for person in (chair, executive):
        with pytest.raises(PermissionDenied):
            build_survey(person)
    survey = build_survey(business)
    assert survey.is_draft and survey.sections.count() == 2 and survey.questions.count() == 4


def test_a_survey_cannot_be_published_until_it_can_be_answered(business):
    survey = services.survey_create(
        acting_user=business,
        title="Empty",
        purpose="x",
        audience=Survey.Audience.AGENCY_LEADS,
        opens_on=today(),
        closes_on=today() + timedelta(days=5),
    )
    assert publish_problems(survey) == [
        "Add at least one question",
        "Choose the agencies whose leads will answer",
    ]
    with pytest.raises(DomainError, match="Add at least one question"):
        services.survey_publish(acting_user=business, survey=survey)


def test_questions_reorder_and_their_choices_keep_their_identity(business):
    survey = build_survey(business)
    section = survey.sections.order_by("position").first()
    first, second = section.questions.order_by("position")
    services.question_move(acting_user=business, question=second, up=True)
    assert list(section.questions.order_by("position")) == [second, first]
    with pytest.raises(DomainError, match="already first"):
        services.question_move(acting_user=business, question=second, up=True)
    kept = first.choices.get(text="Yes")
    services.question_save(
        acting_user=business,
        section=section,
        question=first,
        text=first.text,
        kind="single",
        choices=["No", "Yes", "Maybe"],
    )
    assert list(first.choices.order_by("position").values_list("text", flat=True)) == ["No", "Yes", "Maybe"]
    assert first.choices.get(text="Yes").pk == kept.pk
    assert not first.choices.filter(text="Partly").exists()


def test_a_published_survey_keeps_its_questions(business):
    survey = published_survey(business)
    question = survey.questions.first()
    with pytest.raises(DomainError, match="cannot change once the survey is published"):
        services.question_delete(acting_user=business, question=question)
    with pytest.raises(DomainError, match="cannot change once it is published"):
        services.survey_update(acting_user=business, survey=survey, audience=Survey.Audience.CHILDREN)
    assert survey.link_code and survey.public_url.endswith(f"/{survey.link_code}/")


def test_agencies_leads_are_asked_once_each_and_the_clock_chases_them_until_they_answer(business):
    trust, police = OrganisationFactory(name="Trust"), OrganisationFactory(name="Police force")
    lead = UserFactory(roles=["member"], organisation=trust)
    for organisation in (trust, police):
        assign_perm("partnership.lead_organisation", lead, organisation)
    survey = build_survey(business, audience=Survey.Audience.AGENCY_LEADS)
    services.agencies_invite(acting_user=business, survey=survey, organisations=[trust, police])
    survey = services.survey_publish(acting_user=business, survey=survey)
    deadlines = Deadline.objects.for_subject(survey)
    assert deadlines.count() == 2 and {d.due_date for d in deadlines} == {survey.closes_on}
    assert set(deadlines.values_list("responsible_organisation__name", flat=True)) == {"Trust", "Police force"}
    told = Notification.objects.filter(recipient=lead)
    assert told.count() == 1, "one message to a lead of two agencies"
    assert "Trust" in told.get().body and "Police force" in told.get().body

    response_services.agency_answer_record(acting_user=lead, survey=survey, organisation=trust, values=values(survey))
    assert deadlines.get(responsible_organisation=trust).status == Deadline.Status.MET
    with pytest.raises(DomainError, match="already answered"):
        response_services.agency_answer_record(
            acting_user=lead, survey=survey, organisation=trust, values=values(survey)
        )
    services.survey_close(acting_user=business, survey=survey)
    assert deadlines.get(responsible_organisation=police).status == Deadline.Status.CANCELLED


def test_someone_who_leads_no_invited_agency_cannot_answer_for_one(business, agency_lead, member):
    survey = build_survey(business, audience=Survey.Audience.AGENCY_LEADS)
    services.agencies_invite(acting_user=business, survey=survey, organisations=[agency_lead.organisation])
    survey = services.survey_publish(acting_user=business, survey=survey)
    with pytest.raises(PermissionDenied):
        response_services.agency_answer_record(
            acting_user=member, survey=survey, organisation=agency_lead.organisation, values=values(survey)
        )


def test_facilitators_enter_young_peoples_answers_at_a_session(business, member, outsider, chair):
    survey = build_survey(business, audience=Survey.Audience.CHILDREN)
    with pytest.raises(DomainError, match="no role in the partnership"):
        services.facilitators_set(acting_user=business, survey=survey, people=[outsider])
    services.facilitators_set(acting_user=business, survey=survey, people=[member])
    survey = services.survey_publish(acting_user=business, survey=survey)
    assert Notification.objects.filter(recipient=member, subject_id=survey.pk).exists()
    session = response_services.session_start(acting_user=member, survey=survey, forum="Youth council", held_on=today())
    response_services.child_response_record(
        acting_user=member, session=session, values=values(survey), age_group="11_15"
    )
    assert Response.objects.get(session=session).role == "11_15"
    with pytest.raises(PermissionDenied):
        response_services.session_start(acting_user=chair, survey=survey, forum="x", held_on=today())


def test_a_rerun_copies_the_questions_so_the_runs_compare(business):
    first = published_survey(business)
    first = services.survey_close(acting_user=business, survey=first)
    with pytest.raises(DomainError, match="must open after this one closes"):
        services.survey_rerun(
            acting_user=business,
            survey=first,
            opens_on=today() - timedelta(days=1),
            closes_on=today() + timedelta(days=9),
        )
    second = services.survey_rerun(
        acting_user=business, survey=first, opens_on=today(), closes_on=today() + timedelta(days=9)
    )
    assert second.is_draft and second.previous == first and second.run_number == 2
    assert str(second) == "Practitioners’ survey (run 2)"
    pairs = {q.copied_from_id: q for q in second.questions.all()}
    assert set(pairs) == set(first.questions.values_list("pk", flat=True))
    assert Choice.objects.filter(question__survey=second, copied_from__isnull=True).count() == 0
    reworded = pairs[first.questions.get(kind="single").pk]
    services.question_save(
        acting_user=business,
        section=reworded.section,
        question=reworded,
        text="Reworded question",
        kind=Question.Kind.SINGLE,
        choices=["Yes", "No"],
    )
    reworded.refresh_from_db()
    assert reworded.copied_from is None, "a reworded question is no longer compared"


def test_the_daily_sweep_closes_surveys_past_their_date(business):
    survey = published_survey(business, opens=-10, closes=0)
    assert reminders.sweep(today() + timedelta(days=1))["closed"] == 1
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_response_rates_go_to_each_lead_once_per_send_listing_their_agencies(business):
    trust, school = OrganisationFactory(name="Trust"), OrganisationFactory(name="School")
    lead = UserFactory(roles=["member"], organisation=trust)
    other = UserFactory(roles=["member"], organisation=school)
    assign_perm("partnership.lead_organisation", lead, trust)
    assign_perm("partnership.lead_organisation", lead, school)
    assign_perm("partnership.lead_organisation", other, school)
    survey = build_survey(business, opens=-10, closes=10)
    services.agencies_invite(acting_user=business, survey=survey, organisations=[trust, school])
    services.staff_numbers_save(
        acting_user=business, survey=survey, numbers={i.pk: 40 for i in survey.invited.filter(organisation=trust)}
    )
    survey = services.survey_publish(acting_user=business, survey=survey)
    answer_publicly(survey, 10, organisation=trust)
    reminder = reminders.rate_reminders_send(acting_user=business, survey=survey)
    assert reminder.recipients == 2
    message = Notification.objects.get(recipient=lead)
    assert "Trust: 10 answers of the 40 staff it went to (25.0%)" in message.body
    assert "School: 0 answers" in message.body
    assert Notification.objects.filter(recipient=other).count() == 1


def test_each_automatic_reminder_stage_is_sent_once_whatever_the_sweep_does(business, agency_lead):
    survey = build_survey(business, opens=-10, closes=10)
    services.agencies_invite(acting_user=business, survey=survey, organisations=[agency_lead.organisation])
    survey = services.survey_publish(acting_user=business, survey=survey)
    assert reminders.due_stage(survey, today()) == RateReminder.Stage.HALFWAY
    assert reminders.sweep()["reminders_sent"] == 1
    assert reminders.sweep()["reminders_sent"] == 0
    assert reminders.send_stage(survey, RateReminder.Stage.HALFWAY) is None
    assert Notification.objects.filter(recipient=agency_lead).count() == 1
    assert reminders.due_stage(survey, survey.closes_on) == RateReminder.Stage.CLOSING
