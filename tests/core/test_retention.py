"""The scheduled retention review: it counts what is due and tells the business unit."""

from datetime import UTC, datetime

from core import retention, tasks
from core.models import Notification, RetentionReview


def _old_notification(user):
    return Notification.objects.create(
        recipient=user, kind="deadline_reminder", title="Old", created_at=datetime(2015, 1, 5, 9, tzinfo=UTC)
    )


def test_the_review_counts_what_is_due_and_tells_the_business_unit(business, member):
    _old_notification(member)
    _old_notification(member)
    due = tasks.retention_review()
    assert due == {"notifications": 2}
    review = RetentionReview.objects.get()
    assert review.total_due == 2
    told = Notification.objects.filter(recipient=business, kind="retention_review").get()
    assert told.title == "2 records are due for deletion or anonymisation"


def test_a_review_that_finds_nothing_tells_nobody(business):
    assert retention.run_review().total_due == 0
    assert not Notification.objects.filter(kind="retention_review").exists()


def test_held_records_are_counted_apart(business, member):
    held = _old_notification(member)
    retention.hold_place(acting_user=business, key="notifications", subject=held, reason="Inquiry")
    review = retention.run_review()
    assert review.total_due == 0 and review.held == 1
