"""Approval by the owning group, recorded from its meeting's minuted decision, and
publication: the version goes into force, the next review is set, the learning it answers is
closed (its owners told) and the agencies are asked to confirm they have adopted it."""

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from core import calendar, learning_sources, notifications
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User
from partnership.permissions import contacts_for_organisations
from subgroups.models import AgendaItem, Meeting, Membership, MinuteEntry
from subgroups.services import meetings as meeting_services

from .. import lifecycle, permissions
from ..models import Approval, Policy, PolicyVersion, ProcedureChangeRequest
from ..selectors import approved_version, version_for_approval
from . import APPROVAL, LEAD, PUBLISHED, locked, move
from .register import review_deadline_set

LONGEST_REVIEW = relativedelta(years=5)


@transaction.atomic
def approval_request(*, acting_user: User, policy: Policy, meeting: Meeting) -> AgendaItem:
    """Put the draft on the agenda of one of the owning group's coming meetings, and tell the
    members where to read it and the comments on it."""
    refuse_unless(permissions.can_record_approval(acting_user, policy))
    locked(policy)
    if not lifecycle.allowed(policy.status, lifecycle.APPROVE):
        raise DomainError(lifecycle.REFUSALS[lifecycle.APPROVE])
    version = version_for_approval(policy)
    if version is None:
        raise DomainError("Upload the draft before asking for approval")
    if meeting.group_id != policy.owner_group_id:
        raise DomainError(f"Choose a meeting of {policy.owner_group}, which owns this document")
    if meeting.date < calendar.today() or meeting.status not in (
        Meeting.Status.PLANNED,
        Meeting.Status.PAPERS_CIRCULATED,
    ):
        raise DomainError("Choose a meeting that has not happened yet")
    waiting = version.agenda_item
    if (
        waiting is not None
        and not version.approvals.exists()
        and waiting.meeting.status
        in (
            Meeting.Status.PLANNED,
            Meeting.Status.PAPERS_CIRCULATED,
        )
    ):
        raise DomainError(f"It is already on the agenda of the meeting on {waiting.meeting.date:%-d %B %Y}")
    item = meeting_services.agenda_item_add(
        acting_user=acting_user,
        meeting=meeting,
        title=f"For approval: {policy.title}, version {version.number}"[:300],
        kind=AgendaItem.Kind.DECISION,
        presenter=policy.lead,
    )
    version.agenda_item = item
    save_with_history(version, acting_user=acting_user, reason=f"On the agenda of {meeting}")
    members = Membership.objects.filter(group=meeting.group, left_on__isnull=True).select_related("person", "deputy")
    people = [m.person for m in members] + [m.deputy for m in members if m.deputy]
    notifications.notify(
        people,
        kind=APPROVAL.key,
        title=f"For approval at the meeting on {meeting.date:%-d %B %Y}: {policy.title}",
        body="Read the draft, the comments on it and the answers before the meeting.",
        url=policy.get_absolute_url(),
        subject=version,
    )
    return item


@transaction.atomic
def approval_record(*, acting_user: User, policy: Policy, decision: MinuteEntry) -> Approval:
    refuse_unless(permissions.can_record_approval(acting_user, policy))
    locked(policy)
    new_status = move(policy, lifecycle.APPROVE)
    version = version_for_approval(policy)
    if version is None:
        raise DomainError("Upload the draft before recording its approval")
    meeting = decision.meeting
    if decision.kind != MinuteEntry.Kind.DECISION:
        raise DomainError("Choose a decision from the minutes, not a challenge")
    if meeting.group_id != policy.owner_group_id:
        raise DomainError(f"Choose a decision of {policy.owner_group}, which owns this document")
    if meeting.date > calendar.today():
        raise DomainError("That meeting has not happened yet")
    if decision.needs_ratification and not decision.ratified_at_id:
        raise DomainError(
            "That decision was taken at a meeting that was not quorate and has not been ratified yet: "
            "record the approval once it is ratified"
        )
    approval = Approval(
        version=version,
        group=policy.owner_group,
        decision=decision,
        decision_text=decision.text,
        approved_on=meeting.date,
        recorded_by=acting_user,
    )
    save_with_history(approval, acting_user=acting_user, reason=f"Approved at {meeting}")
    policy.status = new_status
    save_with_history(policy, acting_user=acting_user, reason=f"Version {version.number} approved by {meeting.group}")
    if policy.lead_id != acting_user.pk:
        notifications.notify(
            [policy.lead],
            kind=LEAD.key,
            title=f"Approved by {meeting.group}: {policy.title}",
            body="It can now be published.",
            url=policy.get_absolute_url(),
            subject=version,
        )
    return approval


