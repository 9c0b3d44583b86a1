"""Listening's URLs in the permission matrix: who reaches each page.

Surveys and the log are for everyone with a role; building, publishing, moderating and the
log's publishing are the business unit's; the public link and the public log are for anyone."""

from datetime import timedelta

from django.urls import reverse

from engagement.models import Answer, Survey
from engagement.services import moderation as moderation_services
from engagement.services import responses as response_services
from engagement.services import surveys as survey_services
from engagement.services import voices as voice_services
from subgroups.services import groups as group_services
from tests.matrix import EVERY_ROLE, Entry, only, public

from .builders import answer_publicly, build_survey, published_survey, today, you_said

BU = ("business",)
HISTORY = ("business", "scrutineer")


def world(w) -> dict:
    business = w["business"]
    group = group_services.group_save(acting_user=business, name="Listening group", kind="subgroup", purpose="Voices")
    group_services.membership_add(acting_user=business, group=group, person=w["chair"])
    group_services.group_set_chair(acting_user=business, group=group, person=w["chair"])
    agency = w["agency_lead"].organisation

    draft = build_survey(business, title="Draft survey")
    draft_question = draft.questions.order_by("pk").first()

    open_survey = build_survey(business, title="Open survey")
    survey_services.agencies_invite(acting_user=business, survey=open_survey, organisations=[agency])
    open_survey = survey_services.survey_publish(acting_user=business, survey=open_survey)
    answer_publicly(open_survey, 2, organisation=agency, text="Jayden told me the form is hard")

    closed = published_survey(business, title="Closed survey")
    answer_publicly(closed, 6, organisation=agency, text="More training on neglect, please")
    moderation_services.approve_clear_comments(acting_user=business, survey=closed)
    closed = survey_services.survey_close(acting_user=business, survey=closed)
    survey_services.results_release(acting_user=business, survey=closed)

    leads = build_survey(business, title="Agencies’ survey", audience=Survey.Audience.AGENCY_LEADS)
    survey_services.agencies_invite(acting_user=business, survey=leads, organisations=[agency])
    leads = survey_services.survey_publish(acting_user=business, survey=leads)

    children = build_survey(business, title="Children’s survey", audience=Survey.Audience.CHILDREN)
    survey_services.facilitators_set(acting_user=business, survey=children, people=[w["member"]])
    children = survey_services.survey_publish(acting_user=business, survey=children)
    session = response_services.session_start(
        acting_user=w["member"], survey=children, forum="Youth council", held_on=today()
    )

    recorded = you_said(business, group=group)
    with_owner = you_said(business, summary="More youth workers in the evening", group=group)
    voice_services.you_said_assign(
        acting_user=business, item=with_owner, owner=w["member"], response_due=today() + timedelta(days=30)
    )
    to_review = you_said(business, summary="Clearer letters from social care", group=group)
    voice_services.you_said_assign(
        acting_user=business, item=to_review, owner=w["member"], response_due=today() + timedelta(days=30)
    )
    voice_services.you_said_respond(
        acting_user=w["member"], item=to_review, we_did="Letters were rewritten with young people.", done_on=today()
    )
    done = you_said(business, summary="Somewhere quiet to talk at school", group=group)
    voice_services.you_said_assign(
        acting_user=business, item=done, owner=w["member"], response_due=today() + timedelta(days=30)
    )
    voice_services.you_said_respond(
        acting_user=w["member"], item=done, we_did="Quiet rooms opened in four schools.", done_on=today()
    )
    voice_services.you_said_review(acting_user=w["chair"], item=done, agree=True)
    published = you_said(business, summary="Youth council wants a say in the strategy", group=group)
    voice_services.you_said_assign(
        acting_user=business, item=published, owner=w["member"], response_due=today() + timedelta(days=30)
    )
    voice_services.you_said_publish(acting_user=business, item=published)
    return {
        "listening_group": group,
        "draft_survey": draft,
        "draft_section": draft.sections.order_by("position").first(),
        "draft_question": draft_question,
        "open_survey": open_survey,
        "invited": open_survey.invited.get(),
        "awaiting_answer": Answer.objects.filter(question__survey=open_survey, moderation="awaiting").first(),
        "closed_survey": closed,
        "closed_text_question": closed.questions.get(kind="text"),
        "leads_survey": leads,
        "children_survey": children,
        "forum_session": session,
        "recorded_item": recorded,
        "owned_item": with_owner,
        "review_item": to_review,
        "done_item": done,
        "published_item": published,
    }


def _survey(name, key="open_survey"):
    return lambda w: reverse(f"engagement:{name}", args=[w[key].pk])


def _draft(name, key):
    return lambda w: reverse(f"engagement:{name}", args=[w["draft_survey"].pk, w[key].pk])


def _item(name, key):
    return lambda w: reverse(f"engagement:{name}", args=[w[key].pk])


def _post(roles, url, status=302) -> Entry:
    return only(*roles, url=url, method="post", status=status)


