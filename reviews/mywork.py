"""The reviews panel on My work: how many returns my agency owes, panels I sit on, reviews I
write, and (for the business unit) review deadlines due in the next two weeks, each linking to
the review pipeline, which lists them. Nothing for someone with none of these."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core import calendar
from core.models import Deadline
from core.mywork import Tally
from partnership.permissions import led_organisation_ids

from . import permissions
from .models import AgencyReturn, PracticeReview, RapidReview, SeriousIncident

DEADLINE_DAYS = 14


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_use_reviews(user):
        return None
    pipeline = reverse("reviews:pipeline")
    tallies = [
        Tally(
            "return your agency owes for a rapid review",
            "returns your agency owes for rapid reviews",
            # As selectors.returns_owed, which the pipeline lists.
            AgencyReturn.objects.filter(
                organisation_id__in=led_organisation_ids(user),
                status=AgencyReturn.Status.REQUESTED,
                rapid_review__status=RapidReview.Status.IN_PROGRESS,
                rapid_review__decision="",
            ),
            pipeline,
        ),
        Tally(
            "rapid review whose panel you are on",
            "rapid reviews whose panel you are on",
            RapidReview.objects.filter(
                pk__in=permissions.rapid_review_panels_query(user),
                status__in=(RapidReview.Status.IN_PROGRESS, RapidReview.Status.SENT),
            ),
            pipeline,
        ),
        Tally(
            "practice review you are on",
            "practice reviews you are on",
            PracticeReview.objects.filter(
                permissions.practice_reviews_q(user), status__in=PracticeReview.OPEN_STATUSES
            ),
            pipeline,
        ),
    ]
    if permissions.manages_reviews(user):
        tallies.append(
            Tally(
                "review deadline overdue or due in the next two weeks",
                "review deadlines overdue or due in the next two weeks",
                review_deadlines_due(calendar.today()),
                pipeline,
            )
        )
    return {"tallies": tallies}


def review_deadlines_due(today):
    """Running deadlines of cases, reviews and returns due within DEADLINE_DAYS, or overdue."""
    types = ContentType.objects.get_for_models(SeriousIncident, RapidReview, PracticeReview, AgencyReturn)
    return Deadline.objects.filter(
        content_type__in=list(types.values()),
        status__in=Deadline.LIVE_STATUSES,
        due_date__lte=today + timedelta(days=DEADLINE_DAYS),
    )
