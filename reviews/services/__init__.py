"""Every change to cases, rapid reviews, practice reviews and learning goes through these
services. Shared here: references, who is responsible for the statutory clock, and the
practice review sub-group that owns review action plans."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.db import models
from django.utils import timezone

from core import calendar, notifications
from core.models import Deadline
from core.services import DomainError
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.selectors import business_unit_people
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import group_with_remit

from ..models import PracticeReview, SeriousIncident
from ..selectors.deadlines import escalation_people, live_deadline

REVIEWS_KIND = notifications.register_kind(
    notifications.Kind(
        "reviews",
        "Reviews",
        "Return requests for your agency, panels you are added to, referrals and returns received",
    )
)


def next_reference(model: type[SeriousIncident | PracticeReview], year: int) -> str:
    """The next reference in the year, like 2026-004 (references never name the child)."""
    prefix = f"{year}-"
    taken = model.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in taken if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def local_authority() -> Organisation | None:
    """The local authority partner, responsible for notifying the Panel."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.LOCAL_AUTHORITY, is_safeguarding_partner=True, is_active=True
        )
        .order_by("pk")
        .first()
    )


def practice_review_group() -> PartnershipGroup:
    group = group_with_remit(PartnershipGroup.Remit.PRACTICE_REVIEW)
    if group is None:
        raise DomainError(
            "There is no active practice review sub-group to own the action plan: give a group the practice "
            "review remit first"
        )
    return group


def start_deadline(
    *,
    subject: models.Model,
    rule_key: str,
    start: date,
    title: str,
    acting_user: User,
    due_date: date | None = None,
    **people: Any,
) -> Deadline:
    return clock.deadline_create(
        subject=subject,
        rule_key=rule_key,
        start=start,
        title=title,
        due_date=due_date,
        responsible_users=people["responsible_users"] if "responsible_users" in people else business_unit_people(),
        responsible_organisation=people.get("responsible_organisation"),
        escalation_users=people["escalation_users"] if "escalation_users" in people else escalation_people(),
        acting_user=acting_user,
    )


def meet_deadline(subject: models.Model, rule_key: str, *, on: date, acting_user: User, reason: str) -> None:
    """Meet the subject's live deadline as of the day it was met (noon, or now if that is
    still to come), so a late notification shows as late."""
    deadline = live_deadline(subject, rule_key)
    if deadline is None:
        return
    if deadline.status == Deadline.Status.PAUSED:
        clock.deadline_resume(deadline=deadline, acting_user=acting_user, reason="Met while paused")
    clock.deadline_meet(deadline=deadline, acting_user=acting_user, when=_moment(on), reason=reason)


def cancel_deadlines(subject: models.Model, *, acting_user: User, reason: str) -> None:
    for deadline in Deadline.objects.for_subject(subject).filter(
        status__in=(*Deadline.LIVE_STATUSES, Deadline.Status.PAUSED)
    ):
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason=reason)


def _moment(day: date) -> datetime:
    noon = timezone.make_aware(datetime.combine(day, time(12, 0)))
    return min(noon, timezone.now())


def refuse_future(day: date | None, what: str) -> None:
    if day and day > calendar.today():
        raise DomainError(f"{what} cannot be in the future")


def refuse_without_role(people: Iterable[User]) -> None:
    """Need-to-know records are for people in the partnership: an account with no role (who
    could then read a case and its PDF) is refused."""
    from core.roles import has_any_role

    roleless = [p for p in people if not has_any_role(p)]
    if roleless:
        raise DomainError(
            f"{people_named(roleless)}: only people with a partnership role can be added to a need-to-know record"
        )


def people_named(users: Iterable[User]) -> str:
    return ", ".join(str(u) for u in users) or "nobody"
