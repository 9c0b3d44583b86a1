"""Reads about groups: the list and the structure chart, a group, its members, chairs and
roles, its terms of reference, its forward plan, and which group holds a remit."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from core.services import refuse_unless
from partnership.models import User

from .. import permissions
from ..models import (
    ForwardPlanItem,
    GroupUserObjectPermission,
    Membership,
    PartnershipGroup,
    TermsOfReference,
)
from .columns import columns_of, names_of


def chairs_of(group: PartnershipGroup, codename: str = permissions.CHAIR) -> list[User]:
    return [
        row.user
        for row in GroupUserObjectPermission.objects.filter(
            content_object=group, permission__codename=codename
        ).select_related("user")
    ]


def group_with_remit(remit: str) -> PartnershipGroup | None:
    """The active group with this remit (the first made, if a partnership has two)."""
    return PartnershipGroup.objects.filter(remit=remit, status=PartnershipGroup.Status.ACTIVE).order_by("pk").first()


def active_groups_visible_to(user: User) -> QuerySet[PartnershipGroup]:
    return permissions.groups_visible_to(user).filter(status=PartnershipGroup.Status.ACTIVE)


def groups_to_plan_for(user: User) -> QuerySet[PartnershipGroup]:
    """The active groups the person may start an action plan for: any, for the business unit;
    the ones they chair, otherwise."""
    if permissions.can_manage_groups(user):
        return PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE)
    return PartnershipGroup.objects.filter(
        pk__in=permissions.chaired_group_ids(user), status=PartnershipGroup.Status.ACTIVE
    )


def current_terms_of(group: PartnershipGroup) -> TermsOfReference | None:
    return group.terms.order_by("-version").first()


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


def group_list_for_user(user: User) -> QuerySet[PartnershipGroup]:
    refuse_unless(permissions.can_view_groups(user))
    return (
        permissions.groups_visible_to(user)
        .select_related("reports_to")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("status", "name")
    )


@dataclass
class StructureNode:
    group: PartnershipGroup
    children: list["StructureNode"] = field(default_factory=list)


def structure_for_user(user: User) -> list[StructureNode]:
    """The governance chain as a tree, from the groups that report to nobody downwards."""
    groups = list(group_list_for_user(user).filter(status=PartnershipGroup.Status.ACTIVE))
    nodes = {g.pk: StructureNode(g) for g in groups}
    roots: list[StructureNode] = []
    for group in groups:
        parent = nodes.get(group.reports_to_id) if group.reports_to_id is not None else None
        (parent.children if parent else roots).append(nodes[group.pk])
    order: list[str] = list(PartnershipGroup.Kind)
    for node in nodes.values():
        node.children.sort(key=lambda n: (order.index(n.group.kind), n.group.name))
    roots.sort(key=lambda n: (order.index(n.group.kind), n.group.name))
    return roots


def group_get_for_user(user: User, pk: int) -> PartnershipGroup:
    if not permissions.can_view_groups(user):
        raise Http404("No such group")
    group = PartnershipGroup.objects.select_related("reports_to").filter(pk=pk).first()
    if group is None:
        raise Http404("No such group")
    return group


def group_with_reporting_groups(user: User, pk: int) -> tuple[PartnershipGroup, list[PartnershipGroup]]:
    """A group's page: the group, and the active groups that report to it, in one query."""
    if not permissions.can_view_groups(user):
        raise Http404("No such group")
    rows = list(
        PartnershipGroup.objects.select_related("reports_to").filter(
            Q(pk=pk) | Q(reports_to_id=pk, status=PartnershipGroup.Status.ACTIVE)
        )
    )
    group = next((row for row in rows if row.pk == pk), None)
    if group is None:
        raise Http404("No such group")
    return group, [row for row in rows if row.pk != pk]


def group_roles(group: PartnershipGroup) -> dict[int, str]:
    """{user id: "Chair" or "Vice-chair"} for the group, in one query."""
    labels = {permissions.CHAIR: "Chair", permissions.VICE_CHAIR: "Vice-chair"}
    return {
        row["user_id"]: labels[row["permission__codename"]]
        for row in GroupUserObjectPermission.objects.filter(
            content_object=group, permission__codename__in=list(labels)
        ).values("user_id", "permission__codename")
    }


def group_members(group: PartnershipGroup) -> list[Membership]:
    """The current members, each with their role in the group ("Chair", "Vice-chair" or ""),
    in one query."""
    labels = {permissions.CHAIR: "Chair", permissions.VICE_CHAIR: "Vice-chair"}
    role = GroupUserObjectPermission.objects.filter(
        content_object=group, user=OuterRef("person_id"), permission__codename__in=list(labels)
    ).order_by("permission__codename")
    members: list[Any] = list(
        group.memberships.filter(left_on__isnull=True)
        .select_related("person", "organisation", "deputy")
        .only(*columns_of(Membership), *names_of("person", "deputy"), "organisation__name")
        .annotate(role_codename=Subquery(role.values("permission__codename")[:1]))
        .order_by("person__name")
    )
    for membership in members:
        membership.group_role = labels.get(membership.role_codename, "")
    return members


def forward_plan(group: PartnershipGroup) -> list[ForwardPlanItem]:
    return list(
        ForwardPlanItem.objects.filter(group=group)
        .select_related("planned_meeting", "lead", "agenda_item__meeting")
        .order_by("planned_meeting__date", "planned_month", "pk")
    )
