"""The reviewer directory."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partnership.models import User

from .. import permissions
from ..models import (
    Reviewer,
)


def reviewer_list_for_user(user: User, *, query: str = "", availability: str = "") -> QuerySet[Reviewer]:
    if not permissions.can_view_reviewers(user):
        raise Http404("No such page")
    reviewers = Reviewer.objects.annotate(
        review_count=Count("reviews", distinct=True), conflict_count=Count("conflicts", distinct=True)
    )
    if availability:
        reviewers = reviewers.filter(availability=availability)
    if query.strip():
        reviewers = reviewers.filter(
            Q(name__icontains=query.strip())
            | Q(expertise__icontains=query.strip())
            | Q(organisation_name__icontains=query.strip())
        )
    return reviewers.order_by("-is_active", "name")


def reviewer_get_for_user(user: User, pk: int) -> Reviewer:
    if not permissions.can_view_reviewers(user):
        raise Http404("No such reviewer")
    reviewer = Reviewer.objects.select_related("user").filter(pk=pk).first()
    if reviewer is None:
        raise Http404("No such reviewer")
    return reviewer
