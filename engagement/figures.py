"""Scorecard figures listening already knows (core.assurance computes them each quarter instead
of having them typed): how many practitioners answered the partnership's surveys, and how many
of the things children and families told us have a "we did"."""

from datetime import date
from decimal import Decimal

from django.db.models import Count

from core import assurance, calendar

from .models import InvitedAgency, Response, Survey
from .selectors.voices import you_said_counts

RESPONSE_RATE = "practitioner_survey_response_rate"
WE_DID_SHARE = "you_said_with_we_did"


def response_rate(start: date, end: date) -> Decimal | None:
    """Of the staff that practitioners' surveys closing in the period went to (where agencies
    gave their numbers), the percentage who answered. Two queries."""
    surveys = Survey.objects.filter(
        audience=Survey.Audience.PRACTITIONERS, status=Survey.Status.CLOSED, closes_on__range=(start, end)
    ).values("pk")
    staff = {
        (survey, organisation): number
        for survey, organisation, number in InvitedAgency.objects.filter(
            survey__in=surveys, staff_invited__gt=0
        ).values_list("survey", "organisation", "staff_invited")
    }
    if not staff:
        return None
    answered = (
        Response.objects.filter(survey__in=surveys, organisation__isnull=False)
        .values("survey", "organisation")
        .annotate(n=Count("pk"))
        .values_list("survey", "organisation", "n")
    )
    responses = sum(min(n, staff[(s, o)]) for s, o, n in answered if (s, o) in staff)
    return assurance.percent(responses, sum(staff.values()))


def we_did_share(start: date, end: date) -> Decimal | None:
    """Of everything children and families told us up to the end of the period (or today, for
    the quarter under way), the percentage with a "we did" agreed by then. One query."""
    at = min(end, calendar.today())
    if at < start:
        return None
    counts = you_said_counts(at=at)
    return assurance.percent(counts["done"], counts["heard"])


def register() -> None:
    assurance.register_figure(
        assurance.ComputedFigure(
            key=RESPONSE_RATE,
            label="Practitioners answering the partnership’s surveys",
            definition="Of the staff that practitioners’ surveys closing in the quarter were sent to (as each agency "
            "reported its numbers), the percentage who answered. Agencies that gave no number are left out.",
            unit="percent",
            higher_is_better=True,
            compute=response_rate,
            sources=("engagement.Survey", "engagement.InvitedAgency", "engagement.Response"),
        )
    )
    assurance.register_figure(
        assurance.ComputedFigure(
            key=WE_DID_SHARE,
            label="What children and families told us that has a “we did”",
            definition="Of the things children, young people and families told the partnership (the “you said, we "
            "did” log) up to the end of the quarter, the percentage whose “we did” had been agreed by then.",
            unit="percent",
            higher_is_better=True,
            compute=we_did_share,
            sources=("engagement.YouSaid",),
        )
    )
