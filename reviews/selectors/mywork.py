"""What a person owes or leads, for "My work" and the pipeline."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from core.models import Deadline
from core.selectors import with_state
from partnership.models import User
from partnership.permissions import led_organisation_ids

from .. import permissions
from ..models import (
    AgencyReturn,
    PracticeReview,
    RapidReview,
    SeriousIncident,
)
from .rapid import with_due_dates


def returns_owed(user: User) -> list[AgencyReturn]:
    returns = list(
        AgencyReturn.objects.filter(
            organisation_id__in=led_organisation_ids(user),
            status=AgencyReturn.Status.REQUESTED,
            rapid_review__status=RapidReview.Status.IN_PROGRESS,
            rapid_review__decision="",
        )
        .select_related("rapid_review__incident", "organisation")
        # What the pipeline lists of each: whose, for which case, its status (and due date).
        .only("status", "organisation__name", "rapid_review__incident__reference")
        .order_by("requested_on", "pk")
    )
    with_due_dates(returns)
    return returns


def my_rapid_reviews(user: User) -> list[RapidReview]:
    ids = permissions.rapid_review_panel_ids(user)
    if not ids:
        return []
    chaired = permissions.chaired_rapid_review_ids(user)
    reviews = list(
        RapidReview.objects.filter(pk__in=ids, status__in=(RapidReview.Status.IN_PROGRESS, RapidReview.Status.SENT))
        .select_related("incident")
        .order_by("started_on")
    )
    for review in reviews:
        review.my_role = "Chair" if review.pk in chaired else "Member"
    return reviews


def my_practice_reviews(user: User) -> list[PracticeReview]:
    ids = permissions.practice_review_ids(user)
    if not ids:
        return []
    return list(
        PracticeReview.objects.filter(pk__in=ids, status__in=PracticeReview.OPEN_STATUSES).order_by("decided_on")
    )


def review_deadlines_due(today: date, days: int = 14) -> list[Deadline]:
    """Running review deadlines due in the next `days` days or overdue (for the business unit)."""
    types = ContentType.objects.get_for_models(SeriousIncident, RapidReview, PracticeReview, AgencyReturn)
    deadlines = list(
        Deadline.objects.filter(
            content_type__in=list(types.values()),
            status__in=Deadline.LIVE_STATUSES,
            due_date__lte=today + timedelta(days=days),
        )
        .select_related("rule")
        .order_by("due_date", "pk")[:15]
    )
    with_state(deadlines, today)
    return deadlines
