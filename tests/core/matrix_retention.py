"""Retention pages: the business unit's alone."""

from datetime import UTC, datetime

from django.urls import reverse

from core import retention
from core.models import Notification
from tests.matrix import only

BU = ("business",)


def world(w) -> dict:
    old = datetime(2015, 3, 2, 9, 0, tzinfo=UTC)
    due = Notification.objects.create(recipient=w["member"], kind="deadline_reminder", title="Old", created_at=old)
    held = Notification.objects.create(recipient=w["member"], kind="deadline_reminder", title="Held", created_at=old)
    retention.rule_save(acting_user=w["business"], key="notifications", years=2, action="delete", basis="Schedule")
    hold = retention.hold_place(acting_user=w["business"], key="notifications", subject=held, reason="Complaint")
    return {"due_notification": due, "legal_hold": hold}


ENTRIES = {
    "core:retention-review": only(*BU, url=lambda w: reverse("core:retention-review")),
    "core:retention-run": only(*BU, url=lambda w: reverse("core:retention-run"), method="post", status=302),
    "core:retention-holds": only(*BU, url=lambda w: reverse("core:retention-holds")),
    "core:retention-hold-release": only(
        *BU, url=lambda w: reverse("core:retention-hold-release", args=[w["legal_hold"].pk])
    ),
    "core:retention-log": only(*BU, url=lambda w: reverse("core:retention-log")),
    "core:retention-due": only(*BU, url=lambda w: reverse("core:retention-due", args=["notifications"])),
    "core:retention-rule-edit": only(*BU, url=lambda w: reverse("core:retention-rule-edit", args=["notifications"])),
    "core:retention-rule-history": only(
        *BU, url=lambda w: reverse("core:retention-rule-history", args=["notifications"])
    ),
    "core:retention-hold-place": only(
        *BU,
        url=lambda w: reverse("core:retention-hold-place", args=["notifications", w["due_notification"].pk]),
    ),
}
