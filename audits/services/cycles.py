"""Self-assessment cycles: opening one, choosing who is invited, launching it (invitations,
deadlines on the statutory clock), moderators, challenge events, and completing it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm
from simple_history.utils import bulk_create_with_history

from core import calendar, notifications
from core.models import Deadline
from core.services import DomainError, note_history, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations

from .. import permissions
from ..models import AuditCycle, AuditSubmission, ChallengeEvent, CycleUserObjectPermission, FrameworkVersion
from ..selectors.cycles import default_organisations, previous_cycle_for
from . import carry

AUDIT_INVITATION = notifications.register_kind(
    notifications.Kind(
        "audit_invitation",
        "Audit invitations",
        "When your organisation is invited to a self-assessment or a case audit",
    )
)
AUDIT_MODERATION = notifications.register_kind(
    notifications.Kind(
        "audit_moderation",
        "Audits to moderate",
        "When you are made a moderator of a cycle, or a return in it is submitted",
    )
)
AUDIT_CHASE = notifications.register_kind(
    notifications.Kind(
        "audit_chase",
        "Chasing audit returns",
        "When the business unit chases your organisation’s return",
        always_immediate=True,
    )
)
Status = AuditCycle.Status


def _lock(cycle: AuditCycle) -> AuditCycle:
    AuditCycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk").first()
    cycle.refresh_from_db()
    return cycle


@transaction.atomic
def cycle_create(
    *,
    acting_user: User,
    title: str,
    version: FrameworkVersion,
    opens_on: date,
    closes_on: date,
    previous: AuditCycle | None = None,
    recorded_after: bool = False,
    actions_due_on: date | None = None,
) -> AuditCycle:
    """Open a cycle (being set up) with every organisation with the duty invited: the business
    unit then adds and removes organisations before launching it. A window already past is
    refused unless the cycle is being recorded after the fact."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    _require_window(closes_on, recorded_after)
    if version.framework.purpose != version.framework.Purpose.SELF_ASSESSMENT:
        raise DomainError("Select a self-assessment framework: case audit tools are used by case audits")
    cycle = AuditCycle(
        title=title,
        version=version,
        opens_on=opens_on,
        closes_on=closes_on,
        previous=previous or previous_cycle_for(version),
        recorded_after=recorded_after,
        actions_due_on=actions_due_on,
        created_by=acting_user,
    )
    save_with_history(cycle, acting_user=acting_user, reason="Opened")
    organisations = list(default_organisations(version).only("pk"))
    bulk_create_with_history(
        [AuditSubmission(cycle=cycle, organisation=organisation) for organisation in organisations],
        AuditSubmission,
        batch_size=500,
        default_user=acting_user,
        default_change_reason="Invited: the directory gives it this audit duty",
    )
    return cycle


@transaction.atomic
def cycle_update(
    *,
    acting_user: User,
    cycle: AuditCycle,
    title: str,
    opens_on: date,
    closes_on: date,
    previous: AuditCycle | None = None,
    recorded_after: bool | None = None,
    actions_due_on: date | None = None,
) -> AuditCycle:
    """Change the title or the window; a new closing date moves every open return's deadline."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    if cycle.status == Status.COMPLETE:
        raise DomainError("This cycle is complete, so it cannot be changed")
    if recorded_after is not None:
        cycle.recorded_after = recorded_after
    if closes_on != cycle.closes_on:
        _require_window(closes_on, cycle.recorded_after)
    old_closes = cycle.closes_on
    cycle.title = title
    cycle.opens_on = opens_on
    cycle.closes_on = closes_on
    cycle.previous = previous
    cycle.actions_due_on = actions_due_on
    save_with_history(cycle, acting_user=acting_user, reason="Details changed")
    if cycle.status == Status.OPEN and closes_on != old_closes:
        for deadline in _live_deadlines(cycle):
            clock.deadline_move(
                deadline=deadline,
                due_date=closes_on,
                acting_user=acting_user,
                reason=f"The cycle’s closing date changed from {old_closes:%-d %B %Y}",
            )
    return cycle


def _require_window(closes_on: date, recorded_after: bool) -> None:
    if closes_on < calendar.today() and not recorded_after:
        raise DomainError(
            "The closing date is in the past: enter a date from today, or say the cycle is being recorded "
            "after the fact"
        )


def _live_deadlines(cycle: AuditCycle, submissions: Iterable[AuditSubmission] | None = None) -> QuerySet[Deadline]:
    ids = [s.pk for s in submissions] if submissions is not None else cycle.submissions.values("pk")
    live: QuerySet[Deadline] = Deadline.objects.live()
    return live.filter(content_type__app_label="audits", content_type__model="auditsubmission", object_id__in=ids)


@transaction.atomic
def invitation_add(
    *, acting_user: User, cycle: AuditCycle, organisations: Iterable[Organisation]
) -> list[AuditSubmission]:
    """Invite more organisations (or re-invite removed ones). Once the cycle is launched,
    each gets its deadline and its leads are told at once."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    if cycle.status == Status.COMPLETE:
        raise DomainError("This cycle is complete: no more organisations can be invited")
    existing = {s.organisation_id: s for s in cycle.submissions.all()}
    invited = []
    for organisation in organisations:
        submission = existing.get(organisation.pk)
        if submission is not None and not submission.is_withdrawn:
            continue
        if submission is None:
            submission = AuditSubmission(cycle=cycle, organisation=organisation)
            reason = "Invited by the business unit"
        else:
            submission.is_withdrawn = False
            submission.withdrawn_reason = ""
            reason = "Invited again"
        save_with_history(submission, acting_user=acting_user, reason=reason)
        invited.append(submission)
    if cycle.status == Status.OPEN and invited:
        _start(cycle, invited, acting_user)
    return invited


