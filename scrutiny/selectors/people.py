"""Who to tell or hold responsible: the people behind an organisation, a group or a role."""

from django.contrib.auth import get_user_model

from core.roles import Role
from partnership.permissions import contacts_for_organisations
from subgroups import permissions as group_permissions
from subgroups.services.groups import chairs_of


def organisation_leads(organisation) -> list:
    if organisation is None:
        return []
    return contacts_for_organisations([organisation.pk]).get(organisation.pk, [])


def group_chairs(group) -> list:
    if group is None:
        return []
    return chairs_of(group) + chairs_of(group, group_permissions.VICE_CHAIR)


def people_with_role(role: Role) -> list:
    return list(get_user_model().objects.filter(is_active=True, groups__name=role.label).order_by("name"))
