"""The register: adding a document, changing its details, its draft versions, starting a
review, withdrawing it, and the stored review deadline."""

from datetime import date
from typing import TypedDict, Unpack

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from core import calendar, documents, notifications
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import User
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import chairs_of

from .. import lifecycle, permissions
from ..clock import REVIEW
from ..models import Consultation, Policy, PolicyVersion
from ..selectors import draft_version, review_deadline
from . import LEAD, locked, move

DETAIL_FIELDS = ("title", "kind", "summary", "owner_group", "lead")


class PolicyDetails(TypedDict, total=False):
    title: str
    kind: str
    summary: str
    owner_group: PartnershipGroup
    lead: User


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "document")[:200]
    slug, number = base, 2
    while Policy.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_owner_and_lead(owner_group: PartnershipGroup, lead: User) -> None:
    if owner_group.status != PartnershipGroup.Status.ACTIVE:
        raise DomainError(f"{owner_group} is closed: choose a group that meets")
    if not lead.is_active:
        raise DomainError(f"{lead} no longer has an active account: choose another lead")


@transaction.atomic
def policy_create(
    *,
    acting_user: User,
    title: str,
    kind: str,
    summary: str,
    owner_group: PartnershipGroup,
    lead: User,
    change_summary: str = "First version",
    upload: UploadedFile | None = None,
    external_url: str = "",
) -> Policy:
    """A new document on the register, as a draft with its first version."""
    refuse_unless(permissions.can_create_policy(acting_user))
    _check_owner_and_lead(owner_group, lead)
    policy = Policy(
        title=title.strip(),
        slug=_unique_slug(title),
        kind=kind,
        summary=summary.strip(),
        owner_group=owner_group,
        lead=lead,
        created_by=acting_user,
    )
    save_with_history(policy, acting_user=acting_user, reason="Added to the register")
    _version_new(policy, acting_user, change_summary or "First version", upload, external_url)
    if lead.pk != acting_user.pk:
        notifications.notify(
            [lead],
            kind=LEAD.key,
            title=f"You are the named lead for {policy.title}",
            body="You will be reminded when it is due for review, and told when comments and approvals arrive.",
            url=policy.get_absolute_url(),
            subject=policy,
        )
    return policy


@transaction.atomic
def policy_update(*, acting_user: User, policy: Policy, **fields: Unpack[PolicyDetails]) -> Policy:
    """Title, type, summary, owning group and lead. The public address stays the same."""
    refuse_unless(permissions.can_edit_details(acting_user, policy))
    new_lead = fields.get("lead", policy.lead)
    new_group = fields.get("owner_group", policy.owner_group)
    lead_changed = new_lead.pk != policy.lead_id
    group_changed = new_group.pk != policy.owner_group_id
    if lead_changed or group_changed:
        _check_owner_and_lead(new_group, new_lead)
    for name, value in fields.items():
        if name in DETAIL_FIELDS:
            setattr(policy, name, value.strip() if isinstance(value, str) else value)
    save_with_history(policy, acting_user=acting_user, reason="Details changed")
    deadline = review_deadline(policy)
    if deadline is not None and (lead_changed or group_changed):
        deadline.responsible_users.set([policy.lead])
        deadline.escalation_users.set(chairs_of(policy.owner_group))
    if lead_changed and policy.lead_id != acting_user.pk:
        notifications.notify(
            [policy.lead],
            kind=LEAD.key,
            title=f"You are now the named lead for {policy.title}",
            body="Its review reminders and comments now come to you.",
            url=policy.get_absolute_url(),
            subject=policy,
        )
    return policy


def _version_new(
    policy: Policy, acting_user: User, change_summary: str, upload: UploadedFile | None, external_url: str
) -> PolicyVersion:
    number = (policy.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = PolicyVersion(policy=policy, number=number, change_summary=change_summary.strip(), created_by=acting_user)
    version.external_url = "" if upload else external_url
    if not upload and not external_url:
        raise DomainError("Upload the document or give the link to it in the external manual")
    if upload:
        # The document belongs to the version, so the version needs its id first.
        save_with_history(version, acting_user=acting_user, reason="Draft started", clean=False)
        version.document = documents.store(
            upload=upload, subject=version, uploaded_by=acting_user, title=f"{policy.title}, version {number}"
        )
    save_with_history(version, acting_user=acting_user, reason="Document attached" if upload else "Draft started")
    return version


@transaction.atomic
def version_save(
    *,
    acting_user: User,
    policy: Policy,
    change_summary: str,
    upload: UploadedFile | None = None,
    external_url: str = "",
) -> PolicyVersion:
    """Start the next draft version (of a document under review), or change the draft: a new
    file (the earlier one is kept as the document's previous version), a new link, or a new
    summary of what changed."""
    refuse_unless(permissions.can_manage_policy(acting_user, policy))
    locked(policy)
    move(policy, lifecycle.EDIT_DRAFT)
    draft = draft_version(policy)
    if draft is None:
        return _version_new(policy, acting_user, change_summary, upload, external_url)
    draft.change_summary = change_summary.strip()
    if upload:
        draft.document = documents.store(
            upload=upload,
            subject=draft,
            uploaded_by=acting_user,
            title=f"{policy.title}, version {draft.number}",
            previous=draft.document,
        )
        draft.external_url = ""
    elif external_url:
        draft.document = None
        draft.external_url = external_url
    save_with_history(draft, acting_user=acting_user, reason="Draft changed")
    return draft


@transaction.atomic
def review_start(*, acting_user: User, policy: Policy, reason: str = "") -> Policy:
    """The owning group starts reviewing a published document; the version in force stays
    published (and public) until the reviewed one replaces it."""
    refuse_unless(permissions.can_manage_policy(acting_user, policy))
    locked(policy)
    policy.status = move(policy, lifecycle.START_REVIEW)
    save_with_history(policy, acting_user=acting_user, reason="Review started" + (f": {reason}" if reason else ""))
    return policy


@transaction.atomic
def policy_withdraw(*, acting_user: User, policy: Policy, reason: str, withdrawn_on: date | None = None) -> Policy:
    """No longer in force: off the public pages, no more reminders, consultation closed."""
    refuse_unless(permissions.can_manage_policy(acting_user, policy))
    if not reason.strip():
        raise DomainError("Enter why the document is being withdrawn")
    locked(policy)
    policy.status = move(policy, lifecycle.WITHDRAW)
    policy.withdrawn_on = withdrawn_on or calendar.today()
    policy.withdrawal_reason = reason.strip()
    for consultation in Consultation.objects.filter(policy=policy, closed_at__isnull=True):
        from .consultation import end_consultation

        end_consultation(consultation, acting_user=acting_user, reason="The document was withdrawn")
    deadline = review_deadline(policy)
    if deadline is not None:
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="The document was withdrawn")
    save_with_history(policy, acting_user=acting_user, reason=f"Withdrawn: {reason.strip()}")
    return policy


# The review deadline --------------------------------------------------------------------------


def review_deadline_set(
    policy: Policy, *, acting_user: User, published_on: date, review_date: date, reason: str
) -> None:
    """Meet the review that publication completes, and set the next one for the lead."""
    current = review_deadline(policy)
    if current is not None:
        clock.deadline_meet(deadline=current, acting_user=acting_user, reason=reason)
    clock.deadline_create(
        subject=policy,
        rule_key=REVIEW.key,
        start=published_on,
        due_date=review_date,
        title=f"Review due: {policy.title}"[:200],
        responsible_users=[policy.lead],
        escalation_users=chairs_of(policy.owner_group),
        acting_user=acting_user,
        reason="Set when the version was published",
    )
