"""Rapid reviews and the agencies' returns to them."""

from typing import TypedDict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from core import calendar
from core.models import Deadline
from partnership.models import User

from .. import permissions
from ..models import (
    AgencyReturn,
    RapidReview,
    RapidReviewUserObjectPermission,
)


def rapid_review_get_for_user(user: User, pk: int) -> tuple[RapidReview, str]:
    rapid_review = RapidReview.objects.select_related("incident", "safety_plan__owning_group").filter(pk=pk).first()
    access = permissions.rapid_review_access(user, rapid_review) if rapid_review else None
    if rapid_review is None or access is None:
        raise Http404("No such rapid review")
    return rapid_review, access


def rapid_review_returns(rapid_review: RapidReview) -> list[AgencyReturn]:
    returns = list(
        rapid_review.returns.select_related("organisation", "submitted_by", "document").order_by("organisation__name")
    )
    with_due_dates(returns)
    return returns


def with_due_dates(returns: list[AgencyReturn]) -> None:
    content_type = ContentType.objects.get_for_model(AgencyReturn)
    due = dict(
        Deadline.objects.filter(content_type=content_type, object_id__in=[r.pk for r in returns])
        .exclude(status=Deadline.Status.CANCELLED)
        .values_list("object_id", "due_date")
    )
    today = calendar.today()
    for agency_return in returns:
        agency_return.due_date = due.get(agency_return.pk)
        agency_return.is_overdue = bool(
            agency_return.status == AgencyReturn.Status.REQUESTED
            and agency_return.due_date
            and agency_return.due_date < today
        )


def returns_list_for_user(user: User) -> QuerySet[AgencyReturn]:
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    return (
        permissions.returns_visible_to(user)
        .select_related("rapid_review__incident", "organisation")
        .order_by("status", "-requested_on", "-pk")
    )


def return_get_for_user(user: User, pk: int) -> AgencyReturn:
    agency_return = (
        permissions.returns_visible_to(user)
        .select_related("rapid_review__incident", "organisation", "submitted_by", "requested_by", "document")
        .filter(pk=pk)
        .first()
    )
    if agency_return is None:
        raise Http404("No such return")
    with_due_dates([agency_return])
    return agency_return


class Panel(TypedDict):
    chair: User | None
    members: list[User]


def panel_of(rapid_review: RapidReview) -> Panel:
    """{"chair": user or None, "members": [users]} in one query."""
    rows = RapidReviewUserObjectPermission.objects.filter(
        content_object=rapid_review, permission__codename__in=[permissions.CHAIR, permissions.PANEL_MEMBER]
    ).select_related("user", "user__organisation", "permission")
    chair = next((r.user for r in rows if r.permission.codename == permissions.CHAIR), None)
    members = sorted((r.user for r in rows if r.permission.codename == permissions.PANEL_MEMBER), key=lambda u: u.name)
    return {"chair": chair, "members": members}


def outstanding_returns(rapid_review: RapidReview) -> list[AgencyReturn]:
    """Returns requested, not yet sent and still being chased (a return the panel decided
    without, or that the review moved past, is closed: it is no longer outstanding)."""
    chased = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(AgencyReturn),
        object_id=OuterRef("pk"),
        rule__key="rapid_review_return",
        status__in=(*Deadline.LIVE_STATUSES, Deadline.Status.PAUSED),
    )
    return list(
        rapid_review.returns.filter(status=AgencyReturn.Status.REQUESTED)
        .filter(Exists(chased))
        .select_related("organisation")
        .order_by("organisation__name")
    )


def agencies_named(returns: list[AgencyReturn]) -> str:
    return ", ".join(str(r.organisation) for r in returns)


def return_marker(agency_return: AgencyReturn) -> str:
    return f"From the return of {agency_return.organisation}"


def returns_to_pull(rapid_review: RapidReview) -> list[AgencyReturn]:
    """Returns received whose text is not yet in the panel's record of agency involvement."""
    received = rapid_review.returns.filter(status=AgencyReturn.Status.SUBMITTED).select_related("organisation")
    return [
        r for r in received.order_by("organisation__name") if return_marker(r) not in rapid_review.practice_episodes
    ]
