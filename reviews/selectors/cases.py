"""Serious incidents: the case list and a case, 404 for "missing or not yours"."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.http import Http404

from partnership.models import User

from .. import permissions
from ..models import (
    PracticeReview,
    RapidReview,
    SeriousIncident,
)


def _full_flag(user: User, ids: frozenset[int]) -> Value | ExpressionWrapper[Q]:
    """An annotation saying, per row, whether the person reads the record in full (so a list
    shows a pseudonym only where the person could open the record and see it anyway)."""
    if permissions.reads_all_detail(user) or not ids:
        return Value(permissions.reads_all_detail(user), output_field=BooleanField())
    return ExpressionWrapper(Q(pk__in=ids), output_field=BooleanField())


def incident_list_for_user(user: User, *, query: str = "", status: str = "") -> QuerySet[SeriousIncident]:
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    full_ids = permissions.incident_ids_with_detail(user)
    incidents = permissions.incidents_visible_to(user).select_related("rapid_review")
    if status:
        incidents = incidents.filter(status=status)
    query = query.strip()
    if query:
        # The pseudonym is searched only among records the person reads in full: a search
        # must not confirm which case a pseudonym belongs to.
        by_pseudonym = Q(child_pseudonym__icontains=query)
        if not permissions.reads_all_detail(user):
            by_pseudonym &= Q(pk__in=full_ids)
        incidents = incidents.filter(Q(reference__icontains=query) | by_pseudonym)
    return incidents.annotate(full=_full_flag(user, full_ids)).order_by("-aware_on", "-pk")


def incident_get_for_user(user: User, pk: int) -> tuple[SeriousIncident, str]:
    incident = (
        SeriousIncident.objects.select_related("referred_by_organisation", "created_by", "rapid_review")
        .filter(pk=pk)
        .first()
    )
    access = permissions.incident_access(user, incident) if incident else None
    if incident is None or access is None:
        raise Http404("No such case")
    return incident, access


def incident_practice_reviews(incident: SeriousIncident) -> list[PracticeReview]:
    return list(incident.practice_reviews.select_related("reviewer").order_by("decided_on"))


def rapid_review_of(case: SeriousIncident) -> RapidReview | None:
    try:
        return case.rapid_review
    except RapidReview.DoesNotExist:
        return None
