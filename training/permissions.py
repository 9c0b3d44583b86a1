"""Who may do what in the training programme. One place per object type, used by views,
templates (through flags the views pass), selectors and services alike.

- Anyone, signed in or not: the public catalogue (published courses, upcoming sessions).
- Practitioners (registered only to book training) and everyone with a role in the partnership:
  the programme, booking, and their own bookings, evaluations and follow-ups.
- Trainers in the pool: the sessions they train (the register, marking attendance).
- Agency leads: their own agency's training needs and attendance.
- Executive members and the scrutineer: every course's results, the needs analysis, the pool.
- The business unit: everything, and every change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from core import kept
from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.permissions import is_organisation_lead, led_organisation_ids

from .models import Booking, Session, Trainer

if TYPE_CHECKING:
    from partnership.models import Organisation, User


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _cache(user, name: str, compute):
    key = f"_training_{name}"
    if not hasattr(user, key):
        setattr(user, key, compute())
    return getattr(user, key)


# Roles ------------------------------------------------------------------------------------


def is_practitioner(user) -> bool:
    return has_role(user, Role.PRACTITIONER)


def manages_training(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def reads_training(user) -> bool:
    """Every course's results, the needs analysis and the training pool."""
    return has_role(user, *READ_ALL_ROLES)


def can_book(user) -> bool:
    """Practitioners and everyone in the partnership book places for themselves."""
    return _active(user) and (is_practitioner(user) or has_any_role(user))


def can_use_training(user) -> bool:
    """The Training menu item and the signed-in programme."""
    return can_book(user) or trainer_of(user) is not None


# Trainers ------------------------------------------------------------------------------------


def trainer_of(user) -> Trainer | None:
    """The person's place in the training pool (active or not), read once per request; the
    many who are not in it (the menu asks on every page) cost no query."""
    if not _active(user) or user.pk not in _trainer_people():
        return None
    return _cache(user, "trainer", lambda: Trainer.objects.filter(person=user).first())


def _trainer_people() -> frozenset[int]:
    """Who is in the training pool, kept until the pool changes."""
    return kept.kept(
        "training:trainer-people", [Trainer], lambda: frozenset(Trainer.objects.values_list("person_id", flat=True))
    )


def trained_session_ids(user) -> frozenset[int]:
    trainer = trainer_of(user)
    if trainer is None:
        return frozenset()
    return _cache(
        user,
        "trained",
        lambda: frozenset(
            Session.trainers.through.objects.filter(trainer=trainer).values_list("session_id", flat=True)
        ),
    )


def trains(user, session: Session) -> bool:
    return session.pk in trained_session_ids(user)


def can_view_pool(user) -> bool:
    return reads_training(user)


# Courses and sessions ------------------------------------------------------------------------


def can_view_courses(user) -> bool:
    """The programme's management pages: every course, drafts included."""
    return reads_training(user)


def can_view_results(user) -> bool:
    return reads_training(user)


def sessions_visible_to(user) -> QuerySet[Session]:
    """Sessions whose management pages (bookings, register, attendance) the person may open:
    every session for the readers, the sessions they train for a trainer."""
    if reads_training(user):
        return Session.objects.all()
    ids = trained_session_ids(user)
    return Session.objects.filter(pk__in=ids) if ids else Session.objects.none()


def can_view_session_list(user) -> bool:
    return reads_training(user) or trainer_of(user) is not None


def can_manage_session(user, session: Session) -> bool:
    return manages_training(user)


def can_mark_attendance(user, session: Session) -> bool:
    return not session.is_cancelled and (manages_training(user) or trains(user, session))


def can_view_register(user, session: Session) -> bool:
    return manages_training(user) or trains(user, session) or reads_training(user)


# Bookings --------------------------------------------------------------------------------------


def bookings_visible_to(user) -> QuerySet[Booking]:
    """Everyone sees their own bookings; the business unit sees every booking."""
    if not _active(user):
        return Booking.objects.none()
    if manages_training(user):
        return Booking.objects.all()
    return Booking.objects.filter(person=user)


def is_own(user, booking: Booking) -> bool:
    return _active(user) and booking.person_id == user.pk


def can_cancel_booking(user, booking: Booking) -> bool:
    return (is_own(user, booking) or manages_training(user)) and booking.is_live


# Training needs --------------------------------------------------------------------------------


def can_view_all_needs(user) -> bool:
    return reads_training(user)


def can_view_needs(user, organisation) -> bool:
    return reads_training(user) or is_organisation_lead(user, organisation)


def can_record_needs(user, organisation) -> bool:
    """The business unit, or the agency's own lead, records its workforce's training needs."""
    return manages_training(user) or is_organisation_lead(user, organisation)


def agencies_for_needs(user: User) -> QuerySet[Organisation]:
    """The agencies whose needs-vs-attendance pages the person may open (leads: their own)."""
    from partnership.models import Organisation

    if reads_training(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=led_organisation_ids(user))


def can_view_needs_area(user) -> bool:
    return reads_training(user) or (has_any_role(user) and bool(led_organisation_ids(user)))
