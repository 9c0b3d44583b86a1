import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .. import addresses


class Notification(models.Model):
    """A message in someone's in-app inbox; emailed at once or in the daily digest."""

    class EmailMode(models.TextChoices):
        IMMEDIATE = "immediate", "Email each one straight away"
        DIGEST = "digest", "One email a day with all of them"
        NONE = "none", "In the portal only"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_mode = models.CharField(max_length=20, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    deadline = models.ForeignKey(
        "core.Deadline", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    # The record the message was about (a rapid review, an audit return, a meeting...), so
    # that everything sent is visible on the thing it was about.
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["email_mode", "emailed_at"], name="notification_email_queue"),
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("core:notification-detail", self.pk)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How one person wants one kind of notification emailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    mode = models.CharField(max_length=20, choices=Notification.EmailMode.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address. Only its hash is stored: the address is
    shown once, when it is made, and resetting it makes the old address stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
