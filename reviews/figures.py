"""Scorecard figures the reviews app knows, registered with core.assurance so the scorecard
computes them instead of having them typed: serious incident notifications and rapid reviews
sent to the Panel on time.

Both are read from the stored deadlines (one per case or review, under the partnership's rule
as it stood when the deadline was set, moved by any pause), counted the way the pipeline's
compliance figures count them (reviews.selectors.pipeline.compliance_by_year): a deadline met on or
before its due date is on time; one met after it, or still open after it, is not; cancelled
deadlines (a case closed without notification, a corrected date of awareness) and paused ones
are left out.
"""

from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from core import assurance, calendar
from core.deadline_rules import RAPID_REVIEW, SERIOUS_INCIDENT_NOTIFICATION
from core.models import Deadline

from .models import RapidReview, SeriousIncident
from .selectors.pipeline import compliance_counts

NOTIFICATIONS_ON_TIME = "serious_incident_notifications_on_time"
RAPID_REVIEWS_ON_TIME = "rapid_reviews_on_time"


def deadlines_met_on_time(model: type[Model], rule_key: str, start: date, end: date) -> Decimal | None:
    """Of the deadlines under the rule whose due date fell in [start, end] and whose outcome is
    known (met, or still open after the due date), the percentage met by the due date; None
    when there are none. One query (the content type is cached)."""
    counts = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(model), rule__key=rule_key, due_date__range=(start, end)
    ).aggregate(**compliance_counts(calendar.today()))
    return assurance.percent(counts["on_time"], counts["on_time"] + counts["late"] + counts["overdue"])


def notifications_on_time(start: date, end: date) -> Decimal | None:
    return deadlines_met_on_time(SeriousIncident, SERIOUS_INCIDENT_NOTIFICATION.key, start, end)


def rapid_reviews_on_time(start: date, end: date) -> Decimal | None:
    return deadlines_met_on_time(RapidReview, RAPID_REVIEW.key, start, end)


def register() -> None:
    assurance.register_figure(
        assurance.ComputedFigure(
            key=NOTIFICATIONS_ON_TIME,
            label="Serious incident notifications sent to the Panel within 5 working days",
            definition="Of the serious incident notifications whose deadline (5 working days from the day the local "
            "authority became aware, or the partnership's own rule) fell in the quarter, the percentage sent to the "
            "Child Safeguarding Practice Review Panel on or before the deadline. A notification not yet sent counts "
            "as late once its deadline has passed; cases closed without notification are left out.",
            unit="percent",
            higher_is_better=True,
            compute=notifications_on_time,
            sources=("core.Deadline",),
        )
    )
    assurance.register_figure(
        assurance.ComputedFigure(
            key=RAPID_REVIEWS_ON_TIME,
            label="Rapid reviews sent to the Panel within 15 working days",
            definition="Of the rapid reviews whose deadline (15 working days from the notification or the day the "
            "local authority became aware, as the partnership's rule sets) fell in the quarter, the percentage sent "
            "to the Child Safeguarding Practice Review Panel on or before the deadline. A rapid review not yet sent "
            "counts as late once its deadline has passed.",
            unit="percent",
            higher_is_better=True,
            compute=rapid_reviews_on_time,
            sources=("core.Deadline",),
        )
    )
