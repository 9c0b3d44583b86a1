from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses


class AssuranceLevel(models.TextChoices):
    """How assured the partnership is by an answer, a report or a spotlight."""

    ASSURED = "assured", "Assured"
    PARTLY = "partly_assured", "Partly assured"
    NOT_ASSURED = "not_assured", "Not assured"


ASSURANCE_COLOURS = {
    AssuranceLevel.ASSURED: "green",
    AssuranceLevel.PARTLY: "yellow",
    AssuranceLevel.NOT_ASSURED: "red",
}


class Challenge(models.Model):
    """A question the partnership puts to an organisation or a group, in a meeting, during a
    scrutiny activity or a spotlight, or elsewhere. It is answered by the organisation's lead
    (or the group's chair) by its due date, then closed with how assured the partnership is by
    the answer, or escalated."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting a response"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"
        ESCALATED = "escalated", "Escalated"

    question = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_raised")
    raised_on = models.DateField(default=timezone.localdate)
    meeting = models.ForeignKey(
        "subgroups.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="raised in the meeting",
    )
    minute_entry = models.OneToOneField(
        "subgroups.MinuteEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The challenge as the meeting's minutes record it",
    )
    activity = models.ForeignKey(
        "scrutiny.ScrutinyActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name="raised during the scrutiny activity",
    )
    spotlight = models.ForeignKey(
        "scrutiny.Spotlight",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name="raised from the spotlight",
    )
    raised_during = models.CharField(
        "raised during (anything else)",
        max_length=200,
        blank=True,
        help_text="For example, the Section 11 challenge event",
    )
    directed_to_organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="asked of the organisation",
    )
    directed_to_group = models.ForeignKey(
        "subgroups.PartnershipGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="asked of the group",
    )
    response_due = models.DateField("response due")
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    assurance_level = models.CharField(max_length=20, choices=AssuranceLevel.choices, blank=True)
    closing_comment = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "response_due"]),
            models.Index(fields=["directed_to_organisation", "status"]),
            models.Index(fields=["raised_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.question[:80]}"

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:challenge-detail", self.pk)

    def clean(self) -> None:
        if bool(self.directed_to_organisation_id) == bool(self.directed_to_group_id):
            raise ValidationError(
                {"directed_to_organisation": "Select the organisation or the group the challenge is for (one of them)"}
            )
        if self.raised_on and self.response_due and self.response_due < self.raised_on:
            raise ValidationError({"response_due": "The response due date must be on or after the date it was raised"})

    @property
    def reference(self) -> str:
        return f"C-{self.pk}" if self.pk else "New challenge"

    @property
    def directed_to(self):
        return self.directed_to_organisation or self.directed_to_group

    @property
    def assurance_colour(self) -> str:
        return ASSURANCE_COLOURS.get(self.assurance_level, "grey")

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.response_due < today

    def display_status(self, today) -> tuple[str, str]:
        """A short label and a tag colour for lists."""
        if self.status == self.Status.CLOSED:
            return f"Closed: {self.get_assurance_level_display().lower()}", self.assurance_colour
        if self.status == self.Status.ESCALATED:
            return "Escalated", "purple"
        if self.status == self.Status.ANSWERED:
            return "Answered", "blue"
        if self.is_overdue(today):
            return "Response overdue", "red"
        return "Awaiting a response", "grey"

    @property
    def source_label(self) -> str:
        """Where it was raised, in words."""
        if self.meeting_id:
            return str(self.meeting)
        if self.activity_id:
            return f"Independent scrutiny: {self.activity}"
        if self.spotlight_id:
            return f"Spotlight: {self.spotlight}"
        return self.raised_during or "Not recorded"
