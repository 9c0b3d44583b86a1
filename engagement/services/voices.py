"""The "you said, we did" log: recording what children and families said, giving it an owner
and a date (a deadline on the clock, with reminders to the owner), the owner's "we did", the
chair's review, and publication on the public page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from core import calendar, notifications, pseudonyms
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, StrategicPriority, User
from subgroups.permissions import VICE_CHAIR
from subgroups.selectors.groups import chairs_of

from .. import permissions
from ..models import YouSaid
from . import YOU_SAID_KIND

if TYPE_CHECKING:
    from core.models import Deadline

Status = YouSaid.Status
RULE = "you_said_we_did"
FIELDS = ("summary", "said", "voice", "source", "source_detail", "heard_on", "group", "survey")


def _names_in(*texts: str) -> list[str]:
    found = []
    for text in texts:
        found += [text[start:end] for start, end, _ in pseudonyms.possible_identifiers(text or "")]
    return found


def _check_names(*texts: str, confirmed: bool) -> None:
    """Refuse wording that looks as if it names someone or dates a birth, unless the person
    has looked and confirms it does not."""
    found = _names_in(*texts)
    if found and not confirmed:
        shown = ", ".join(f"“{piece}”" for piece in dict.fromkeys(found))
        raise DomainError(f"{shown} may identify someone. Take it out, or tick the box to confirm it names nobody")


@transaction.atomic
def you_said_save(
    *,
    acting_user: User,
    item: YouSaid | None = None,
    priorities: Iterable[StrategicPriority] | None = None,
    organisations: Iterable[Organisation] | None = None,
    confirmed: bool = False,
    **fields: Any,
) -> YouSaid:
    creating = item is None
    if item is None:
        refuse_unless(permissions.can_record_you_said(acting_user))
        item = YouSaid(recorded_by=acting_user)
    else:
        refuse_unless(permissions.can_edit_you_said(acting_user, item))
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    if item.heard_on and item.heard_on > calendar.today():
        raise DomainError("The date you heard it must be today or in the past")
    _check_names(item.summary, item.said, confirmed=confirmed)
    save_with_history(item, acting_user=acting_user, reason="Recorded" if creating else "Changed")
    if priorities is not None:
        item.priorities.set(list(priorities))
    if organisations is not None:
        item.organisations.set(list(organisations))
    return item


def _deadline(item: YouSaid) -> Deadline | None:
    from core.models import Deadline

    return Deadline.objects.for_subject(item).filter(rule__key=RULE).live().first()


def _overseers(item: YouSaid) -> list[User]:
    group = item.group
    if group is None:
        return []
    return chairs_of(group) + chairs_of(group, VICE_CHAIR)


@transaction.atomic
def you_said_assign(*, acting_user: User, item: YouSaid, owner: User, response_due: date, we_will: str = "") -> YouSaid:
    """Give the item an owner and a date for "we did": a deadline on the clock that reminds the
    owner (and, once overdue, the group's chairs). A new owner or date replaces the deadline."""
    item = YouSaid.objects.select_for_update().get(pk=item.pk)
    refuse_unless(permissions.can_assign(acting_user, item))
    if not owner.is_active or not permissions.can_use_listening(owner):
        raise DomainError(f"{owner} has no role in the partnership, so cannot own this")
    if response_due < calendar.today():
        raise DomainError("The date for “we did” must be today or in the future")
    changed_owner = item.owner_id != owner.pk
    item.owner, item.response_due, item.we_will = owner, response_due, we_will.strip()
    item.status = Status.WITH_OWNER
    save_with_history(item, acting_user=acting_user, reason=f"Given to {owner}, “we did” due {response_due:%-d %B %Y}")
    existing = _deadline(item)
    if existing is not None and changed_owner:
        clock.deadline_cancel(deadline=existing, acting_user=acting_user, reason=f"Given to {owner} instead")
        existing = None
    if existing is None:
        clock.deadline_create(
            subject=item,
            rule_key=RULE,
            start=calendar.today(),
            due_date=response_due,
            title=f"“We did” for {item.reference}",
            responsible_users=[owner],
            escalation_users=_overseers(item),
            acting_user=acting_user,
        )
    elif existing.due_date != response_due:
        clock.deadline_move(deadline=existing, due_date=response_due, acting_user=acting_user, reason="New date set")
    if changed_owner or existing is None:
        notifications.notify(
            [owner],
            kind=YOU_SAID_KIND.key,
            title=f"Say what was done about {item.reference}",
            body=f"Children and families told us: “{item.summary}”. Record what we did by {response_due:%-d %B %Y}.",
            url=item.get_absolute_url(),
            subject=item,
        )
    return item


@transaction.atomic
def you_said_respond(
    *, acting_user: User, item: YouSaid, we_did: str, done_on: date, confirmed: bool = False
) -> YouSaid:
    """The owner records what was done; the group's chair is asked to review it."""
    item = YouSaid.objects.select_for_update().get(pk=item.pk)
    refuse_unless(permissions.can_respond(acting_user, item))
    if done_on > calendar.today():
        raise DomainError("The date it was done must be today or in the past")
    if done_on < item.heard_on:
        raise DomainError("The date it was done must be on or after the date we heard it")
    _check_names(we_did, confirmed=confirmed)
    item.we_did, item.done_on, item.status = we_did.strip(), done_on, Status.REVIEW
    save_with_history(item, acting_user=acting_user, reason="“We did” recorded")
    deadline = _deadline(item)
    if deadline is not None:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="“We did” recorded")
    reviewers = _overseers(item) or _business_unit()
    notifications.notify(
        reviewers,
        kind=YOU_SAID_KIND.key,
        title=f"Review what was done about {item.reference}",
        body=f"You said: “{item.summary}”\nWe did: {item.we_did}",
        url=item.get_absolute_url(),
        subject=item,
    )
    return item


