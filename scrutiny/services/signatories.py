"""Who signs the yearly report for each safeguarding partner: the lead safeguarding partner
the business unit names, and the delegate they record. The business unit prepares the report
but can never sign it, so nobody in it can be named."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import notifications
from core.roles import Role, has_role
from core.services import DomainError, refuse, refuse_unless, save_with_history
from partnership.models import Organisation, User

from .. import permissions_reporting as permissions
from ..models import ReportSignatory
from .report import YEARLY_REPORT


def _check_signer(person: User, organisation: Organisation, role: str) -> None:
    if not person.is_active:
        raise DomainError(f"{person} no longer has an active account: choose someone else as the {role}")
    if has_role(person, Role.BUSINESS_UNIT):
        raise DomainError(f"{person} is in the business unit, which prepares the report but cannot sign it off")
    if person.organisation_id != organisation.pk:
        raise DomainError(f"The {role} for {organisation} must work for {organisation}: {person} does not")


@transaction.atomic
def signatory_name(*, acting_user: User, organisation: Organisation, person: User) -> ReportSignatory:
    """Name the partner's lead safeguarding partner, who signs the yearly report for it. A new
    signatory starts without a delegate (the delegate was the previous signatory's)."""
    refuse_unless(permissions.can_name_signatories(acting_user))
    if not organisation.is_safeguarding_partner or not organisation.is_active:
        raise DomainError(f"{organisation} is not one of the safeguarding partners")
    _check_signer(person, organisation, "signatory")
    signatory = ReportSignatory.objects.select_for_update().filter(organisation=organisation).first()
    if signatory is not None and signatory.signatory_id == person.pk:
        return signatory
    signatory = signatory or ReportSignatory(organisation=organisation)
    signatory.signatory = person
    signatory.delegate = None
    signatory.delegated_at = None
    signatory.named_by = acting_user
    signatory.named_at = timezone.now()
    save_with_history(signatory, acting_user=acting_user, reason=f"{person} named to sign for {organisation}")
    notifications.notify(
        [person],
        kind=YEARLY_REPORT.key,
        title=f"You sign the yearly report for {organisation}",
        body=f"{acting_user} named you as the lead safeguarding partner who signs off the yearly report for "
        f"{organisation}. You can record a delegate to sign for you.",
        url=reverse("scrutiny:report-signatories"),
    )
    return signatory


@transaction.atomic
def signatory_delegate(*, acting_user: User, organisation: Organisation, person: User | None = None) -> ReportSignatory:
    """The signatory records who may sign for them (or, with no one, takes it back)."""
    signatory = ReportSignatory.objects.select_for_update().filter(organisation=organisation).first()
    if signatory is None or signatory.signatory_id != acting_user.pk:
        refuse("Only the signatory can do that")
    if person is not None:
        if person.pk == acting_user.pk:
            raise DomainError("Choose someone other than yourself as your delegate")
        _check_signer(person, organisation, "delegate")
    if (person.pk if person else None) == signatory.delegate_id:
        return signatory
    signatory.delegate = person
    signatory.delegated_at = timezone.now() if person else None
    reason = f"{person} may sign for {acting_user}" if person else "Delegate removed"
    save_with_history(signatory, acting_user=acting_user, reason=reason)
    if person is not None:
        notifications.notify(
            [person],
            kind=YEARLY_REPORT.key,
            title=f"You may sign the yearly report for {organisation}",
            body=f"{acting_user} recorded you as their delegate: you may sign off the yearly report for "
            f"{organisation}.",
            url=reverse("scrutiny:report-signatories"),
        )
    return signatory
