"""Attendance, marked by the session's trainers or the business unit."""

from django.db import transaction
from django.utils import timezone

from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions
from ..models import Booking, Session


@transaction.atomic
def attendance_record(*, acting_user: User, session: Session, marks: dict[int, str]) -> int:
    """Record who attended: `marks` maps each confirmed booking's id to "attended" or "absent".
    Non-attendance counts against the place's agency. Returns how many marks changed."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    refuse_unless(permissions.can_mark_attendance(acting_user, session))
    if not session.has_started():
        raise DomainError("Attendance can be recorded once the session has started")
    allowed = {Booking.Attendance.ATTENDED, Booking.Attendance.ABSENT}
    bookings = {b.pk: b for b in session.bookings.select_for_update().filter(status=Booking.Status.CONFIRMED)}
    unknown = set(marks) - set(bookings)
    if unknown:
        raise DomainError("Some of the people marked do not have a place on this session: open the page again")
    missing = [b for pk, b in bookings.items() if marks.get(pk) not in allowed]
    if missing:
        raise DomainError(f"Select attended or did not attend for everyone ({len(missing)} left)")
    changed = 0
    for pk, booking in bookings.items():
        if booking.attendance != marks[pk]:
            booking.attendance = marks[pk]
            save_with_history(
                booking, acting_user=acting_user, reason=f"Attendance: {booking.get_attendance_display()}"
            )
            changed += 1
    session.attendance_recorded_at = timezone.now()
    session.attendance_recorded_by = acting_user
    save_with_history(session, acting_user=acting_user, reason="Attendance recorded", clean=False)
    return changed
