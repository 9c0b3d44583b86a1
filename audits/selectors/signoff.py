"""Reads about the invitations to sign a return off."""

from django.http import Http404

from partnership.models import User

from .. import permissions
from ..models import (
    AuditSubmission,
    SignOffInvitation,
)


def signoff_invitations(user: User, submission: AuditSubmission) -> list[SignOffInvitation]:
    """The invitations by email to sign the return off, newest first, for its leads and the
    business unit (the people who can act on them); nobody else sees whom the lead asked."""
    if submission.sign_off_requested_at is None:
        return []  # never sent for sign-off, so never invited anyone: no query
    if not (permissions.can_manage_submission(user, submission) or permissions.is_lead_for(user, submission)):
        return []
    return list(submission.signoff_invitations.select_related("invited_by", "accepted_by"))


def signoff_invitation_for_token(token: str) -> SignOffInvitation:
    """The invitation a link carries, whoever follows it (the secret is the permission):
    404 for a link that never was."""
    invitation = (
        SignOffInvitation.objects.select_related("submission__organisation", "submission__cycle", "invited_by")
        .filter(token_hash=SignOffInvitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return invitation
