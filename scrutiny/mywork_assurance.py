"""The home page's "My work" panel for assurance: how many challenges wait for an answer or a
verdict, assurance reports are owed, spotlight questions wait for an answer, recommendations
await the Executive, and escalation stages the person leads or mediates; each count links to
the assurance list that holds them."""

from urllib.parse import urlencode

from django.db.models import F, Q
from django.urls import reverse

from core.mywork import Tally
from core.roles import Role, has_role
from partnership.permissions import led_organisation_ids
from subgroups.permissions import chaired_group_ids

from . import permissions
from .models import (
    AssuranceRequest,
    Challenge,
    Escalation,
    EscalationStage,
    Recommendation,
    Spotlight,
    SpotlightAnswer,
)


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_use_assurance(user):
        return None
    led = led_organisation_ids(user)
    tallies = [
        Tally(
            "challenge for you to answer",
            "challenges for you to answer",
            Challenge.objects.filter(status=Challenge.Status.OPEN).filter(
                Q(directed_to_organisation_id__in=led) | Q(directed_to_group_id__in=chaired_group_ids(user))
            ),
            _list("scrutiny:challenge-list", status=Challenge.Status.OPEN),
        ),
        Tally(
            "answer to your challenges: record how assured you are",
            "answers to your challenges: record how assured you are",
            Challenge.objects.filter(status=Challenge.Status.ANSWERED, raised_by=user),
            _list("scrutiny:challenge-list", status=Challenge.Status.ANSWERED),
        ),
        Tally(
            "assurance report your organisation owes",
            "assurance reports your organisation owes",
            AssuranceRequest.objects.filter(status=AssuranceRequest.Status.REQUESTED, organisation_id__in=led),
            _list("scrutiny:request-list", status=AssuranceRequest.Status.REQUESTED),
        ),
        Tally(
            "spotlight question for you to answer",
            "spotlight questions for you to answer",
            spotlights_to_answer(user),
            shown=10,
            row_template="scrutiny/_mywork_spotlights.html",
        ),
        Tally(
            "escalation you are involved in",
            "escalations you are involved in",
            EscalationStage.objects.filter(
                escalation__status=Escalation.Status.OPEN, escalation__stage=F("stage")
            ).filter(Q(handled_by=user) | Q(mediator=user)),
            _list("scrutiny:escalation-list"),
        ),
    ]
    if has_role(user, Role.EXECUTIVE):
        tallies.append(
            Tally(
                "recommendation awaiting the Executive’s response",
                "recommendations awaiting the Executive’s response",
                Recommendation.objects.filter(status=Recommendation.Status.AWAITING),
                _list("scrutiny:scrutiny-plan-list"),
            )
        )
    return {"tallies": tallies}


def _list(name: str, **filters) -> str:
    return f"{reverse(name)}?{urlencode(filters)}" if filters else reverse(name)


def spotlights_to_answer(user):
    """Open spotlights the person authors and has not submitted an answer to (as
    selectors.spotlights.spotlights_to_answer), soonest meeting first."""
    submitted = SpotlightAnswer.objects.filter(author=user, status=SpotlightAnswer.Status.SUBMITTED).values(
        "question__spotlight_id"
    )
    return (
        Spotlight.objects.filter(authors=user, status=Spotlight.Status.OPEN)
        .exclude(pk__in=submitted)
        .select_related("group", "meeting")
        .order_by("meeting__date", "pk")
    )
