"""Who may see and do what with groups, meetings, papers, action plans and risks.

Object roles (chair and vice-chair of a group) are django-guardian permissions; membership of a
group (as a member or as a member's named deputy) is a Membership row. Every check lives here
and is used by views (flags for templates) and querysets alike.
"""

from django.db.models import Q, QuerySet, Value

from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.permissions import led_organisation_ids

from .models import (
    Action,
    ActionPlan,
    GroupUserObjectPermission,
    Meeting,
    Membership,
    Paper,
    PartnershipGroup,
    Risk,
)

CHAIR = "chair_group"
VICE_CHAIR = "vice_chair_group"


def _cache(user, name: str, compute):
    key = f"_subgroups_{name}"
    if not hasattr(user, key):
        setattr(user, key, compute())
    return getattr(user, key)


def _group_ties(user) -> tuple[frozenset[int], frozenset[int]]:
    """(the groups the person chairs or vice-chairs, the groups they sit on as a member, a
    member's deputy or a chair), in one query, kept on the user for the request."""

    def compute():
        chairs = (
            GroupUserObjectPermission.objects.filter(user=user, permission__codename__in=[CHAIR, VICE_CHAIR])
            .annotate(chair=Value(True))
            .values_list("content_object_id", "chair")
            .order_by()  # SQLite refuses an ORDER BY inside a UNION's parts
        )
        seats = (
            Membership.objects.filter(Q(person=user) | Q(deputy=user), left_on__isnull=True)
            .annotate(chair=Value(False))
            .values_list("group_id", "chair")
            .order_by()
        )
        rows = list(chairs.union(seats, all=True))
        return frozenset(group_id for group_id, chair in rows if chair), frozenset(group_id for group_id, _ in rows)

    return _cache(user, "ties", compute)


def chaired_group_ids(user) -> frozenset[int]:
    """Groups the person chairs or vice-chairs."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _group_ties(user)[0]


def member_group_ids(user) -> frozenset[int]:
    """Groups the person sits on: as a current member, a named deputy, or a chair."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _group_ties(user)[1]


def reads_everything(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


# Groups ------------------------------------------------------------------------------------


def can_view_groups(user) -> bool:
    return has_any_role(user)


def can_manage_groups(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def groups_visible_to(user) -> QuerySet[PartnershipGroup]:
    return PartnershipGroup.objects.all() if can_view_groups(user) else PartnershipGroup.objects.none()


def is_chair(user, group: PartnershipGroup) -> bool:
    return group.pk in chaired_group_ids(user)


def can_view_group_business(user, group: PartnershipGroup) -> bool:
    """Meetings, papers, plans and risks of the group: its members, deputies and chairs, and
    those who read everything."""
    return reads_everything(user) or group.pk in member_group_ids(user)


# Meetings and papers ---------------------------------------------------------------------------


def meetings_visible_to(user) -> QuerySet[Meeting]:
    if reads_everything(user):
        return Meeting.objects.all()
    if not has_any_role(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(group_id__in=member_group_ids(user))


def can_manage_meetings(user, group: PartnershipGroup) -> bool:
    """The business unit runs meetings; a group's chair and vice-chair may too."""
    return has_role(user, Role.BUSINESS_UNIT) or is_chair(user, group)


def papers_visible_to(user) -> QuerySet[Paper]:
    if reads_everything(user):
        return Paper.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Paper.objects.none()
    return Paper.objects.filter(Q(item__meeting__group_id__in=member_group_ids(user)) | Q(owner=user))


def can_view_paper(user, paper: Paper) -> bool:
    return papers_visible_to(user).filter(pk=paper.pk).exists()


def can_upload_paper(user, paper: Paper) -> bool:
    return paper.owner_id == user.pk or can_manage_meetings(user, paper.item.meeting.group)


# Action plans -----------------------------------------------------------------------------------


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    if reads_everything(user):
        return ActionPlan.objects.all()
    if not user.is_authenticated or not user.is_active:
        return ActionPlan.objects.none()
    led = led_organisation_ids(user)
    # The two kinds of action ownership as two subqueries: each can use its own index, where
    # one subquery with an OR reads every action.
    condition = (
        Q(owning_group_id__in=member_group_ids(user))
        | Q(organisation_id__in=led)
        | Q(pk__in=Action.objects.filter(owner=user).values("plan_id"))
        | Q(pk__in=Action.objects.filter(owner_organisation_id__in=led).values("plan_id"))
    )
    if user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return ActionPlan.objects.filter(condition)


def can_edit_plan(user, plan: ActionPlan) -> bool:
    """Drafting: the business unit, the owning group's chairs, or whoever started it."""
    return plan.is_editable and (
        has_role(user, Role.BUSINESS_UNIT) or is_chair(user, plan.owning_group) or plan.created_by_id == user.pk
    )


def can_add_actions_to_live_plan(user, plan: ActionPlan) -> bool:
    return plan.is_live and (has_role(user, Role.BUSINESS_UNIT) or is_chair(user, plan.owning_group))


def can_approve_plan(user, plan: ActionPlan) -> bool:
    """Only the chair (or vice-chair) of the group that owns the plan."""
    return is_chair(user, plan.owning_group)


def can_update_action(user, action: Action) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if action.owner_id == user.pk or has_role(user, Role.BUSINESS_UNIT):
        return True
    return bool(action.owner_organisation_id) and action.owner_organisation_id in led_organisation_ids(user)


# Risks -------------------------------------------------------------------------------------------


def risks_visible_to(user) -> QuerySet[Risk]:
    if reads_everything(user):
        return Risk.objects.all()
    if not has_any_role(user):
        return Risk.objects.none()
    executive_member = PartnershipGroup.objects.filter(
        kind=PartnershipGroup.Kind.EXECUTIVE, pk__in=member_group_ids(user)
    ).exists()
    condition = Q(group_id__in=member_group_ids(user)) | Q(owner=user)
    if executive_member:
        condition |= Q(escalated=True)
    return Risk.objects.filter(condition)


def can_view_executive_register(user) -> bool:
    """The Executive's register: its members and those who read everything."""
    if reads_everything(user):
        return True
    return PartnershipGroup.objects.filter(kind=PartnershipGroup.Kind.EXECUTIVE, pk__in=member_group_ids(user)).exists()


def can_manage_risks(user, group: PartnershipGroup) -> bool:
    return has_role(user, Role.BUSINESS_UNIT) or is_chair(user, group)


def chaired_ids_for_group(group: PartnershipGroup) -> frozenset[int]:
    """The people who chair or vice-chair the group."""
    return frozenset(
        GroupUserObjectPermission.objects.filter(
            content_object=group, permission__codename__in=[CHAIR, VICE_CHAIR]
        ).values_list("user_id", flat=True)
    )
