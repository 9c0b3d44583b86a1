"""Every change to the training programme. Each takes `acting_user`, runs in one transaction,
checks permission and state (refusing with a DomainError the page shows), saves with
full_clean() and a history reason, and tells people through core.notifications with the
record as its subject."""

from core import notifications

from ..models import Session

BOOKING = notifications.register_kind(
    notifications.Kind(
        "training_booking",
        "Training bookings",
        "Your places on training sessions: confirmed, offered from the waiting list, changed or cancelled",
    )
)
REMINDER = notifications.register_kind(
    notifications.Kind("training_reminder", "Training reminders", "A reminder before a session you have a place on")
)
FEEDBACK = notifications.register_kind(
    notifications.Kind(
        "training_feedback",
        "Training evaluations and follow-ups",
        "Asking what you thought straight after a session, and what changed in your practice three months later",
    )
)


def when(session: Session) -> str:
    return f"{session.date:%A %-d %B %Y}, {session.start_time:%H:%M} to {session.end_time:%H:%M}"
