from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Disposal(models.TextChoices):
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise"


class RetentionRule(models.Model):
    """How long the partnership keeps one type of record, and what happens then.

    The record types are registered by the apps (core.retention); the business unit sets the
    period and the action, with the basis for it (the partners' retention schedules).
    """

    record_type = models.CharField(max_length=60, unique=True)
    years = models.PositiveSmallIntegerField(
        "keep for (years)", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    action = models.CharField("then", max_length=20, choices=Disposal.choices)
    basis = models.TextField("basis for this period", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.years} years, then {self.get_action_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("core:retention-rule-edit", args=[self.record_type])


class LegalHold(models.Model):
    """A record that must not be deleted or anonymised whatever its retention period (a
    complaint, an inquiry, litigation, an inspection). Released, never deleted."""

    record_type = models.CharField(max_length=60)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    description = models.CharField(max_length=300)
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="legalhold_subject")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=models.Q(released_at__isnull=True),
                name="one_active_hold_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.description}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class RetentionReview(models.Model):
    """One run of the scheduled retention review: what was due for deletion or anonymisation."""

    ran_at = models.DateTimeField(default=timezone.now)
    due = models.JSONField(default=dict)  # record type key -> number of records due
    held = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"Retention review at {self.ran_at:%Y-%m-%d %H:%M}"

    @property
    def total_due(self) -> int:
        return sum(self.due.values())


class DisposalLog(models.Model):
    """What was deleted or anonymised, when and on whose decision. Append-only (PostgreSQL
    refuses UPDATE and DELETE on the table), and it names the record only by a safe
    description, never by the personal data that was removed."""

    class Outcome(models.TextChoices):
        DELETED = "deleted", "Deleted"
        ANONYMISED = "anonymised", "Anonymised"

    record_type = models.CharField(max_length=60)
    record_label = models.CharField(max_length=200)
    subject_id = models.PositiveBigIntegerField()
    description = models.CharField(max_length=300)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField()
    rule = models.CharField("rule applied", max_length=200)
    anchor = models.DateField("retention counted from", null=True)
    # Kept as text too: the decision stays readable if the account is later anonymised.
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by_name = models.CharField(max_length=200)
    decided_at = models.DateTimeField(default=timezone.now)
    related = models.JSONField("also removed", default=dict)  # model label -> number of rows

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.description} on {self.decided_at:%Y-%m-%d}"
