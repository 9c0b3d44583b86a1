"""Practitioners who register themselves to book training."""

from django.db import transaction

from core.roles import Role, forget_roles
from core.services import DomainError, save_with_history
from partnership.models import Organisation, User
from partnership.services import role_group_map

from ..models import Practitioner


@transaction.atomic
def practitioner_register(*, user: User, name: str, organisation: Organisation, job_title: str = "") -> Practitioner:
    """Make a just-signed-up account a practitioner's: their name, the practitioner role and
    nothing else, and the agency their work email belongs to (checked by the sign-up form;
    checked again here, since an account must never get an agency its email does not show)."""
    from partnership.models import email_domain

    if email_domain(user.email) not in organisation.domain_list:
        raise DomainError("Your email address does not belong to that organisation")
    user.name = " ".join(name.split())
    user.job_title = job_title.strip()
    save_with_history(user, acting_user=user, reason="Registered to book training")
    user.groups.add(role_group_map()[Role.PRACTITIONER.label])
    forget_roles(user)
    practitioner = Practitioner(user=user, organisation=organisation)
    return save_with_history(practitioner, acting_user=user, reason="Registered to book training")