@transaction.atomic
def policy_publish(
    *,
    acting_user: User,
    policy: Policy,
    published_on: date,
    review_date: date,
    answers: Iterable[ProcedureChangeRequest] = (),
    ask_adoption: bool = True,
) -> PolicyVersion:
    refuse_unless(permissions.can_manage_policy(acting_user, policy))
    locked(policy)
    new_status = move(policy, lifecycle.PUBLISH)
    found = approved_version(policy)
    if found is None:
        raise DomainError("Record the owning group’s approval before publishing")
    version, approval = found
    if published_on > calendar.today():
        raise DomainError("The publication date cannot be in the future")
    if published_on < approval.approved_on:
        raise DomainError(f"It cannot be published before it was approved on {approval.approved_on:%-d %B %Y}")
    if review_date <= published_on:
        raise DomainError("The review date must be after the publication date")
    if review_date > published_on + LONGEST_REVIEW:
        raise DomainError("The review date must be within 5 years of publication")
    newly_published = not version.is_published
    if newly_published:
        version.published_on = published_on
        save_with_history(version, acting_user=acting_user, reason="Published")
    policy.published_version = version
    policy.review_date = review_date
    policy.status = new_status
    reason = f"Version {version.number} published" if newly_published else f"Reviewed: version {version.number} stays"
    save_with_history(policy, acting_user=acting_user, reason=reason)
    review_deadline_set(
        policy, acting_user=acting_user, published_on=published_on, review_date=review_date, reason=reason
    )
    _close_learning(policy, version, list(answers), acting_user)
    if newly_published and ask_adoption:
        _ask_adoption(policy, version)
    return version


def _close_learning(
    policy: Policy, version: PolicyVersion, answers: list[ProcedureChangeRequest], acting_user: User
) -> None:
    """The loop closes: each answered link is resolved by this version and the people who own
    its source are told, on the source itself."""
    wanted = {r.pk for r in answers}
    requests = ProcedureChangeRequest.objects.filter(policy=policy, resolved_at__isnull=True, pk__in=wanted)
    now = timezone.now()
    for request in requests.select_related("source_type"):
        request.resolved_by_version = version
        request.resolved_at = now
        save_with_history(request, acting_user=acting_user, reason=f"Answered by version {version.number}")
        source = learning_sources.source_for_type(request.source_type)
        record = request.source
        if source is None or record is None:
            continue
        notifications.notify(
            [u for u in source.owners(record) if u is not None],
            kind=PUBLISHED.key,
            title=f"Learning answered: {policy.title}, version {version.number} is published",
            body=f"It answers the learning: {request.what_should_change}",
            url=policy.get_absolute_url(),
            subject=record,
        )


def _ask_adoption(policy: Policy, version: PolicyVersion) -> None:
    organisations = permissions.adoption_organisations().values_list("pk", flat=True)
    leads = [lead for people in contacts_for_organisations(list(organisations)).values() for lead in people]
    notifications.notify(
        leads,
        kind=PUBLISHED.key,
        title=f"Published: {policy.title}, version {version.number}. Confirm your organisation has adopted it",
        body=version.change_summary,
        url=policy.get_absolute_url(),
        subject=version,
    )
