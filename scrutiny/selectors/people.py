"""Who to tell or hold responsible: the people behind an organisation, a group or a role."""

from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations
from subgroups import permissions as group_permissions
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import chairs_of


def organisation_leads(organisation: Organisation | None) -> list[User]:
    if organisation is None:
        return []
    return contacts_for_organisations([organisation.pk]).get(organisation.pk, [])


def group_chairs(group: PartnershipGroup | None) -> list[User]:
    if group is None:
        return []
    return chairs_of(group) + chairs_of(group, group_permissions.VICE_CHAIR)
