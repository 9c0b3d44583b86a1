"""What the reviews app holds about a professional (subject access requests, the privacy
notice), and how long case and review records are kept.

The export is about the person, not the children: a review appears by its reference only,
never by the child's pseudonym, and nothing of the case (the summary, the facts, an agency's
chronology and analysis) goes into it. Retention descriptions follow the same rule, since the
retention pages and the disposal log are read by people outside the review.
"""

from django.db.models import Case, DateField, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from core import personal_data, retention

from . import permissions
from .models import (
    AgencyReturn,
    ConflictOfInterest,
    PracticeReview,
    PracticeReviewUserObjectPermission,
    RapidReview,
    RapidReviewUserObjectPermission,
    Reviewer,
    SeriousIncident,
)
from .services.practice import REVIEWER_FIELDS

# Neither Working Together nor the partnership's published arrangements set a period for case
# and review records, so this is the portal's default until the business unit sets the
# partnership's own with its basis: fifteen years from the end of the review keeps the record
# through a later national review, an inquest or a civil claim, and for the child's own
# request as a young adult.
REVIEW_YEARS = 15


# Retention ---------------------------------------------------------------------------------


def _rapid_review_concluded(prefix: str = "") -> Case:
    """A rapid review concludes when the Panel responds to it."""
    return Case(
        When(**{f"{prefix}status": RapidReview.Status.COMPLETE}, then=F(f"{prefix}panel_response_on")),
        default=Value(None),
        output_field=DateField(),
    )


def _practice_review_concluded() -> Case:
    """A practice review concludes when it is published, or (not an LCSPR) completed."""
    return Case(
        When(status=PracticeReview.Status.PUBLISHED, then=Coalesce("published_on", "completed_on")),
        When(status=PracticeReview.Status.COMPLETED, then=F("completed_on")),
        default=Value(None),
        output_field=DateField(),
    )


def cases_for_retention():
    """Cases with the date each concluded: the day it was closed without review, or the day
    its last review concluded (its rapid review's Panel response, or its practice reviews'
    publication or completion); NULL while the case or any of its reviews is still live. A
    case's reviews protect it from deletion, and they are due no later than the case."""
    Status = SeriousIncident.Status
    reviews = PracticeReview.objects.filter(incident=OuterRef("pk"))
    last_review = reviews.order_by().values("incident").annotate(last=Max(_practice_review_concluded())).values("last")
    return SeriousIncident.objects.annotate(
        review_live=Exists(reviews.filter(status__in=PracticeReview.OPEN_STATUSES)),
        review_concluded=Subquery(last_review, output_field=DateField()),
        rapid_concluded=_rapid_review_concluded("rapid_review__"),
    ).annotate(
        retention_anchor=Case(
            When(status=Status.CLOSED, then=F("closed_on")),
            When(review_live=True, then=Value(None)),
            When(status=Status.PASSED_ON, then=F("review_concluded")),
            When(status=Status.REVIEWED, review_concluded__gt=F("rapid_concluded"), then=F("review_concluded")),
            When(status=Status.REVIEWED, then=F("rapid_concluded")),
            default=Value(None),
            output_field=DateField(),
        )
    )


def rapid_reviews_for_retention():
    return RapidReview.objects.select_related("incident").annotate(retention_anchor=_rapid_review_concluded())


def practice_reviews_for_retention():
    return PracticeReview.objects.annotate(retention_anchor=_practice_review_concluded())


def _register_retention() -> None:
    retention.register(
        retention.RecordType(
            key="review_cases",
            label="Serious incidents and referrals",
            holds="Cases brought to the partnership: the child's pseudonym and age band, what happened, the "
            "agencies involved and who referred the case",
            anchor_label="the date the case concluded (closed without review, or its last review concluded)",
            queryset=cases_for_retention,
            describe=lambda case: f"Case {case.reference} (the local authority became aware {case.aware_on:%d %B %Y})",
            default_years=REVIEW_YEARS,
        )
    )
    retention.register(
        retention.RecordType(
            key="rapid_reviews",
            label="Rapid reviews",
            holds="The rapid review of a case: its panel and meetings, the agencies' chronologies and analysis, "
            "the facts, the learning, the decision and the Panel's response",
            anchor_label="the date of the Panel's response",
            queryset=rapid_reviews_for_retention,
            describe=lambda review: (
                f"Rapid review of case {review.incident.reference}, started {review.started_on:%d %B %Y}"
            ),
            default_years=REVIEW_YEARS,
        )
    )
    retention.register(
        retention.RecordType(
            key="practice_reviews",
            label="Practice reviews",
            holds="Local child safeguarding practice reviews and other reviews: the reviewer, the reports, "
            "findings, recommendations, milestones and pauses",
            anchor_label="the date the review was published or completed",
            queryset=practice_reviews_for_retention,
            describe=lambda review: f"Practice review {review.reference}, decided {review.decided_on:%d %B %Y}",
            default_years=REVIEW_YEARS,
        )
    )


