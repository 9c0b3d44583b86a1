"""Reads about the risk registers: a group's, and the executive's escalated risks."""

from django.db.models import Q, QuerySet
from django.http import Http404

from partnership.models import User

from .. import permissions
from ..models import (
    PartnershipGroup,
    Risk,
)


def risk_register(user: User, group: PartnershipGroup) -> QuerySet[Risk]:
    if not permissions.can_view_group_business(user, group):
        raise Http404("No such register")
    return group.risks.filter(status=Risk.Status.OPEN).select_related("owner").order_by("-score", "title")


def executive_register(user: User) -> tuple[PartnershipGroup, QuerySet[Risk]]:
    """The Executive's own risks and every risk escalated from another group's register."""
    executive = PartnershipGroup.objects.filter(kind=PartnershipGroup.Kind.EXECUTIVE).order_by("pk").first()
    if executive is None:
        raise Http404("There is no Executive group")
    if not permissions.can_view_group_business(user, executive):
        raise Http404("No such register")
    risks = (
        Risk.objects.filter(status=Risk.Status.OPEN)
        .filter(Q(group=executive) | Q(escalated=True))
        .select_related("owner", "group")
        .order_by("-score", "title")
    )
    return executive, risks


def risk_get_for_user(user: User, pk: int) -> Risk:
    risk = permissions.risks_visible_to(user).select_related("group", "owner").filter(pk=pk).first()
    if risk is None:
        raise Http404("No such risk")
    return risk
