"""Global roles: each is a Django group whose name is the role's label.

Object-level roles (the lead for an organisation, a group's chair, a panel member) are
django-guardian permissions and live with the app that owns the object.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models.functions import Coalesce

    from partnership.models import User

    # Whoever is asking: request.user before anyone has checked that they signed in.
    AnyUser: TypeAlias = User | AnonymousUser


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    EXECUTIVE = "executive", "Executive member"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    MEMBER = "member", "Partnership member"
    LAY_MEMBER = "lay_member", "Lay member"
    # Someone from an agency who registered to book multi-agency training: not a member of
    # the partnership, so none of the "any role" checks below let them in anywhere else.
    PRACTITIONER = "practitioner", "Practitioner (training only)"


ROLE_BY_GROUP_NAME = {role.label: role for role in Role}
ALL_ROLES = frozenset(Role)
# The roles of people in the partnership (every role but the practitioner's).
PARTNERSHIP_ROLES = ALL_ROLES - {Role.PRACTITIONER}
# Roles that may read everything that is not need-to-know.
READ_ALL_ROLES = frozenset({Role.BUSINESS_UNIT, Role.EXECUTIVE, Role.SCRUTINEER})
# Where user_roles() keeps its answer on the user object for the rest of the request.
_ROLES_ATTR = "_portal_roles"


def user_roles(user: AnyUser) -> frozenset[Role]:
    """The user's global roles, read once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, _ROLES_ATTR, None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)
        setattr(user, _ROLES_ATTR, cached)
    return cached


def role_bits() -> Coalesce:
    """The person's roles as one number (a bit per role, in Role's order), as a subquery on a
    query of people (OuterRef("pk") is the person): the roles come in the query that reads the
    signed-in person (core.auth_backends), one subquery whatever the number of roles."""
    from django.contrib.auth import get_user_model
    from django.db.models import Case, Func, IntegerField, OuterRef, Subquery, Value, When
    from django.db.models.functions import Coalesce

    bit = Case(
        *[When(group__name=role.label, then=Value(1 << index)) for index, role in enumerate(Role)],
        default=Value(0),
        output_field=IntegerField(),
    )
    membership = get_user_model().groups.through.objects
    # SUM without GROUP BY: one row whatever the memberships (NULL for none, hence Coalesce).
    summed = membership.filter(user_id=OuterRef("pk")).order_by().values(bits=Func(bit, function="SUM"))
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def keep_roles_read(user: User, bits: int) -> None:
    """Keep the roles role_bits read on the user, as user_roles would cache them."""
    roles: frozenset[Role] = frozenset(role for index, role in enumerate(Role) if bits & (1 << index))
    setattr(user, _ROLES_ATTR, roles)


def has_role(user: AnyUser, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def has_any_role(user: AnyUser) -> bool:
    """Any role in the partnership. A practitioner who only books training has none."""
    return bool(user_roles(user) & PARTNERSHIP_ROLES)


def is_practitioner_only(user: AnyUser) -> bool:
    """A practitioner with no role in the partnership: sees the training programme and their
    own bookings, nothing else."""
    return user_roles(user) == {Role.PRACTITIONER}


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles after the user's groups change."""
    if hasattr(user, _ROLES_ATTR):
        delattr(user, _ROLES_ATTR)


def role_labels(roles: Iterable[Role]) -> list[str]:
    return [Role(r).label for r in sorted(roles, key=list(Role).index)]
