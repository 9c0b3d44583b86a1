"""Evidence of listening an agency can cite (core.evidence): "you said, we did" entries that
concern it and are done, and the results of surveys its staff (or its lead) answered.

A Section 11 return's standard 4 (service development informed by children's views) offers
these through core.evidence, so audits never imports this app."""

from django.db.models import Count, Q
from django.urls import reverse

from core import evidence

from . import permissions
from .anonymity import MINIMUM_GROUP
from .models import Response, Survey, YouSaid

YOU_SAID = "you_said"
SURVEYS = "survey_results"
LIMIT = 50


def _you_said_item(item: YouSaid) -> evidence.EvidenceItem:
    return evidence.EvidenceItem(
        reference=f"{YOU_SAID}:{item.pk}",
        source="You said, we did",
        title=f"{item.reference}: {item.summary}",
        detail=f"We did: {item.we_did}",
        on=item.done_on,
        url=item.get_absolute_url(),
    )


def you_said_for(organisation, user) -> list[evidence.EvidenceItem]:
    if not permissions.can_use_listening(user):
        return []
    items = (
        YouSaid.objects.filter(status=YouSaid.Status.DONE)
        .filter(Q(organisations=organisation) | Q(owner__organisation=organisation))
        .distinct()
        .order_by("-done_on", "-pk")[:LIMIT]
    )
    return [_you_said_item(item) for item in items]


def you_said_get(identifier: str, user) -> evidence.EvidenceItem | None:
    if not identifier.isdigit() or not permissions.can_use_listening(user):
        return None
    item = YouSaid.objects.filter(pk=int(identifier), status=YouSaid.Status.DONE).first()
    return _you_said_item(item) if item else None


def _survey_item(survey: Survey, answered: int) -> evidence.EvidenceItem:
    if survey.audience == Survey.Audience.AGENCY_LEADS:
        detail = "Your agency answered" if answered else "Your agency was asked"
    elif answered >= MINIMUM_GROUP:
        detail = f"{answered} of your staff answered"
    else:
        detail = "Fewer than 5 of your staff answered" if answered else "Your staff were asked"
    return evidence.EvidenceItem(
        reference=f"{SURVEYS}:{survey.pk}",
        source="Survey results",
        title=str(survey),
        detail=detail,
        on=survey.closes_on,
        url=reverse("engagement:survey-results", args=[survey.pk]),
    )


def surveys_for(organisation, user) -> list[evidence.EvidenceItem]:
    visible = [
        s
        for s in permissions.surveys_visible_to(user)
        .filter(status=Survey.Status.CLOSED)
        .filter(Q(invited__organisation=organisation) | Q(responses__organisation=organisation))
        .distinct()
        .order_by("-closes_on", "-pk")[:LIMIT]
        if permissions.can_view_results(user, s)
    ]
    counts = dict(
        Response.objects.filter(survey__in=visible, organisation=organisation)
        .values("survey")
        .annotate(n=Count("pk"))
        .values_list("survey", "n")
    )
    return [_survey_item(s, counts.get(s.pk, 0)) for s in visible]


def surveys_get(identifier: str, user) -> evidence.EvidenceItem | None:
    if not identifier.isdigit():
        return None
    survey = permissions.surveys_visible_to(user).filter(pk=int(identifier)).first()
    if survey is None or not permissions.can_view_results(user, survey):
        return None
    return _survey_item(survey, 0)


def register() -> None:
    evidence.register(
        evidence.EvidenceSource(
            key=YOU_SAID,
            label="You said, we did",
            description="What children and families told the partnership, and what the agency did about it",
            topics=frozenset({evidence.CHILDRENS_VOICE}),
            items_for=you_said_for,
            get=you_said_get,
        )
    )
    evidence.register(
        evidence.EvidenceSource(
            key=SURVEYS,
            label="Survey results",
            description="Surveys of practitioners, agencies and children that the agency took part in",
            topics=frozenset({evidence.CHILDRENS_VOICE}),
            items_for=surveys_for,
            get=surveys_get,
        )
    )
