from .deadlines import CalendarDay, ClosureDay, Deadline, DeadlineRule, SentReminder
from .documents import AccessLog, Document
from .imports import PendingImport
from .learning import LearningToChange
from .notifications import CalendarToken, Notification, NotificationPreference
from .retention import DisposalLog, LegalHold, RetentionReview, RetentionRule

__all__ = [
    "CalendarDay",
    "AccessLog",
    "Document",
    "CalendarToken",
    "ClosureDay",
    "Deadline",
    "DisposalLog",
    "LearningToChange",
    "LegalHold",
    "DeadlineRule",
    "Notification",
    "NotificationPreference",
    "PendingImport",
    "RetentionReview",
    "RetentionRule",
    "SentReminder",
]