@transaction.atomic
def invitation_remove(*, acting_user: User, submission: AuditSubmission, reason: str) -> AuditSubmission:
    """Take an organisation out of the cycle. Before launch it simply goes; after launch its
    return is kept (marked as removed) and its deadline cancelled."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    cycle = submission.cycle
    if cycle.status == Status.COMPLETE:
        raise DomainError("This cycle is complete, so its invitations cannot change")
    if submission.status == AuditSubmission.Status.ACCEPTED:
        raise DomainError("An accepted return cannot be removed from the cycle")
    if submission.is_withdrawn:
        raise DomainError(f"{submission.organisation} has already been removed from the cycle")
    if cycle.status == Status.SETUP and submission.status == AuditSubmission.Status.NOT_STARTED:
        note_history(
            submission, acting_user=acting_user, reason="Not invited after all" + (f": {reason}" if reason else "")
        )
        submission.delete()
        return submission
    if not reason.strip():
        raise DomainError("Enter the reason for removing the organisation from the cycle")
    submission.is_withdrawn = True
    submission.withdrawn_reason = reason
    save_with_history(submission, acting_user=acting_user, reason=f"Removed from the cycle: {reason}")
    for deadline in _live_deadlines(cycle, [submission]):
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason=f"Removed from the cycle: {reason}")
    return submission


@transaction.atomic
def cycle_launch(*, acting_user: User, cycle: AuditCycle) -> AuditCycle:
    """Open the cycle for returns: a deadline for every invited organisation (reminders before
    the closing date and chasing after it come from the statutory clock) and a notification
    to each organisation's leads."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    _lock(cycle)
    if cycle.status != Status.SETUP:
        raise DomainError("This cycle has already been launched")
    _require_window(cycle.closes_on, cycle.recorded_after)
    submissions = list(cycle.submissions.filter(is_withdrawn=False).select_related("organisation"))
    if not submissions:
        raise DomainError("Invite at least one organisation before launching the cycle")
    cycle.status = Status.OPEN
    cycle.launched_at = timezone.now()
    save_with_history(cycle, acting_user=acting_user, reason=f"Launched: {len(submissions)} organisations invited")
    _start(cycle, submissions, acting_user)
    return cycle


def _start(cycle: AuditCycle, submissions: list[AuditSubmission], acting_user: User) -> None:
    carry.carry_forward(acting_user=acting_user, submissions=submissions)
    if cycle.recorded_after:
        # A cycle that ran outside the portal: nobody is invited, reminded or chased now.
        return
    contacts = contacts_for_organisations([s.organisation_id for s in submissions])
    framework = cycle.version.framework
    for submission in submissions:
        leads = contacts.get(submission.organisation_id, [])
        clock.deadline_create(
            subject=submission,
            rule_key="audit_return",
            start=cycle.opens_on,
            due_date=cycle.closes_on,
            title=f"{framework.name} return: {submission.organisation}"[:200],
            responsible_users=leads,
            responsible_organisation=submission.organisation,
            escalation_users=[cycle.created_by],
            acting_user=acting_user,
            reason="Cycle launched",
        )
        notifications.notify(
            leads,
            kind=AUDIT_INVITATION.key,
            title=f"{submission.organisation} is invited to “{cycle.title}”",
            body=f"Please complete your organisation’s self-assessment by {cycle.closes_on:%-d %B %Y}. "
            "Where a question is unchanged since your last accepted return, your answer is already there: "
            "confirm it is still true or update it. Answers save as a draft as you go; a senior officer you "
            "name signs it off in the portal.",
            url=submission.get_absolute_url(),
        )


