"""Who may see and change deadlines, rules, closure days and notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from .models import Deadline
from .models.deadlines import DeadlineQuerySet
from .roles import READ_ALL_ROLES, Role, has_any_role, has_role

if TYPE_CHECKING:
    from partnership.models import User

    from .roles import AnyUser

# The primary keys of some deadlines, as a subquery: .values("pk"), rows of {"pk": id}.
DeadlineIds = QuerySet[Deadline, Any]


def can_view_all_deadlines(user: AnyUser) -> bool:
    """The business unit, executive members and the scrutineer see every deadline (their
    titles are written to be safe; the records behind them keep their own checks)."""
    return has_role(user, *READ_ALL_ROLES)


def can_manage_deadlines(user: AnyUser) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def deadlines_visible_to(user: AnyUser) -> DeadlineQuerySet:
    if not user.is_authenticated or not user.is_active:
        return Deadline.objects.none()
    if can_view_all_deadlines(user):
        return Deadline.objects.all()
    return Deadline.objects.filter(pk__in=own_deadline_ids(user))


def own_deadline_ids(user: User) -> DeadlineIds:
    """Deadlines the person is responsible for, oversees, or that fall to their organisation:
    a union of indexed lookups (ORed as conditions on the deadlines, PostgreSQL reads every
    deadline and asks each condition in turn, three times slower at scale 5)."""
    # No ordering in a union's parts: SQLite (the embedded default) refuses one.
    responsible = Deadline.responsible_users.through.objects.filter(user_id=user.pk).order_by().values("deadline_id")
    overseen = Deadline.escalation_users.through.objects.filter(user_id=user.pk).order_by().values("deadline_id")
    if not user.organisation_id:
        return responsible.union(overseen)  # type: ignore[return-value]
    organisation = Deadline.objects.filter(responsible_organisation_id=user.organisation_id).order_by().values("pk")
    return responsible.union(organisation, overseen)  # type: ignore[return-value]


def deadline_ids_to_meet(user: User) -> DeadlineIds:
    """Deadlines the person, or their organisation, must meet."""
    return Deadline.objects.filter(_meets(user)).values("pk")


def deadline_ids_overseen(user: User) -> DeadlineIds:
    """Others' deadlines the person oversees (is told of when they slip), not their own."""
    return Deadline.objects.filter(_oversees(user)).exclude(_meets(user)).values("pk")


def to_meet(user: User) -> Q:
    """deadline_ids_to_meet as a condition on a query of deadlines: applied there directly, the
    database narrows by status and due date first (an index) and only then asks the link table,
    where an `IN (ids)` subquery made it read every deadline."""
    return _meets(user)


def overseen(user: User) -> Q:
    """deadline_ids_overseen as a condition on a query of deadlines (see to_meet)."""
    return _oversees(user) & ~_meets(user)


# Each link table is asked on its own (an indexed lookup by person): joining both to the
# deadlines and ORing across the joins scanned every deadline.
def _meets(user: User) -> Q:
    condition = Q(pk__in=Deadline.responsible_users.through.objects.filter(user_id=user.pk).values("deadline_id"))
    if user.organisation_id:
        condition |= Q(responsible_organisation_id=user.organisation_id)
    return condition


def _oversees(user: User) -> Q:
    return Q(pk__in=Deadline.escalation_users.through.objects.filter(user_id=user.pk).values("deadline_id"))


def can_view_deadline(user: AnyUser, deadline: Deadline) -> bool:
    return deadlines_visible_to(user).filter(pk=deadline.pk).exists()


def can_view_rules(user: AnyUser) -> bool:
    return has_any_role(user)


def can_manage_rules(user: AnyUser) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)
