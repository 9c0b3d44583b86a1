"""Who to tell or hold responsible: the people behind an organisation, a group or a role."""

from partnership.models import Organisation
from partnership.permissions import contacts_for_organisations
from subgroups import permissions as group_permissions
from subgroups.services.groups import chairs_of


def organisation_leads(organisation: Organisation) -> list:
    if organisation is None:
        return []
    return contacts_for_organisations([organisation.pk]).get(organisation.pk, [])


def group_chairs(group) -> list:
    if group is None:
        return []
    return chairs_of(group) + chairs_of(group, group_permissions.VICE_CHAIR)