ENTRIES = {
    "engagement:survey-list": only(*EVERY_ROLE, url=lambda w: reverse("engagement:survey-list")),
    "engagement:survey-create": only(*BU, url=lambda w: reverse("engagement:survey-create")),
    "engagement:survey-detail": only(*EVERY_ROLE, url=_survey("survey-detail")),
    "engagement:survey-edit": only(*BU, url=_survey("survey-edit", "draft_survey")),
    "engagement:survey-publish": only(*BU, url=_survey("survey-publish", "draft_survey")),
    "engagement:survey-close": only(*BU, url=_survey("survey-close")),
    "engagement:survey-new-link": _post(BU, _survey("survey-new-link")),
    "engagement:survey-rerun": only(*BU, url=_survey("survey-rerun")),
    "engagement:survey-history": only(*HISTORY, url=_survey("survey-history")),
    "engagement:survey-agencies": only(*BU, url=_survey("survey-agencies")),
    "engagement:survey-agencies-add": only(*BU, url=_survey("survey-agencies-add")),
    "engagement:survey-agency-remove": _post(
        BU, lambda w: reverse("engagement:survey-agency-remove", args=[w["open_survey"].pk, w["invited"].pk])
    ),
    "engagement:survey-facilitators": only(*BU, url=_survey("survey-facilitators", "children_survey")),
    "engagement:survey-reminders": only(*BU, url=_survey("survey-reminders")),
    "engagement:survey-preview": only(*BU, url=_survey("survey-preview", "draft_survey")),
    "engagement:section-add": only(*BU, url=_survey("section-add", "draft_survey")),
    "engagement:section-edit": only(*BU, url=_draft("section-edit", "draft_section")),
    "engagement:section-delete": only(*BU, url=_draft("section-delete", "draft_section")),
    "engagement:section-move": _post(BU, _draft("section-move", "draft_section")),
    "engagement:question-add": only(*BU, url=_survey("question-add", "draft_survey")),
    "engagement:question-edit": only(*BU, url=_draft("question-edit", "draft_question")),
    "engagement:question-delete": only(*BU, url=_draft("question-delete", "draft_question")),
    "engagement:question-move": _post(BU, _draft("question-move", "draft_question")),
    "engagement:survey-agency-answer": only(
        "agency_lead",
        url=lambda w: reverse(
            "engagement:survey-agency-answer", args=[w["leads_survey"].pk, w["agency_lead"].organisation.pk]
        ),
    ),
    "engagement:session-start": only("member", "business", url=_survey("session-start", "children_survey")),
    "engagement:session-enter": only(
        "member",
        "business",
        url=lambda w: reverse("engagement:session-enter", args=[w["children_survey"].pk, w["forum_session"].pk]),
    ),
    "engagement:survey-results": only(*EVERY_ROLE, url=_survey("survey-results", "closed_survey")),
    "engagement:survey-comments": only(
        *EVERY_ROLE,
        url=lambda w: reverse("engagement:survey-comments", args=[w["closed_survey"].pk, w["closed_text_question"].pk]),
    ),
    "engagement:survey-pdf": only(*EVERY_ROLE, url=_survey("survey-pdf", "closed_survey")),
    "engagement:survey-release": _post(BU, _survey("survey-release", "closed_survey")),
    "engagement:moderation": only(*BU, url=_survey("moderation")),
    "engagement:moderation-clear": only(*BU, url=_survey("moderation-clear")),
    "engagement:answer-moderate": only(
        *BU,
        url=lambda w: reverse("engagement:answer-moderate", args=[w["open_survey"].pk, w["awaiting_answer"].pk]),
    ),
    "engagement:yousaid-list": only(*EVERY_ROLE, url=lambda w: reverse("engagement:yousaid-list")),
    "engagement:yousaid-create": only("business", "chair", url=lambda w: reverse("engagement:yousaid-create")),
    "engagement:yousaid-detail": only(*EVERY_ROLE, url=_item("yousaid-detail", "recorded_item")),
    "engagement:yousaid-edit": only("business", "chair", url=_item("yousaid-edit", "recorded_item")),
    "engagement:yousaid-assign": only("business", "chair", url=_item("yousaid-assign", "recorded_item")),
    "engagement:yousaid-respond": only("member", "business", url=_item("yousaid-respond", "owned_item")),
    "engagement:yousaid-review": only("chair", url=_item("yousaid-review", "review_item")),
    "engagement:yousaid-publish": only(*BU, url=_item("yousaid-publish", "done_item")),
    "engagement:yousaid-unpublish": _post(BU, _item("yousaid-unpublish", "published_item")),
    "engagement:yousaid-history": only(*HISTORY, url=_item("yousaid-history", "recorded_item")),
    "engagement:evidence": only(
        "agency_lead", "executive", "scrutineer", "business", url=lambda w: reverse("engagement:evidence")
    ),
    "engagement:public-survey": public(lambda w: w["open_survey"].public_url),
    "engagement:public-survey-thanks": public(
        lambda w: reverse("engagement:public-survey-thanks", args=[w["open_survey"].link_code])
    ),
    "engagement:public-you-said": public(lambda w: reverse("engagement:public-you-said")),
}
