from .bookings import Booking, BookingMessage, Evaluation, FollowUp, Practitioner
from .courses import Course, Level, Session, Trainer
from .needs import WorkforceNeed

__all__ = [
    "Booking",
    "BookingMessage",
    "Course",
    "Evaluation",
    "FollowUp",
    "Level",
    "Practitioner",
    "Session",
    "Trainer",
    "WorkforceNeed",
]
