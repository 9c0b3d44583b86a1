"""The pages: building a survey through the forms, moderation and entry pages, the evidence
page, My work, what a person's data export holds, and query counts at two sizes."""

from datetime import timedelta

import pytest
from django.urls import reverse

from core import personal_data, retention
from engagement.models import Answer, Survey
from engagement.services import moderation as moderation_services
from engagement.services import responses as response_services
from engagement.services import surveys as survey_services
from engagement.services import voices as voice_services
from tests.factories import OrganisationFactory
from tests.helpers import assert_constant_queries, form_errors, post_edit

from .builders import answer_publicly, build_survey, published_survey, today, values, you_said

pytestmark = pytest.mark.django_db


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_the_business_unit_builds_a_survey_through_the_forms(business, client_for):
    client = client_for(business)
    response = client.post(
        reverse("engagement:survey-create"),
        {
            "title": "Voice of the child survey",
            "purpose": "How do you capture the child’s voice?",
            "audience": "practitioners",
            **_date("opens_on", today()),
            **_date("closes_on", today() + timedelta(days=14)),
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    add = reverse("engagement:question-add", args=[survey.pk])
    refused = client.post(
        add, {"section": survey.sections.get().pk, "text": "Pick one", "kind": "single", "choices": "Only"}
    )
    assert "Enter at least 2 answers to choose from, one on each line" in form_errors(refused)["choices"]
    assert "Pick one" in refused.content.decode(), "what was typed is kept"
    client.post(add, {"section": survey.sections.get().pk, "text": "Pick one", "kind": "single", "choices": "A\nB"})
    client.post(add, {"section": survey.sections.get().pk, "text": "Anything else?", "kind": "text", "optional": "on"})
    first, second = survey.questions.order_by("position")
    assert not second.required and list(first.choices.values_list("text", flat=True)) == ["A", "B"]
    client.post(reverse("engagement:question-move", args=[survey.pk, second.pk]), {"direction": "up"})
    assert list(survey.questions.order_by("position")) == [second, first]
    edit = reverse("engagement:question-edit", args=[survey.pk, first.pk])
    post_edit(
        client, edit, {"section": first.section_id, "text": "Pick one, please", "kind": "single", "choices": "A\nB\nC"}
    )
    first.refresh_from_db()
    assert first.text == "Pick one, please" and first.choices.count() == 3
    preview = client.get(reverse("engagement:survey-preview", args=[survey.pk])).content.decode()
    assert "Pick one, please" in preview and "About you" in preview
    client.post(reverse("engagement:survey-publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.PUBLISHED
    detail = client.get(survey.get_absolute_url()).content.decode()
    assert survey.public_url in detail
    assert client.get(edit).status_code == 403, "questions are fixed once published"


def test_an_agency_lead_answers_for_their_agency_in_the_portal(business, agency_lead, client_for):
    survey = build_survey(business, audience=Survey.Audience.AGENCY_LEADS)
    survey_services.agencies_invite(acting_user=business, survey=survey, organisations=[agency_lead.organisation])
    survey = survey_services.survey_publish(acting_user=business, survey=survey)
    client = client_for(agency_lead)
    detail = client.get(survey.get_absolute_url()).content.decode()
    url = reverse("engagement:survey-agency-answer", args=[survey.pk, agency_lead.organisation.pk])
    assert url in detail
    q = {question.kind: question for question in survey.questions.all()}
    response = client.post(url, {f"q{q['single'].pk}": q["single"].choices.first().pk, f"q{q['scale'].pk}": "3"})
    assert response.status_code == 302
    assert survey.responses.get().for_agency
    assert "Answered" in client.get(survey.get_absolute_url()).content.decode()


def test_a_facilitator_enters_answers_one_young_person_after_another(business, member, client_for):
    survey = build_survey(business, audience=Survey.Audience.CHILDREN)
    survey_services.facilitators_set(acting_user=business, survey=survey, people=[member])
    survey = survey_services.survey_publish(acting_user=business, survey=survey)
    client = client_for(member)
    started = client.post(
        reverse("engagement:session-start", args=[survey.pk]), {"forum": "Youth council", **_date("held_on", today())}
    )
    session = survey.sessions.get()
    assert started["Location"] == session.get_absolute_url()
    q = {question.kind: question for question in survey.questions.all()}
    for _ in range(2):
        saved = client.post(
            session.get_absolute_url(),
            {f"q{q['single'].pk}": q["single"].choices.first().pk, f"q{q['scale'].pk}": "5", "age_group": "11_15"},
        )
        assert saved["Location"] == session.get_absolute_url()
    assert session.responses.count() == 2
    assert "2 young people’s answers entered" in client.get(session.get_absolute_url()).content.decode()


def test_the_moderation_page_marks_what_may_identify_someone(business, client_for):
    survey = published_survey(business)
    answer_publicly(survey, 1, text="Jayden told me he was scared")
    page = client_for(business).get(reverse("engagement:moderation", args=[survey.pk])).content.decode()
    assert '<mark>Jayden<span class="govuk-visually-hidden"> (possible name)</span></mark>' in page
    assert "[name removed] told me he was scared" in page
    answer = Answer.objects.get(moderation="awaiting")
    prefix = f"a{answer.pk.hex[:8]}"
    url = reverse("engagement:answer-moderate", args=[survey.pk, answer.pk])
    refused = client_for(business).post(
        url, {f"{prefix}-decision": "approve", f"{prefix}-text": "Jayden said he was scared"}
    )
    assert "looks like a name or a date" in refused.content.decode()
    client_for(business).post(url, {f"{prefix}-decision": "approve", f"{prefix}-text": "A child was scared"})
    answer.refresh_from_db()
    assert answer.text == "A child was scared"


def test_an_agency_lead_sees_the_evidence_of_listening_they_can_cite(business, agency_lead, member, chair, client_for):
    item = you_said(business, summary="Clearer appointment letters", organisations=[agency_lead.organisation])
    voice_services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today())
    voice_services.you_said_respond(acting_user=member, item=item, we_did="Letters rewritten.", done_on=today())
    voice_services.you_said_review(acting_user=business, item=item, agree=True)
    survey = published_survey(business)
    answer_publicly(survey, 6, organisation=agency_lead.organisation)
    survey = survey_services.survey_close(acting_user=business, survey=survey)
    survey_services.results_release(acting_user=business, survey=survey)
    page = client_for(agency_lead).get(reverse("engagement:evidence")).content.decode()
    assert f"you_said:{item.pk}" in page and "Clearer appointment letters" in page
    assert f"survey_results:{survey.pk}" in page and "6 of your staff answered" in page
    from core import evidence

    assert evidence.item(f"you_said:{item.pk}", agency_lead).title.endswith("Clearer appointment letters")
    assert evidence.item(f"survey_results:{survey.pk}", agency_lead).url.endswith(f"/{survey.pk}/results/")
    assert evidence.item("you_said:nonsense", agency_lead) is None
    assert client_for(chair).get(reverse("engagement:evidence")).status_code == 403


def test_my_work_shows_what_is_waiting_for_each_person(business, agency_lead, member, chair, voice_group, client_for):
    leads = build_survey(business, audience=Survey.Audience.AGENCY_LEADS, title="Agencies’ listening survey")
    survey_services.agencies_invite(acting_user=business, survey=leads, organisations=[agency_lead.organisation])
    survey_services.survey_publish(acting_user=business, survey=leads)
    item = you_said(business, group=voice_group)
    voice_services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today())
    assert (
        "1</span> survey your agency should answer"
        in client_for(agency_lead).get(reverse("core:home")).content.decode()
    )
    as_owner = client_for(member).get(reverse("core:home")).content.decode()
    assert "1</span> thing children or families told us: say what we did" in as_owner
    assert "/listening/you-said-we-did/?status=with_owner&amp;mine=on" in as_owner
    voice_services.you_said_respond(acting_user=member, item=item, we_did="Done.", done_on=today())
    as_chair = client_for(chair).get(reverse("core:home")).content.decode()
    assert "1</span> “we did” answer waiting for your review" in as_chair
    survey = published_survey(business)
    answer_publicly(survey, 1, text="Something")
    assert (
        "1</span> survey comment waiting for moderation"
        in client_for(business).get(reverse("core:home")).content.decode()
    )


def test_a_persons_data_export_lists_what_listening_holds_about_them_and_the_surveys_have_a_retention_rule(
    business, member
):
    survey = build_survey(business, audience=Survey.Audience.CHILDREN)
    survey_services.facilitators_set(acting_user=business, survey=survey, people=[member])
    survey = survey_services.survey_publish(acting_user=business, survey=survey)
    session = response_services.session_start(acting_user=member, survey=survey, forum="Youth council", held_on=today())
    response_services.child_response_record(acting_user=member, session=session, values=values(survey))
    sources = {s.key: s for s in personal_data.sources()}
    assert list(sources["forum_sessions"].rows(member)) == [(survey.title, "Youth council", today())]
    assert list(sources["surveys_built"].rows(business))[0][0] == survey.title
    keys = {t.key for t in retention.record_types()}
    assert {"surveys", "you_said"} <= keys


def _grow_surveys(business):
    trust = OrganisationFactory()
    survey = published_survey(business, title="Grown survey")
    survey_services.agencies_invite(acting_user=business, survey=survey, organisations=[trust])
    answer_publicly(survey, 6, organisation=trust, text="More of this")
    moderation_services.approve_clear_comments(acting_user=business, survey=survey)


def test_the_survey_list_runs_the_same_queries_however_many_surveys(business, client_for):
    assert_constant_queries(client_for(business), reverse("engagement:survey-list"), lambda: _grow_surveys(business))


def test_the_results_run_the_same_queries_however_many_answers_and_agencies(business, client_for):
    survey = published_survey(business)

    def grow():
        answer_publicly(survey, 7, organisation=OrganisationFactory(), text="A comment", single=1, multiple=(0, 1))
        moderation_services.approve_clear_comments(acting_user=business, survey=survey)

    client = client_for(business)
    assert_constant_queries(client, reverse("engagement:survey-results", args=[survey.pk]), grow)


def test_the_survey_page_runs_the_same_queries_however_many_agencies_answer(business, client_for):
    survey = published_survey(business)

    def grow():
        trust = OrganisationFactory()
        survey_services.agencies_invite(acting_user=business, survey=survey, organisations=[trust])
        answer_publicly(survey, 2, organisation=trust)

    assert_constant_queries(client_for(business), survey.get_absolute_url(), grow)


def test_the_log_and_the_public_page_run_the_same_queries_however_long_they_are(business, member, client_for):
    def grow():
        item = you_said(business, summary="Something said again")
        voice_services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today())
        voice_services.you_said_publish(acting_user=business, item=item)

    assert_constant_queries(client_for(business), reverse("engagement:yousaid-list"), grow)
    client_for(business).logout()
    assert_constant_queries(client_for(business), reverse("engagement:public-you-said"), grow)


def test_an_outsider_sees_nothing_of_listening(outsider, business, client_for):
    survey = published_survey(business)
    item = you_said(business)
    client = client_for(outsider)
    for url in (
        reverse("engagement:survey-list"),
        survey.get_absolute_url(),
        reverse("engagement:survey-results", args=[survey.pk]),
        reverse("engagement:yousaid-list"),
        item.get_absolute_url(),
        reverse("engagement:evidence"),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert "Listening" not in client.get(reverse("core:home")).content.decode()


def test_the_menu_shows_listening_to_the_partnership(member, client_for):
    assert ">Listening<" in client_for(member).get(reverse("core:home")).content.decode()


def test_an_agency_lead_sees_how_many_of_their_own_staff_have_answered_and_no_one_elses(
    business, agency_lead, client_for
):
    other = OrganisationFactory(name="Another Trust")
    survey = build_survey(business)
    survey_services.agencies_invite(
        acting_user=business, survey=survey, organisations=[agency_lead.organisation, other]
    )
    survey = survey_services.survey_publish(acting_user=business, survey=survey)
    answer_publicly(survey, 3, organisation=agency_lead.organisation)
    page = client_for(agency_lead).get(survey.get_absolute_url()).content.decode()
    assert agency_lead.organisation.name in page and "Another Trust" not in page
    assert "Another Trust" in client_for(business).get(survey.get_absolute_url()).content.decode()


def test_the_log_counts_every_entry_heard_and_each_filter_its_own(business, member, client_for):
    for n in range(27):
        item = you_said(business, summary=f"Said {n}")
        if n < 3:
            voice_services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today())
    client = client_for(business)
    url = reverse("engagement:yousaid-list")
    first = client.get(url).content.decode()
    assert "27 entries" in first and "?page=2" in first
    assert client.get(url + "?page=2").content.decode().count("Said ") == 2
    assert "3 entries" in client.get(url + "?status=with_owner").content.decode()
