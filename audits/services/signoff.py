"""Inviting the senior officer by email: the lead types the name and work address of someone
who is not in the directory for the organisation (the address's domain must be one of the
organisation's). Whoever already has an account at that address is simply named; anyone else
is emailed a link that works for SignOffInvitation.VALID_DAYS days, once, for them alone.
Following it, they set up an account with no role (it reads and signs off that return and
nothing else) and become the return's senior officer, exactly as if the lead had picked them
from the directory. A new invitation for the return replaces the last; taking the return
back withdraws it."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import kept, notifications
from core.email import send_templated_email
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import Organisation, PartnershipDetails, User, email_domain, normalise_email
from partnership.permissions import contacts_for_organisations
from partnership.services import user_create_invited

from .. import permissions
from ..models import AuditCycle, AuditSubmission, SignOffInvitation
from .submissions import (
    AUDIT_RETURN,
    _frozen_message,
    _lock,
    _require_answerable,
    close_invitations,
    name_signatory,
    require_complete,
)

Status = AuditSubmission.Status
EMAIL = "audit_signoff_invitation"


@dataclass(frozen=True)
class Invited:
    submission: AuditSubmission
    # None when the address was an existing account's: that person is named at once.
    invitation: SignOffInvitation | None


def domain_problem(organisation: Organisation, email: str) -> str:
    """Why this address cannot be invited to sign off for the organisation ("" when it can)."""
    domains = organisation.domain_list
    if not domains:
        return (
            f"{organisation} has no email domains in the partnership’s directory, so nobody can be invited by "
            "email: ask the business unit to add them, or name someone in the directory"
        )
    domain = email_domain(email)
    if domain not in domains:
        allowed = " or ".join(f"@{d}" for d in domains)
        return (
            f"Enter a work email address at {organisation} (ending {allowed}): “{domain or email}” is not one of its "
            "email domains in the partnership’s directory"
        )
    return ""


def _require_can_invite(acting_user: User, submission: AuditSubmission) -> None:
    """The lead invites while answering, or again while the return waits for someone who has
    not accepted (a new invitation, or one to someone else)."""
    if submission.status != Status.AWAITING_SIGN_OFF:
        _require_answerable(acting_user, submission)
        return
    refuse_unless(permissions.is_lead_for(acting_user, submission))
    if submission.is_withdrawn or submission.cycle.status != AuditCycle.Status.OPEN:
        raise DomainError(_frozen_message(submission))
    if submission.signatory_id is not None:
        raise DomainError(f"Take the return back from {submission.signatory} before inviting someone else")


@transaction.atomic
def signoff_invite(*, acting_user: User, submission: AuditSubmission, name: str, email: str) -> Invited:
    """Ask the senior officer at this work address to sign the return off. The return is
    checked as complete and waits, frozen, as it does for someone picked from the directory."""
    submission = _lock(submission)
    _require_can_invite(acting_user, submission)
    name, email = name.strip(), normalise_email(email)
    if not name:
        raise DomainError("Enter the senior officer’s full name")
    problem = domain_problem(submission.organisation, email)
    if problem:
        raise DomainError(problem)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.pk == acting_user.pk:
        raise DomainError("Name another senior officer: the person sending the return cannot sign it off")
    if existing is not None and not existing.is_active:
        raise DomainError(f"The account for {email} is deactivated: invite someone else, or ask the business unit")
    require_complete(submission)
    if existing is not None:
        named = name_signatory(
            acting_user=acting_user, submission=submission, signatory=existing, reason=f"Sent to {existing} to sign off"
        )
        return Invited(named, None)
    close_invitations(submission, SignOffInvitation.Status.REPLACED)
    token, now = secrets.token_urlsafe(32), timezone.now()
    invitation = SignOffInvitation(
        submission=submission,
        name=name,
        email=email,
        token_hash=SignOffInvitation.hash_token(token),
        invited_by=acting_user,
        invited_at=now,
        expires_at=now + timedelta(days=SignOffInvitation.VALID_DAYS),
    )
    save_with_history(invitation, acting_user=acting_user, reason="Invited by email to sign off the return")
    submission.status = Status.AWAITING_SIGN_OFF
    submission.signatory = None
    submission.sign_off_requested_by = acting_user
    submission.sign_off_requested_at = now
    save_with_history(
        submission, acting_user=acting_user, reason=f"Sent to {name} ({email}) to sign off: invited by email"
    )
    transaction.on_commit(partial(_send, invitation.pk, token))
    return Invited(submission, invitation)


def _send(invitation_id: int, token: str) -> None:
    invitation = SignOffInvitation.objects.select_related(
        "submission__organisation", "submission__cycle", "invited_by"
    ).get(pk=invitation_id)
    send_templated_email(
        EMAIL,
        to=[invitation.email],
        context={
            "invitation": invitation,
            "submission": invitation.submission,
            "url": f"{settings.PORTAL_BASE_URL}{reverse('audits:signoff-invitation', args=[token])}",
            "partnership": PartnershipDetails.load(),
        },
    )


def refusal(invitation: SignOffInvitation, user: User | AnonymousUser) -> str:
    """Why this signed-in person cannot use the invitation ("" when they can): it is for the
    address it was sent to, never for the lead who sent it or anyone else."""
    if not isinstance(user, User):  # signed out
        return ""
    if user.pk == invitation.invited_by_id or permissions.is_lead_for(user, invitation.submission):
        return (
            "You sent this invitation, or lead this organisation’s return: only the senior officer it was sent to "
            f"({invitation.email}) can use it. The lead cannot sign off the return."
        )
    if normalise_email(user.email) != invitation.email:
        return (
            f"This invitation was sent to {invitation.email}, and you are signed in as {user.email}. Sign out, then "
            "follow the link again."
        )
    return ""


@transaction.atomic
def signoff_invitation_accept(
    *, invitation: SignOffInvitation, user: User | None = None, name: str = "", job_title: str = "", password: str = ""
) -> User:
    """The person invited follows the link: with no account yet they set one up (their name,
    job title and password; the address is the one the link was sent to), or, signed in at
    that address, they go on as themselves. Either way they become the return's senior officer
    and are asked to sign it off. Returns the person."""
    submission = _lock(invitation.submission)
    invitation = SignOffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open():
        raise DomainError(closed_message(invitation))
    if user is not None:
        refuse_unless(not refusal(invitation, user), refusal(invitation, user))
    if submission.status != Status.AWAITING_SIGN_OFF or submission.signatory_id is not None:
        raise DomainError("This return is no longer waiting for you to sign it off")
    if user is None:
        if not name.strip():
            raise DomainError("Enter your full name")
        user = user_create_invited(
            invited_by=invitation.invited_by,
            email=invitation.email,
            name=name,
            organisation=None,  # the account opens nothing of the organisation's: only this return
            job_title=job_title,
            password=password,
            reason=f"Account set up from {invitation.invited_by}’s invitation to sign off {submission}",
        )
    invitation.status = SignOffInvitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.closed_at = timezone.now()
    save_with_history(invitation, acting_user=user, reason="Accepted")
    name_signatory(
        acting_user=user,
        submission=submission,
        signatory=user,
        reason=f"{user} accepted the invitation by email to sign off",
        accepting=True,
    )
    return user


def closed_message(invitation: SignOffInvitation) -> str:
    who = invitation.invited_by
    if invitation.status == SignOffInvitation.Status.ACCEPTED:
        return "This invitation has already been used: sign in to read and sign off the return"
    if invitation.status == SignOffInvitation.Status.PENDING:
        return (
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%-d %B %Y}: ask {who} to invite "
            "you again"
        )
    if invitation.status == SignOffInvitation.Status.REPLACED:
        return f"This invitation has been replaced by a newer one: use the link in the latest email from {who}"
    return f"{who} has withdrawn this invitation: the return is no longer waiting for you"


def tell_expired_invitations(now: datetime | None = None) -> int:
    """Tell the lead who sent each invitation that expired unaccepted (or, if they have left,
    the organisation's leads today), once: one message per person however many expired since
    the last run, naming each return and what to do. Returns how many invitations it told of."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(
            SignOffInvitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=SignOffInvitation.Status.PENDING, expires_at__lte=now, expiry_told_at__isnull=True)
            .select_related("submission__organisation", "submission__cycle", "invited_by")
            .order_by("expires_at", "pk")
        )
        if not expired:
            return 0
        leads = contacts_for_organisations(
            {i.submission.organisation_id for i in expired if not i.invited_by.is_active}
        )
        by_person: dict[User, list[SignOffInvitation]] = {}
        for invitation in expired:
            told = (
                [invitation.invited_by]
                if invitation.invited_by.is_active
                else leads.get(invitation.submission.organisation_id, [])
            )
            for person in told:
                by_person.setdefault(person, []).append(invitation)
        for person, invitations in by_person.items():
            _tell(person, invitations)
        SignOffInvitation.objects.filter(pk__in=[i.pk for i in expired]).update(expiry_told_at=now)
        kept.changed(SignOffInvitation)
    return len(expired)


def _tell(person: User, invitations: list[SignOffInvitation]) -> None:
    lines = [
        f"{i.submission}: {i.name} ({i.email}) did not accept by {timezone.localtime(i.expires_at):%-d %B %Y}."
        for i in invitations
    ]
    advice = "Invite them again, or someone else, or take the return back, from the return’s page."
    if len(invitations) == 1:
        invitation = invitations[0]
        title = f"The invitation to {invitation.name} to sign off {invitation.submission} has expired"
        url, subject = invitation.submission.get_absolute_url(), invitation.submission
    else:
        title = f"{len(invitations)} invitations to sign off returns have expired"
        url, subject = reverse("audits:home"), None
    notifications.notify(
        [person], kind=AUDIT_RETURN.key, title=title, body="\n".join([*lines, "", advice]), url=url, subject=subject
    )
