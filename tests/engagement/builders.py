"""Surveys and "you said, we did" entries built through the services, for the listening tests
(and the permission matrix's world)."""

from datetime import timedelta

from django.utils import timezone

from engagement.models import Question, Survey
from engagement.services import responses as response_services
from engagement.services import surveys as survey_services
from engagement.services import voices as voice_services


def today():
    return timezone.localdate()


def build_survey(
    business, *, audience=Survey.Audience.PRACTITIONERS, title="Practitioners’ survey", opens=-5, closes=10
):
    """A draft with one question of each kind in its first section and a second section."""
    survey = survey_services.survey_create(
        acting_user=business,
        title=title,
        purpose="How safe do practitioners feel raising concerns?",
        audience=audience,
        opens_on=today() + timedelta(days=opens),
        closes_on=today() + timedelta(days=closes),
    )
    first = survey.sections.get()
    survey_services.question_save(
        acting_user=business,
        section=first,
        text="Do you know how to escalate a disagreement?",
        kind=Question.Kind.SINGLE,
        choices=["Yes", "Partly", "No"],
    )
    survey_services.question_save(
        acting_user=business,
        section=first,
        text="How confident are you in the threshold document?",
        kind=Question.Kind.SCALE,
        scale_points=5,
        scale_low_label="Not at all",
        scale_high_label="Very",
    )
    second = survey_services.section_save(acting_user=business, survey=survey, title="Training")
    survey_services.question_save(
        acting_user=business,
        section=second,
        text="Which training have you been on?",
        kind=Question.Kind.MULTIPLE,
        choices=["Neglect", "Exploitation", "Domestic abuse"],
        required=False,
    )
    survey_services.question_save(
        acting_user=business,
        section=second,
        text="What would help you most?",
        kind=Question.Kind.TEXT,
        required=False,
    )
    return survey


def questions(survey) -> dict:
    by_kind = {}
    for question in survey.questions.prefetch_related("choices"):
        by_kind[question.kind] = question
    return by_kind


def values(survey, *, single=0, scale=3, multiple=(0,), text="") -> dict:
    """Answers for `survey` (built by build_survey): the nth choice, a scale point, etc."""
    q = questions(survey)
    single_choices = list(q["single"].choices.order_by("position"))
    multiple_choices = list(q["multiple"].choices.order_by("position"))
    return {
        q["single"]: single_choices[single],
        q["scale"]: scale,
        q["multiple"]: [multiple_choices[i] for i in multiple],
        q["text"]: text,
    }


def answer_publicly(survey, count: int, *, organisation=None, role="health", **kwargs) -> None:
    for _ in range(count):
        response_services.public_response_record(
            survey=survey, values=values(survey, **kwargs), organisation=organisation, role=role
        )


def published_survey(business, **kwargs) -> Survey:
    survey = build_survey(business, **kwargs)
    return survey_services.survey_publish(acting_user=business, survey=survey)


def you_said(business, *, summary="Buses to the youth centre stop too early", group=None, **fields) -> object:
    return voice_services.you_said_save(
        acting_user=business,
        summary=summary,
        said=fields.pop("said", "Young people said the last bus leaves at six, so they miss the evening sessions."),
        voice=fields.pop("voice", "children"),
        source=fields.pop("source", "youth_council"),
        heard_on=fields.pop("heard_on", today() - timedelta(days=20)),
        group=group,
        **fields,
    )
