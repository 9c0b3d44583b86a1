"""Reads about a group: who chairs it, and which group holds a remit."""

from django.http import Http404

from .. import permissions
from ..models import ForwardPlanItem, GroupUserObjectPermission, Membership, PartnershipGroup, TermsOfReference


def chairs_of(group: PartnershipGroup, codename: str = permissions.CHAIR) -> list:
    return [
        row.user
        for row in GroupUserObjectPermission.objects.filter(
            content_object=group, permission__codename=codename
        ).select_related("user")
    ]


def group_with_remit(remit: str) -> PartnershipGroup | None:
    """The active group with this remit (the first made, if a partnership has two)."""
    return PartnershipGroup.objects.filter(remit=remit, status=PartnershipGroup.Status.ACTIVE).order_by("pk").first()


def active_groups_visible_to(user):
    return permissions.groups_visible_to(user).filter(status=PartnershipGroup.Status.ACTIVE)


def groups_to_plan_for(user):
    """The active groups the person may start an action plan for: any, for the business unit;
    the ones they chair, otherwise."""
    if permissions.can_manage_groups(user):
        return PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE)
    return PartnershipGroup.objects.filter(
        pk__in=permissions.chaired_group_ids(user), status=PartnershipGroup.Status.ACTIVE
    )


def reporting_groups_of(group: PartnershipGroup) -> list[PartnershipGroup]:
    return list(group.reporting_groups.filter(status=PartnershipGroup.Status.ACTIVE))


def current_terms_of(group: PartnershipGroup) -> TermsOfReference | None:
    return group.terms.select_related("created_by").first()


def current_memberships(group: PartnershipGroup) -> list[Membership]:
    """The group's members today, with their organisations and deputies, by name."""
    return list(
        group.memberships.filter(left_on__isnull=True)
        .select_related("person", "organisation", "deputy")
        .order_by("person__name")
    )


def current_membership_get(group: PartnershipGroup, pk: int) -> Membership:
    membership = (
        Membership.objects.select_related("person", "group").filter(pk=pk, group=group, left_on__isnull=True).first()
    )
    if membership is None:
        raise Http404("No such member of the group")
    return membership


def latest_terms_of(group: PartnershipGroup) -> TermsOfReference | None:
    return group.terms.first()


def forward_plan_item_of(group: PartnershipGroup, pk: int | None) -> ForwardPlanItem | None:
    return ForwardPlanItem.objects.filter(pk=pk, group=group).first() if pk else None