@transaction.atomic
def cycle_complete(*, acting_user: User, cycle: AuditCycle) -> AuditCycle:
    """Close the cycle once moderation is done: nothing in it changes after this, and the
    deadlines of returns never submitted are cancelled."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    _lock(cycle)
    if cycle.status != Status.OPEN:
        raise DomainError("Only an open cycle can be completed")
    waiting = cycle.submissions.filter(is_withdrawn=False, status=AuditSubmission.Status.SUBMITTED).count()
    if waiting:
        raise DomainError(
            f"{waiting} submitted return{'s are' if waiting != 1 else ' is'} still waiting to be accepted or returned"
        )
    cycle.status = Status.COMPLETE
    cycle.completed_at = timezone.now()
    save_with_history(cycle, acting_user=acting_user, reason="Completed")
    for deadline in _live_deadlines(cycle):
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="The cycle was completed")
    return cycle


@transaction.atomic
def moderators_set(*, acting_user: User, cycle: AuditCycle, moderators: Iterable[User]) -> None:
    """The cycle's peer moderators (a role on this cycle only), replacing whoever was."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    wanted = {user.pk: user for user in moderators}
    current = {
        row.user_id: row.user
        for row in CycleUserObjectPermission.objects.filter(
            content_object=cycle, permission__codename=permissions.MODERATE
        ).select_related("user")
    }
    for pk, user in current.items():
        if pk not in wanted:
            remove_perm(f"audits.{permissions.MODERATE}", user, cycle)
    added = [user for pk, user in wanted.items() if pk not in current]
    for user in added:
        if not user.is_active:
            raise DomainError(f"{user}’s account is deactivated")
        assign_perm(f"audits.{permissions.MODERATE}", user, cycle)
    names = ", ".join(sorted(str(u) for u in wanted.values())) or "nobody"
    save_with_history(cycle, acting_user=acting_user, clean=False, reason=f"Moderators: {names}")
    notifications.notify(
        added,
        kind=AUDIT_MODERATION.key,
        title=f"You are a moderator for “{cycle.title}”",
        url=cycle.get_absolute_url(),
    )


EVENT_FIELDS = ("date", "start_time", "location", "notes")


@transaction.atomic
def event_save(
    *,
    acting_user: User,
    cycle: AuditCycle,
    event: ChallengeEvent | None = None,
    presenting: Iterable[AuditSubmission] = (),
    panel: Iterable[User] = (),
    **fields: object,
) -> ChallengeEvent:
    refuse_unless(permissions.can_manage_cycles(acting_user))
    if cycle.status == Status.SETUP:
        raise DomainError("Launch the cycle before planning its challenge events")
    presenting = list(presenting)
    if any(s.cycle_id != cycle.pk or s.is_withdrawn for s in presenting):
        raise DomainError("Choose organisations that are in this cycle")
    creating = event is None
    event = event or ChallengeEvent(cycle=cycle, created_by=acting_user)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    save_with_history(event, acting_user=acting_user, reason="Planned" if creating else "Changed")
    event.presenting.set(presenting)
    event.panel.set(list(panel))
    return event


@dataclass
class ChaseResult:
    people: int
    organisations: int
    without_leads: list[str]


@transaction.atomic
def chase_send(
    *, acting_user: User, cycle: AuditCycle, submissions: Iterable[AuditSubmission], message: str
) -> ChaseResult:
    """Chase the chosen organisations' returns by hand, in the business unit's own words. Each
    of their leads gets one message, whatever the number of organisations they lead (naming
    each); the message is listed on the return it is about, with its date."""
    refuse_unless(permissions.can_manage_cycles(acting_user))
    if cycle.status != Status.OPEN:
        raise DomainError("Returns can be chased while the cycle is open")
    if not message.strip():
        raise DomainError("Enter the message to send")
    chosen = [s for s in submissions if s.cycle_id == cycle.pk and not s.is_withdrawn]
    if not chosen:
        raise DomainError("Select at least one organisation to chase")
    contacts = contacts_for_organisations([s.organisation_id for s in chosen])
    by_person: dict[int, list[AuditSubmission]] = {}
    people: dict[int, User] = {}
    for submission in chosen:
        for person in contacts.get(submission.organisation_id, []):
            people[person.pk] = person
            by_person.setdefault(person.pk, []).append(submission)
    for pk, theirs in by_person.items():
        names = ", ".join(str(s.organisation) for s in theirs)
        notifications.notify(
            [people[pk]],
            kind=AUDIT_CHASE.key,
            title=f"{cycle.title}: a message about {names}’s return"[:300],
            body=message.strip(),
            url=theirs[0].get_absolute_url(),
            subject=theirs[0],
        )
    for submission in chosen:
        save_with_history(submission, acting_user=acting_user, clean=False, reason="Chased by the business unit")
    without = [str(s.organisation) for s in chosen if not contacts.get(s.organisation_id)]
    return ChaseResult(people=len(by_person), organisations=len(chosen) - len(without), without_leads=without)