def _business_unit() -> list[User]:
    from core.roles import Role

    return list(User.objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label))


@transaction.atomic
def you_said_review(
    *, acting_user: User, item: YouSaid, agree: bool, note: str = "", response_due: date | None = None
) -> YouSaid:
    """The chair agrees that the item is done, or returns it to its owner with a note and a new
    date (a new deadline)."""
    item = YouSaid.objects.select_for_update().get(pk=item.pk)
    refuse_unless(permissions.can_review(acting_user, item))
    item.review_note, item.reviewed_by, item.reviewed_at = note.strip(), acting_user, timezone.now()
    if agree:
        item.status = Status.DONE
        save_with_history(item, acting_user=acting_user, reason="Agreed as done")
        notifications.notify(
            [item.owner],
            kind=YOU_SAID_KIND.key,
            title=f"{item.reference} agreed as done",
            body=item.review_note,
            url=item.get_absolute_url(),
            subject=item,
        )
        return item
    if not item.review_note:
        raise DomainError("Enter what still needs doing")
    if response_due is None or response_due < calendar.today():
        raise DomainError("Enter a new date for “we did”, today or in the future")
    item.status, item.response_due = Status.WITH_OWNER, response_due
    save_with_history(item, acting_user=acting_user, reason="Returned to its owner")
    clock.deadline_create(
        subject=item,
        rule_key=RULE,
        start=calendar.today(),
        due_date=response_due,
        title=f"“We did” for {item.reference}",
        responsible_users=[item.owner] if item.owner else [],
        escalation_users=_overseers(item),
        acting_user=acting_user,
        reason="Returned by the chair",
    )
    notifications.notify(
        [item.owner],
        kind=YOU_SAID_KIND.key,
        title=f"{item.reference} returned to you",
        body=item.review_note,
        url=item.get_absolute_url(),
        subject=item,
    )
    return item


def public_problems(item: YouSaid) -> list[str]:
    """What on the public page may identify someone."""
    return list(dict.fromkeys(_names_in(item.summary, item.we_did if item.is_done else item.we_will)))


@transaction.atomic
def you_said_publish(*, acting_user: User, item: YouSaid, confirmed: bool = False) -> YouSaid:
    """Show the item on the public page: what was said (the one-line summary) and what was done,
    or that it is in hand."""
    item = YouSaid.objects.select_for_update().get(pk=item.pk)
    refuse_unless(permissions.can_publish(acting_user, item))
    if item.is_published:
        raise DomainError("This is already on the public page")
    if item.status == Status.RECORDED:
        raise DomainError("Give it an owner before publishing, so the public page can say what is being done")
    _check_names(item.summary, item.we_did if item.is_done else item.we_will, confirmed=confirmed)
    item.is_published, item.published_at = True, timezone.now()
    return save_with_history(item, acting_user=acting_user, reason="Published on the public page")


@transaction.atomic
def you_said_unpublish(*, acting_user: User, item: YouSaid) -> YouSaid:
    item = YouSaid.objects.select_for_update().get(pk=item.pk)
    refuse_unless(permissions.can_publish(acting_user, item))
    if not item.is_published:
        raise DomainError("This is not on the public page")
    item.is_published = False
    return save_with_history(item, acting_user=acting_user, reason="Taken off the public page")
