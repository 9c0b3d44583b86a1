"""Consultation: a draft sent to chosen organisations for comments by a date (one stored
deadline per organisation, so their leads are reminded and the chasing stops once they
answer), comments collected and answered, and the consultation closed."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from core import calendar, kept, notifications
from core.models import Deadline
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations

from .. import lifecycle, permissions
from ..clock import CONSULTATION as CONSULTATION_RULE
from ..models import Consultation, ConsultationComment, ConsultationInvite, Policy
from ..selectors import draft_version, invite_deadline
from . import CONSULTATION, LEAD, locked, move


@transaction.atomic
def consultation_open(
    *, acting_user: User, policy: Policy, organisations: Iterable[Organisation], closes_on: date, question: str = ""
) -> Consultation:
    refuse_unless(permissions.can_manage_policy(acting_user, policy))
    locked(policy)
    new_status = move(policy, lifecycle.CONSULT)
    draft = draft_version(policy)
    if draft is None:
        raise DomainError("Upload the draft before sending it for comments")
    today = calendar.today()
    if closes_on <= today:
        raise DomainError("The date comments are due must be in the future")
    organisations = list({o.pk: o for o in organisations}.values())
    if not organisations:
        raise DomainError("Select at least one organisation to ask for comments")
    if any(not o.is_active for o in organisations):
        raise DomainError("Only organisations active in the directory can be asked for comments")
    consultation = Consultation(
        policy=policy,
        version=draft,
        document=draft.document,
        external_url=draft.external_url,
        question=question.strip(),
        closes_on=closes_on,
        opened_by=acting_user,
    )
    save_with_history(consultation, acting_user=acting_user, reason="Draft sent for comments")
    invites = ConsultationInvite.objects.bulk_create(
        [ConsultationInvite(consultation=consultation, organisation=o) for o in organisations]
    )
    kept.changed(ConsultationInvite)
    ConsultationInvite.history.bulk_history_create(
        invites, default_user=acting_user, default_change_reason="Asked for comments"
    )
    title = f"Comments due: {policy.title}"[:200]
    for organisation in organisations:
        clock.deadline_create(
            subject=draft,
            rule_key=CONSULTATION_RULE.key,
            start=today,
            due_date=closes_on,
            title=title,
            responsible_organisation=organisation,
            acting_user=acting_user,
            reason="Asked for comments",
        )
    policy.status = new_status
    save_with_history(policy, acting_user=acting_user, reason=f"Version {draft.number} sent for comments")
    leads = [lead for people in contacts_for_organisations([o.pk for o in organisations]).values() for lead in people]
    notifications.notify(
        leads,
        kind=CONSULTATION.key,
        title=f"Your comments are asked on {policy.title} by {closes_on:%-d %B %Y}",
        body=(question.strip() + "\n\n" if question.strip() else "")
        + "Read the draft and send your organisation’s comments, or say you have none, in the portal.",
        url=consultation.get_absolute_url(),
        subject=draft,
    )
    return consultation


def _require_open(consultation: Consultation) -> None:
    if not consultation.is_open:
        raise DomainError("This consultation has closed")


def _invite(consultation: Consultation, organisation: Organisation, acting_user: User) -> ConsultationInvite:
    invite = (
        ConsultationInvite.objects.select_for_update()
        .filter(consultation=consultation, organisation=organisation)
        .first()
    )
    if invite is None:
        raise DomainError(f"{organisation} was not asked for comments on this draft")
    if not permissions.is_business_unit(acting_user) and organisation.pk not in permissions.led_organisation_ids(
        acting_user
    ):
        raise DomainError("You can comment only for an organisation you lead")
    return invite


def _responded(invite: ConsultationInvite, *, acting_user: User, reason: str) -> bool:
    """Mark the organisation as having answered; True the first time."""
    first = invite.responded_at is None
    if first:
        invite.responded_at = timezone.now()
    save_with_history(invite, acting_user=acting_user, reason=reason)
    deadline = invite_deadline(invite.consultation, invite.organisation_id)
    if deadline is not None:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason=reason)
    return first


@transaction.atomic
def comment_add(
    *, acting_user: User, consultation: Consultation, organisation: Organisation, text: str, section: str = ""
) -> ConsultationComment:
    _require_open(consultation)
    refuse_unless(permissions.can_comment(acting_user, consultation))
    invite = _invite(consultation, organisation, acting_user)
    comment = ConsultationComment(
        consultation=consultation,
        organisation=organisation,
        author=acting_user,
        section=section.strip(),
        text=text.strip(),
    )
    save_with_history(comment, acting_user=acting_user, reason="Comment sent")
    invite.no_comments = False
    if _responded(invite, acting_user=acting_user, reason="Comments sent"):
        _tell_lead(consultation, acting_user, f"Comments from {organisation} on {consultation.policy.title}")
    return comment


@transaction.atomic
def no_comments_record(
    *, acting_user: User, consultation: Consultation, organisation: Organisation
) -> ConsultationInvite:
    _require_open(consultation)
    refuse_unless(permissions.can_comment(acting_user, consultation))
    invite = _invite(consultation, organisation, acting_user)
    if consultation.comments.filter(organisation=organisation).exists():
        raise DomainError(f"{organisation} has already sent comments")
    if invite.no_comments:
        raise DomainError(f"{organisation} has already said it has no comments")
    invite.no_comments = True
    _responded(invite, acting_user=acting_user, reason="No comments to make")
    _tell_lead(consultation, acting_user, f"No comments from {organisation} on {consultation.policy.title}")
    return invite


def _tell_lead(consultation: Consultation, acting_user: User, title: str) -> None:
    lead = consultation.policy.lead
    if lead.pk != acting_user.pk:
        notifications.notify(
            [lead],
            kind=LEAD.key,
            title=title,
            url=consultation.get_absolute_url(),
            subject=consultation.version,
        )


@transaction.atomic
def comment_answer(
    *, acting_user: User, comment: ConsultationComment, response: str, outcome: str
) -> ConsultationComment:
    refuse_unless(permissions.can_answer_comments(acting_user, comment.consultation))
    if not response.strip():
        raise DomainError("Enter your answer to the comment")
    changed = comment.is_answered
    comment.response = response.strip()
    comment.outcome = outcome
    comment.responded_by = acting_user
    comment.responded_at = timezone.now()
    save_with_history(comment, acting_user=acting_user, reason="Answer changed" if changed else "Answered")
    if comment.author_id != acting_user.pk:
        notifications.notify(
            [comment.author],
            kind=CONSULTATION.key,
            title=f"Your comment on {comment.consultation.policy.title} has been answered",
            body=f"{comment.get_outcome_display()}. {comment.response}",
            url=comment.get_absolute_url(),
            subject=comment.consultation.version,
        )
    return comment


@transaction.atomic
def consultation_close(*, acting_user: User, consultation: Consultation) -> Consultation:
    """Back to drafting (or to the review) with the comments in; organisations that have not
    answered are no longer chased."""
    refuse_unless(permissions.can_close_consultation(acting_user, consultation))
    policy = locked(consultation.policy)
    policy.status = move(policy, lifecycle.CLOSE_CONSULTATION)
    end_consultation(consultation, acting_user=acting_user, reason="The consultation closed")
    save_with_history(policy, acting_user=acting_user, reason="Consultation closed")
    return consultation


def end_consultation(consultation: Consultation, *, acting_user: User, reason: str) -> None:
    consultation.closed_at = timezone.now()
    consultation.closed_by = acting_user
    save_with_history(consultation, acting_user=acting_user, reason=reason)
    for deadline in Deadline.objects.for_subject(consultation.version).filter(rule__key=CONSULTATION_RULE.key).live():
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason=reason)
