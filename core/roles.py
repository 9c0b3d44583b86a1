"""Global roles: each is a Django group whose name is the role's label.

Object-level roles (the lead for an organisation, a group's chair, a panel member) are
django-guardian permissions and live with the app that owns the object.
"""

from collections.abc import Iterable

from django.db import models


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    EXECUTIVE = "executive", "Executive member"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    MEMBER = "member", "Partnership member"
    LAY_MEMBER = "lay_member", "Lay member"


ROLE_BY_GROUP_NAME = {role.label: role for role in Role}
ALL_ROLES = frozenset(Role)
# Roles that may read everything that is not need-to-know.
READ_ALL_ROLES = frozenset({Role.BUSINESS_UNIT, Role.EXECUTIVE, Role.SCRUTINEER})


def user_roles(user) -> frozenset[Role]:
    """The user's global roles, read once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)
        user._portal_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def has_any_role(user) -> bool:
    return bool(user_roles(user))


def forget_roles(user) -> None:
    """Drop the cached roles after the user's groups change."""
    if hasattr(user, "_portal_roles"):
        del user._portal_roles


def role_labels(roles: Iterable[Role]) -> list[str]:
    return [Role(r).label for r in sorted(roles, key=list(Role).index)]
