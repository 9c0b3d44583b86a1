"""Local child safeguarding practice reviews: the list, a review, its findings, recommendations
and report versions."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from core.documents import documents_of
from core.models import Document
from partnership.models import User

from .. import permissions
from ..models import (
    Finding,
    Milestone,
    PracticeReview,
    PracticeReviewUserObjectPermission,
    Recommendation,
    SeriousIncident,
)


def practice_review_list_for_user(
    user: User, *, query: str = "", status: str = "", kind: str = ""
) -> QuerySet[PracticeReview]:
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    reviews = permissions.practice_reviews_visible_to(user).select_related("reviewer", "incident")
    if status:
        reviews = reviews.filter(status=status)
    if kind:
        reviews = reviews.filter(kind=kind)
    query = query.strip()
    if query:
        reviews = reviews.filter(Q(reference__icontains=query) | Q(title__icontains=query))
    return reviews.order_by("-decided_on", "-pk")


def practice_review_get_for_user(user: User, pk: int) -> tuple[PracticeReview, str]:
    review = PracticeReview.objects.select_related("reviewer", "incident").filter(pk=pk).first()
    access = permissions.practice_review_access(user, review) if review else None
    if review is None or access is None:
        raise Http404("No such review")
    return review, access


def review_findings(review: PracticeReview) -> list[Finding]:
    return list(
        review.findings.prefetch_related(
            "themes",
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("plan").order_by("number")),
        ).order_by("number")
    )


def review_recommendations(review: PracticeReview) -> list[Recommendation]:
    return list(review.recommendations.select_related("plan", "finding").order_by("number"))


def report_versions(review: PracticeReview) -> dict[str, list[Document]]:
    """{"draft": [...], "final": [...]}: each report and its earlier versions, newest first,
    from one query over the review's documents."""
    by_pk: dict[int, Document] = {document.pk: document for document in documents_of(review)}
    versions = {}
    for which in ("draft", "final"):
        chain: list[Document] = []
        document = by_pk.get(getattr(review, f"{which}_report_id"))
        while document is not None and len(chain) < 100:
            chain.append(document)
            document = by_pk.get(document.previous_id) if document.previous_id else None
        versions[which] = chain
    return versions


def review_panel(review: PracticeReview) -> list[User]:
    return [
        row.user
        for row in PracticeReviewUserObjectPermission.objects.filter(
            content_object=review, permission__codename=permissions.REVIEW_PANEL_MEMBER
        )
        .select_related("user__organisation")
        .order_by("user__name")
    ]


def milestone_of(review: PracticeReview, pk: int) -> Milestone:
    milestone = review.milestones.filter(pk=pk).first()
    if milestone is None:
        raise Http404("No such milestone")
    return milestone


def recommendation_get_for_user(user: User, pk: int) -> tuple[Recommendation, PracticeReview]:
    """A recommendation and its review, 404 unless the person may open the review."""
    recommendation = Recommendation.objects.select_related("review").filter(pk=pk).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    review, _ = practice_review_get_for_user(user, recommendation.review_id)
    return recommendation, review


def incident_to_commission_from(pk: str) -> SeriousIncident | None:
    """The case named in the address a practice review is commissioned from (the page is the
    business unit's, who read every case), or none."""
    return SeriousIncident.objects.filter(pk=pk).first() if pk.isdigit() else None
