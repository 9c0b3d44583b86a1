"""Agencies confirming, through their leads, that they have adopted a published version."""

from django.db import transaction

from core import calendar
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import Organisation, User

from .. import permissions
from ..models import Adoption, Policy


@transaction.atomic
def adoption_confirm(*, acting_user: User, policy: Policy, organisation: Organisation, note: str = "") -> Adoption:
    refuse_unless(permissions.can_use_policies(acting_user))
    version = policy.published_version
    if not policy.is_in_force or version is None:
        raise DomainError("Only a published document in force can be adopted")
    if organisation.pk not in permissions.led_organisation_ids(acting_user):
        raise DomainError("You can confirm adoption only for an organisation you lead")
    if not permissions.adoption_organisations().filter(pk=organisation.pk).exists():
        raise DomainError(f"{organisation} is not asked to adopt the partnership’s procedures")
    if version.adoptions.filter(organisation=organisation).exists():
        raise DomainError(f"{organisation} has already confirmed it has adopted version {version.number}")
    adoption = Adoption(
        version=version,
        organisation=organisation,
        confirmed_by=acting_user,
        confirmed_on=calendar.today(),
        note=note.strip(),
    )
    save_with_history(adoption, acting_user=acting_user, reason="Adoption confirmed")
    return adoption
