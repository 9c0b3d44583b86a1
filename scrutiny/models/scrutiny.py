from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses


def year_label(start_year: int) -> str:
    """The reporting year that starts in April of `start_year`: "2025 to 2026"."""
    return f"{start_year} to {start_year + 1}"


class ScrutinyPlan(models.Model):
    """The independent scrutineer's plan for a reporting year (April to March)."""

    year = models.PositiveSmallIntegerField(
        "year it starts",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The reporting year runs from April to March: 2026 means April 2026 to March 2027",
    )
    focus = models.TextField("what the scrutiny will focus on")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Independent scrutiny plan {self.label}"

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:scrutiny-plan-detail", self.pk)

    @property
    def label(self) -> str:
        return year_label(self.year)


class ScrutinyActivity(models.Model):
    class Kind(models.TextChoices):
        OBSERVE_MEETING = "observe_meeting", "Observe a meeting"
        RAPID_REVIEW = "rapid_review_decision", "Review a rapid review’s decision"
        DEEP_DIVE = "deep_dive", "Deep dive"
        PRACTITIONERS = "practitioner_conversations", "Practitioner conversations"
        CHILDREN = "children_young_people", "Talk with children and young people"
        WORKSHOP = "assurance_workshop", "Assurance workshop"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    plan = models.ForeignKey(ScrutinyPlan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What will be looked at, and why")
    planned_date = models.DateField()
    meeting = models.ForeignKey(
        "subgroups.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="meeting observed",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(null=True, blank=True)
    cancel_reason = models.TextField("reason for cancelling", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "planned_date", "pk"]
        verbose_name_plural = "scrutiny activities"
        indexes = [models.Index(fields=["status", "done_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:activity-detail", self.pk)

    def clean(self) -> None:
        """An activity belongs to its plan's year (April to March)."""
        if self.plan_id is None or self.planned_date is None:
            return
        start, end = date(self.plan.year, 4, 1), date(self.plan.year + 1, 3, 31)
        if not start <= self.planned_date <= end:
            raise ValidationError(
                {
                    "planned_date": f"The planned date must be in the plan’s year, between {start:%-d %B %Y} "
                    f"and {end:%-d %B %Y}"
                }
            )

    @property
    def status_colour(self) -> str:
        return {"planned": "blue", "done": "green", "cancelled": "grey"}[self.status]


class ScrutinyFinding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "What is working well"
        DEVELOPMENT = "development", "Area for development"

    activity = models.ForeignKey(ScrutinyActivity, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.activity.get_absolute_url()}#finding-{self.pk}"


class Recommendation(models.Model):
    """The scrutineer's recommendation, tracked to the Executive's response and, if accepted,
    to its implementation."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting the Executive’s response"
        RESPONDED = "responded", "Responded"
        IMPLEMENTED = "implemented", "Implemented"

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly_accepted", "Partly accepted"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    activity = models.ForeignKey(ScrutinyActivity, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        ScrutinyFinding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name="from the finding",
    )
    text = models.TextField("recommendation")
    response_due = models.DateField("response due")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    implemented_on = models.DateField(null=True, blank=True)
    implementation_note = models.TextField("what was done", blank=True)
    # The action that carries out an accepted recommendation, in an action plan like any other
    # (owner, due date, deadline, updates, sign-off); its progress shows on this record.
    action = models.OneToOneField(
        "subgroups.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scrutiny_recommendation",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "pk"]
        indexes = [models.Index(fields=["status", "response_due"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:recommendation-detail", self.pk)

    @property
    def status_colour(self) -> str:
        if self.status == self.Status.IMPLEMENTED:
            return "green"
        if self.status == self.Status.RESPONDED:
            return {"accepted": "turquoise", "partly_accepted": "yellow", "not_accepted": "orange"}.get(
                self.decision, "blue"
            )
        return "grey"

    @property
    def can_be_implemented(self) -> bool:
        return self.status == self.Status.RESPONDED and self.decision in (
            self.Decision.ACCEPTED,
            self.Decision.PARTLY,
        )

    @property
    def is_implemented(self) -> bool:
        return self.status == self.Status.IMPLEMENTED


class ImpactSummary(models.Model):
    """The scrutineer's periodic account of what difference the scrutiny made. The page beside
    it shows the counts the portal computes for the same period."""

    period_start = models.DateField("from")
    period_end = models.DateField("to")
    text = models.TextField("impact summary")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name_plural = "impact summaries"

    def __str__(self) -> str:
        return f"Impact of independent scrutiny, {self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:impact-detail", self.pk)

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The end of the period must be on or after its start"})