# Personal data -----------------------------------------------------------------------------

RAPID_STATUS = dict(RapidReview.Status.choices)
PRACTICE_STATUS = dict(PracticeReview.Status.choices)
PANEL_ROLES = {permissions.CHAIR: "Chair of the rapid review panel", permissions.PANEL_MEMBER: "Rapid review panel"}


def review_roles(user) -> list[list]:
    """The rapid review panels the person chairs or sits on, the practice review panels they sit
    on, and the practice reviews commissioned from them as reviewer. Three queries."""
    rapid = (
        RapidReviewUserObjectPermission.objects.filter(user=user, permission__codename__in=PANEL_ROLES)
        .order_by("content_object__started_on", "pk")
        .values_list(
            "content_object__incident__reference",
            "permission__codename",
            "content_object__started_on",
            "content_object__status",
        )
    )
    panels = (
        PracticeReviewUserObjectPermission.objects.filter(
            user=user, permission__codename=permissions.REVIEW_PANEL_MEMBER
        )
        .order_by("content_object__decided_on", "pk")
        .values_list("content_object__reference", "content_object__decided_on", "content_object__status")
    )
    commissioned = (
        PracticeReview.objects.filter(reviewer__user=user)
        .order_by("decided_on", "pk")
        .values_list("reference", "decided_on", "status")
    )
    return [
        *([f"Rapid review, case {ref}", PANEL_ROLES[code], on, RAPID_STATUS.get(s, s)] for ref, code, on, s in rapid),
        *([f"Practice review {ref}", "Practice review panel", on, PRACTICE_STATUS.get(s, s)] for ref, on, s in panels),
        *([f"Practice review {ref}", "Reviewer", on, PRACTICE_STATUS.get(s, s)] for ref, on, s in commissioned),
    ]


def agency_returns(user) -> list[list]:
    """The agency returns the person asked for or sent: which case, which agency, when; never
    the chronology or the analysis."""
    rows = (
        AgencyReturn.objects.filter(Q(requested_by=user) | Q(submitted_by=user))
        .order_by("requested_on", "pk")
        .values_list(
            "rapid_review__incident__reference",
            "organisation__name",
            "requested_by_id",
            "submitted_by_id",
            "requested_on",
            "status",
            "submitted_at",
        )
    )
    statuses = dict(AgencyReturn.Status.choices)
    parts = {(True, False): "Requested it", (False, True): "Sent it", (True, True): "Requested and sent it"}
    return [
        [f"Case {ref}", agency, parts[(asked == user.pk, sent == user.pk)], on, statuses.get(status, status), at]
        for ref, agency, asked, sent, on, status, at in rows
    ]


def reviewer_entries(user) -> list[list]:
    availability = dict(Reviewer.Availability.choices)
    rows = (
        Reviewer.objects.filter(user=user)
        .order_by("pk")
        .values_list(*(f for f in REVIEWER_FIELDS if f != "user"), "created_at")
    )
    return [[*row[:5], availability.get(row[5], row[5]), *row[6:8], "Yes" if row[8] else "No", row[9]] for row in rows]


def _register_sources() -> None:
    source = personal_data.Source
    personal_data.register(
        source(
            "review_roles",
            "Your roles on reviews",
            "The rapid review panels you chair or sit on, the practice review panels you sit on and the practice "
            "reviews commissioned from you, by their reference",
            ["Review", "Your role", "Started", "Status"],
            review_roles,
            order=50,
        )
    )
    personal_data.register(
        source(
            "agency_returns",
            "Agency returns for rapid reviews",
            "The agency returns for rapid reviews that you asked for or sent: the case reference, the agency, "
            "when and the status (not what the return says)",
            ["Case", "Agency", "Your part", "Requested", "Status", "Sent"],
            agency_returns,
            order=51,
        )
    )
    personal_data.register(
        source(
            "reviewer_directory",
            "Your reviewer directory entry",
            "If you are in the directory of independent reviewers: your name, contact details, company, expertise, "
            "availability and earlier reviews",
            [
                "Name",
                "Email address",
                "Phone",
                "Company or organisation",
                "Expertise",
                "Availability",
                "About availability",
                "Reviews before the portal",
                "In the directory",
                "Added",
            ],
            reviewer_entries,
            order=52,
        )
    )
    personal_data.register(
        source(
            "reviewer_conflicts",
            "Your conflicts of interest as a reviewer",
            "The conflicts of interest recorded for you as an independent reviewer: with whom, what and when declared",
            ["Agency", "Conflict", "Declared"],
            lambda user: (
                ConflictOfInterest.objects.filter(reviewer__user=user)
                .order_by("declared_on", "pk")
                .values_list("organisation__name", "description", "declared_on")
            ),
            order=53,
        )
    )


def register() -> None:
    _register_sources()
    _register_retention()
