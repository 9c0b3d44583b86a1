"""Booking a place, the waiting list, and cancelling."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import notifications
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions
from ..models import Booking, Course, Session
from ..selectors.programme import agency_of
from . import BOOKING, when


def live_bookings(session: Session) -> QuerySet[Booking]:
    return session.bookings.exclude(status=Booking.Status.CANCELLED)


@transaction.atomic
def booking_create(*, acting_user: User, session: Session) -> Booking:
    """Book the acting person a place, or a place on the waiting list when the session is full.
    The session row is locked, so two people cannot take the last place together."""
    refuse_unless(permissions.can_book(acting_user), "Your account cannot book training")
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError("This session is cancelled")
    if session.course.status != Course.Status.PUBLISHED:
        raise DomainError("This course is not open for booking")
    if session.has_started():
        raise DomainError("This session has already started, so it cannot be booked")
    existing = live_bookings(session).filter(person=acting_user).first()
    if existing is not None:
        raise DomainError(
            "You already have a place on this session"
            if existing.status == Booking.Status.CONFIRMED
            else "You are already on the waiting list for this session"
        )
    confirmed = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
    now = timezone.now()
    has_place = confirmed < session.capacity
    booking = Booking(
        session=session,
        person=acting_user,
        organisation=agency_of(acting_user),
        status=Booking.Status.CONFIRMED if has_place else Booking.Status.WAITING,
        booked_at=now,
        confirmed_at=now if has_place else None,
    )
    save_with_history(booking, acting_user=acting_user, reason="Booked" if has_place else "Joined the waiting list")
    notifications.notify(
        [acting_user],
        kind=BOOKING.key,
        title=(
            f"Place confirmed: {session.course}, {when(session)}"
            if has_place
            else f"On the waiting list: {session.course}, {when(session)}"
        )[:300],
        body=(
            f"Where: {session.where}. Add it to your calendar from your booking."
            if has_place
            else "The session is full. If a place comes free it is yours at once, and we will tell you."
        ),
        url=booking.get_absolute_url(),
        subject=booking,
    )
    return booking


@transaction.atomic
def booking_cancel(*, acting_user: User, booking: Booking, reason: str = "") -> Booking:
    """Cancel a place (the person themselves, or the business unit for them). A confirmed place
    goes straight to the first person on the waiting list."""
    booking = Booking.objects.select_for_update().select_related("session__course", "person").get(pk=booking.pk)
    refuse_unless(permissions.is_own(acting_user, booking) or permissions.manages_training(acting_user))
    if not booking.is_live:
        raise DomainError("This booking is already cancelled")
    session = Session.objects.select_for_update().get(pk=booking.session_id)
    if session.has_started():
        raise DomainError("The session has started: the trainer records who attended instead")
    by_someone_else = acting_user.pk != booking.person_id
    if by_someone_else and not reason.strip():
        raise DomainError("Enter the reason for cancelling the place")
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = acting_user
    booking.cancellation_reason = reason.strip()
    save_with_history(booking, acting_user=acting_user, reason="Cancelled" + (f": {reason.strip()}" if reason else ""))
    what = "place" if was_confirmed else "waiting-list place"
    notifications.notify(
        [booking.person],
        kind=BOOKING.key,
        title=f"Your {what} is cancelled: {session.course}, {when(session)}"[:300],
        body=(
            f"The partnership’s business unit cancelled it: {reason.strip()}"
            if by_someone_else
            else "You cancelled it."
        )
        + " You can book another session from the programme.",
        url=booking.get_absolute_url(),
        subject=booking,
    )
    if was_confirmed:
        fill_from_waiting_list(session, acting_user=acting_user)
    return booking


def fill_from_waiting_list(session: Session, *, acting_user: User) -> list[Booking]:
    """Give free places to the waiting list, first come first served, and tell each person.
    Called inside the transaction that freed the places (the session row is locked)."""
    if session.is_cancelled or session.has_started():
        return []
    free = session.capacity - session.bookings.filter(status=Booking.Status.CONFIRMED).count()
    if free <= 0:
        return []
    promoted = list(
        session.bookings.select_for_update()
        .filter(status=Booking.Status.WAITING)
        .select_related("person")
        .order_by("booked_at", "pk")[:free]
    )
    now = timezone.now()
    for booking in promoted:
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        save_with_history(booking, acting_user=acting_user, reason="A place came free: moved off the waiting list")
        notifications.notify(
            [booking.person],
            kind=BOOKING.key,
            title=f"A place is yours: {session.course}, {when(session)}"[:300],
            body=f"A place came free and you were next on the waiting list. Where: {session.where}. "
            "If you can no longer go, cancel it so the next person can have it.",
            url=booking.get_absolute_url(),
            subject=booking,
        )
    return promoted
