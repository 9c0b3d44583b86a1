"""Groups, their terms of reference, members and chairs."""

from datetime import date
from typing import Any

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import Organisation, User

from .. import permissions
from ..models import ForwardPlanItem, Membership, PartnershipGroup, TermsOfReference
from ..selectors.groups import chairs_of

GROUP_FIELDS = (
    "name",
    "kind",
    "remit",
    "purpose",
    "reports_to",
    "meeting_frequency",
    "quoracy_rule",
    "quorum_minimum",
    "risk_escalation_threshold",
    "status",
)


@transaction.atomic
def group_save(*, acting_user: User, group: PartnershipGroup | None = None, **fields: Any) -> PartnershipGroup:
    refuse_unless(permissions.can_manage_groups(acting_user))
    creating = group is None
    group = group or PartnershipGroup()
    for name, value in fields.items():
        if name not in GROUP_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(group, name, value)
    return save_with_history(group, acting_user=acting_user, reason="Created" if creating else "Updated")


@transaction.atomic
def terms_add(
    *, acting_user: User, group: PartnershipGroup, text: str, approved_on: date, review_date: date
) -> TermsOfReference:
    """A new version of the terms of reference; earlier versions stay as they were."""
    refuse_unless(permissions.can_manage_groups(acting_user) or permissions.is_chair(acting_user, group))
    latest = group.terms.order_by("-version").first()
    terms = TermsOfReference(
        group=group,
        version=(latest.version + 1) if latest else 1,
        text=text,
        approved_on=approved_on,
        review_date=review_date,
        created_by=acting_user,
    )
    return save_with_history(terms, acting_user=acting_user, reason=f"Version {terms.version}")


@transaction.atomic
def membership_add(
    *,
    acting_user: User,
    group: PartnershipGroup,
    person: User,
    role_in_group: str = "",
    deputy: User | None = None,
    organisation: Organisation | None = None,
) -> Membership:
    refuse_unless(permissions.can_manage_groups(acting_user))
    if Membership.objects.filter(group=group, person=person, left_on__isnull=True).exists():
        raise DomainError(f"{person} is already a member of {group}")
    if not person.is_active:
        raise DomainError(f"{person}’s account is deactivated")
    membership = Membership(
        group=group,
        person=person,
        organisation=organisation or person.organisation,
        role_in_group=role_in_group,
        deputy=deputy,
    )
    return save_with_history(membership, acting_user=acting_user, reason="Joined")


@transaction.atomic
def membership_update(*, acting_user: User, membership: Membership, role_in_group: str, deputy: User) -> Membership:
    refuse_unless(permissions.can_manage_groups(acting_user))
    membership.role_in_group = role_in_group
    membership.deputy = deputy
    return save_with_history(membership, acting_user=acting_user, reason="Role or deputy changed")


@transaction.atomic
def membership_end(*, acting_user: User, membership: Membership, left_on: date, reason: str = "") -> Membership:
    refuse_unless(permissions.can_manage_groups(acting_user))
    if membership.left_on:
        raise DomainError("This person has already left the group")
    membership.left_on = left_on
    save_with_history(membership, acting_user=acting_user, reason="Left the group" + (f": {reason}" if reason else ""))
    for codename in (permissions.CHAIR, permissions.VICE_CHAIR):
        remove_perm(f"subgroups.{codename}", membership.person, membership.group)
    return membership


@transaction.atomic
def group_set_chair(*, acting_user: User, group: PartnershipGroup, person: User | None, vice: bool = False) -> None:
    """Make `person` the group's chair (or vice-chair), replacing whoever was; None clears it."""
    refuse_unless(permissions.can_manage_groups(acting_user))
    codename = permissions.VICE_CHAIR if vice else permissions.CHAIR
    title = "vice-chair" if vice else "chair"
    if person is not None and not Membership.objects.filter(group=group, person=person, left_on__isnull=True).exists():
        raise DomainError(f"The {title} must be a member of the group: add them as a member first")
    current = chairs_of(group, codename)
    for old in current:
        remove_perm(f"subgroups.{codename}", old, group)
    if person is not None:
        assign_perm(f"subgroups.{codename}", person, group)
    before = ", ".join(str(u) for u in current) or "nobody"
    save_with_history(
        group, acting_user=acting_user, clean=False, reason=f"{title.capitalize()}: {before} → {person or 'nobody'}"
    )


FORWARD_FIELDS = ("title", "kind", "planned_meeting", "planned_month", "lead", "notes")


@transaction.atomic
def forward_item_save(
    *, acting_user: User, group: PartnershipGroup, item: ForwardPlanItem | None = None, **fields: Any
) -> ForwardPlanItem:
    refuse_unless(permissions.can_manage_meetings(acting_user, group))
    creating = item is None
    item = item or ForwardPlanItem(group=group)
    for name, value in fields.items():
        if name not in FORWARD_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(item, name, value)
    if item.planned_meeting and item.planned_meeting.group_id != group.pk:
        raise DomainError("Choose a meeting of this group")
    if not item.planned_meeting and not item.planned_month:
        raise DomainError("Choose the meeting or the month it is planned for")
    return save_with_history(item, acting_user=acting_user, reason="Planned" if creating else "Changed")
