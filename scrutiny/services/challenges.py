"""The challenge log: a challenge is raised (in a meeting, a scrutiny activity, a spotlight or
elsewhere), answered by whoever it was put to by its due date, then closed with how assured the
partnership is, or escalated under the escalation policy."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core import calendar, notifications
from core.models import Deadline
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from subgroups.models import Meeting, MinuteEntry, PartnershipGroup

from .. import permissions
from ..models import AssuranceLevel, Challenge, Escalation, ScrutinyActivity, Spotlight
from ..selectors.challenges import respondents
from .escalations import escalation_start

CHALLENGE = notifications.register_kind(
    notifications.Kind(
        "challenge",
        "Challenges",
        "When a challenge is put to you or your organisation, or a challenge you raised is answered",
    )
)
RULE = "challenge_response"
Status = Challenge.Status


def default_response_due(start: date) -> date:
    return clock.rule_for(RULE).due_date(start, calendar.closure_days())


@transaction.atomic
def challenge_raise(
    *,
    acting_user: User,
    question: str,
    directed_to_organisation: Organisation | None = None,
    directed_to_group: PartnershipGroup | None = None,
    response_due: date | None = None,
    raised_by: User | None = None,
    meeting: Meeting | None = None,
    minute_entry: MinuteEntry | None = None,
    activity: ScrutinyActivity | None = None,
    spotlight: Spotlight | None = None,
    raised_during: str = "",
) -> Challenge:
    """Log a challenge. The business unit may record one raised by someone else (say, a
    board member in a meeting); anyone else raises it in their own name."""
    refuse_unless(permissions.can_raise_challenge(acting_user), "You cannot raise challenges")
    if raised_by is not None and raised_by != acting_user and not permissions.is_business_unit(acting_user):
        raise DomainError("Only the business unit records a challenge on someone else’s behalf")
    if minute_entry is not None:
        if minute_entry.kind != MinuteEntry.Kind.CHALLENGE:
            raise DomainError("Only a challenge recorded in the minutes can be logged as a challenge")
        if meeting is not None and minute_entry.meeting_id != meeting.pk:
            raise DomainError("That minute entry belongs to another meeting")
        if Challenge.objects.filter(minute_entry=minute_entry).exists():
            raise DomainError("That challenge from the minutes is already in the log")
        meeting = meeting or minute_entry.meeting
    if sum(source is not None for source in (meeting, activity, spotlight)) > 1:
        raise DomainError("Record where the challenge was raised once: a meeting, a scrutiny activity or a spotlight")
    if meeting is not None:
        refuse_unless(
            permissions.can_raise_in_meeting(acting_user, meeting), "You cannot raise challenges in that meeting"
        )
    if spotlight is not None:
        refuse_unless(permissions.spotlights_visible_to(acting_user).filter(pk=spotlight.pk).exists())
    today = calendar.today()
    challenge = Challenge(
        question=question,
        raised_by=raised_by or acting_user,
        raised_on=today,
        meeting=meeting,
        minute_entry=minute_entry,
        activity=activity,
        spotlight=spotlight,
        raised_during=raised_during,
        directed_to_organisation=directed_to_organisation,
        directed_to_group=directed_to_group,
        response_due=response_due or default_response_due(today),
    )
    save_with_history(challenge, acting_user=acting_user, reason="Raised")
    people = respondents(challenge)
    clock.deadline_create(
        subject=challenge,
        rule_key=RULE,
        start=today,
        due_date=response_due,
        title=f"Response to challenge {challenge.reference} ({challenge.directed_to})",
        responsible_users=people,
        responsible_organisation=directed_to_organisation,
        escalation_users=[challenge.raised_by],
        acting_user=acting_user,
        reason="Challenge raised",
    )
    notifications.notify(
        people,
        kind=CHALLENGE.key,
        title=f"A challenge for {challenge.directed_to}: please respond by {challenge.response_due:%-d %B %Y}",
        body=question,
        url=challenge.get_absolute_url(),
    )
    return challenge


@transaction.atomic
def challenge_update(
    *, acting_user: User, challenge: Challenge, question: str, response_due: date, raised_during: str = ""
) -> Challenge:
    """Correct the wording or give more time, while the challenge still awaits a response."""
    refuse_unless(permissions.can_edit_challenge(acting_user, challenge), "Only an open challenge can be changed")
    old_due = challenge.response_due
    challenge.question = question
    challenge.raised_during = raised_during
    challenge.response_due = response_due
    save_with_history(challenge, acting_user=acting_user, reason="Changed")
    deadline = Deadline.objects.latest_for(challenge)
    if deadline and deadline.is_live and response_due != old_due:
        clock.deadline_move(
            deadline=deadline,
            due_date=response_due,
            acting_user=acting_user,
            reason=f"The response due date of {challenge.reference} changed",
        )
    return challenge


@transaction.atomic
def challenge_answer(*, acting_user: User, challenge: Challenge, response: str) -> Challenge:
    refuse_unless(
        permissions.can_answer_challenge(acting_user, challenge),
        "Only the organisation’s lead (or the group’s chair) answers an open challenge",
    )
    if not response.strip():
        raise DomainError("Enter the response")
    challenge.status = Status.ANSWERED
    challenge.response = response
    challenge.responded_by = acting_user
    challenge.responded_at = timezone.now()
    late = calendar.today() > challenge.response_due
    save_with_history(challenge, acting_user=acting_user, reason="Answered late" if late else "Answered")
    deadline = Deadline.objects.latest_for(challenge)
    if deadline and deadline.is_live:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Challenge answered")
    notifications.notify(
        [challenge.raised_by],
        kind=CHALLENGE.key,
        title=f"Your challenge {challenge.reference} has been answered by {challenge.directed_to}",
        body=response,
        url=challenge.get_absolute_url(),
    )
    return challenge


@transaction.atomic
def challenge_close(*, acting_user: User, challenge: Challenge, assurance_level: str, comment: str = "") -> Challenge:
    refuse_unless(
        permissions.can_close_challenge(acting_user, challenge),
        "Only whoever raised the challenge, or the business unit, closes a challenge once it is answered "
        "or its escalation has concluded",
    )
    if assurance_level not in AssuranceLevel.values:
        raise DomainError("Select how assured the partnership is by the response")
    if assurance_level != AssuranceLevel.ASSURED and not comment.strip():
        raise DomainError("Enter why the partnership is not fully assured")
    challenge.status = Status.CLOSED
    challenge.assurance_level = assurance_level
    challenge.closing_comment = comment
    challenge.closed_by = acting_user
    challenge.closed_at = timezone.now()
    save_with_history(
        challenge, acting_user=acting_user, reason=f"Closed: {challenge.get_assurance_level_display().lower()}"
    )
    return challenge


@transaction.atomic
def challenge_escalate(
    *,
    acting_user: User,
    challenge: Challenge,
    stage: str,
    who: str,
    summary: str,
    handled_by: User | None = None,
    mediator: User | None = None,
    started_on: date | None = None,
) -> Escalation:
    """Take an unanswered or unsatisfactory challenge into the escalation policy."""
    refuse_unless(
        permissions.can_escalate_challenge(acting_user, challenge),
        "Only whoever raised the challenge, or the business unit, escalates an open or answered challenge",
    )
    was_open = challenge.status == Status.OPEN
    escalation = escalation_start(
        acting_user=acting_user,
        title=f"Challenge {challenge.reference} to {challenge.directed_to}",
        concern=challenge.question + (f"\n\nResponse: {challenge.response}" if challenge.response else ""),
        stage=stage,
        started_on=started_on or calendar.today(),
        who=who,
        summary=summary,
        handled_by=handled_by,
        mediator=mediator,
        other_organisation=challenge.directed_to_organisation,
        challenge=challenge,
        check_permission=False,
    )
    challenge.status = Status.ESCALATED
    save_with_history(challenge, acting_user=acting_user, reason=f"Escalated: {escalation.reference}")
    deadline = Deadline.objects.latest_for(challenge)
    if was_open and deadline and deadline.is_live:
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="Escalated before a response")
    return escalation
