from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .. import scoring


class Framework(models.Model):
    """A standards framework (Section 11, Section 175/157) or a case audit tool. Its content
    lives in versions: a cycle is always answered on one version, which never changes once
    published."""

    class Purpose(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", "Self-assessment"
        CASE_AUDIT = "case_audit", "Multi-agency case audit tool"

    class Duty(models.TextChoices):
        SECTION_11 = "section_11", "Section 11 (Children Act 2004)"
        SCHOOLS = "section_175_157", "Section 175 and Section 157 (Education Act 2002)"
        NONE = "", "None (a case audit tool)"

    # The directory's audit duties each framework's cycles invite by default.
    ORGANISATION_DUTIES = {
        Duty.SECTION_11: ["section_11"],
        Duty.SCHOOLS: ["section_175", "section_157"],
        Duty.NONE: [],
    }

    name = models.CharField(
        max_length=200, unique=True, error_messages={"unique": "There is already a framework with this name"}
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.SELF_ASSESSMENT)
    duty = models.CharField("audit duty", max_length=20, choices=Duty.choices, blank=True, default=Duty.SECTION_11)
    description = models.TextField(blank=True)
    # Set on the frameworks the portal ships with, so they are made once even if renamed.
    default_key = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["purpose", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["default_key"], condition=~models.Q(default_key=""), name="one_framework_per_default_key"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return addresses.of("audits:framework-detail", self.pk)

    def clean(self) -> None:
        if self.purpose == self.Purpose.SELF_ASSESSMENT and not self.duty:
            raise ValidationError({"duty": "Select the audit duty the framework is for"})
        if self.purpose == self.Purpose.CASE_AUDIT:
            self.duty = self.Duty.NONE

    @property
    def organisation_duties(self) -> list[str]:
        return self.ORGANISATION_DUTIES.get(self.duty, [])


class FrameworkVersion(models.Model):
    """One version of a framework's standards and questions. A draft is edited; publishing
    freezes it; changing a published framework means starting a new draft version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Scale(models.TextChoices):
        RAG = scoring.RAG, "Red, amber, green"
        GRADES = scoring.GRADES, "Grades 1 to 4 (4 is fully met)"
        PERCENT = scoring.PERCENT, "Percentage met (0 to 100%)"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scale = models.CharField("rating scale", max_length=10, choices=Scale.choices, default=Scale.RAG)
    action_threshold = models.PositiveSmallIntegerField(
        "action threshold",
        default=scoring.DEFAULT_THRESHOLDS[scoring.RAG],
        help_text="Answers rated below this are proposed as actions in the organisation’s action plan",
    )
    notes = models.TextField("what changed in this version", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="one_framework_version_number"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(status="draft"),
                name="one_draft_per_framework",
                violation_error_message="This framework already has a draft version: change that one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework}, version {self.number}"

    def get_absolute_url(self) -> str:
        return addresses.of("audits:version-detail", self.pk)

    def clean(self) -> None:
        if self.scale and self.action_threshold is not None:
            low, high = scoring.rating_range(self.scale)
            if not low <= self.action_threshold <= high:
                raise ValidationError(
                    {"action_threshold": f"Enter an action threshold from {low} to {high} for this scale"}
                )

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def threshold_label(self) -> str:
        return scoring.rating_label(self.scale, self.action_threshold)


class Standard(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="standards")
    reference = models.CharField(max_length=10, help_text="Kept from version to version, like 3")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "reference"],
                name="one_standard_reference_per_version",
                violation_error_message="Another standard in this version has this reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}. {self.title}"


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = scoring.RATING, "A rating on the framework’s scale"
        YES_NO_PARTLY = scoring.YES_NO_PARTLY, "Yes, no or partly"
        NUMBER = scoring.NUMBER, "A number"
        PERCENTAGE = scoring.PERCENTAGE, "A percentage (0 to 100)"
        TEXT = scoring.TEXT, "Free text"

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="questions")
    reference = models.CharField(max_length=12, help_text="Kept from version to version, like 3.2")
    text = models.TextField("question")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RATING)
    guidance = models.TextField(blank=True, help_text="What a good answer shows, and the evidence to look for")
    is_required = models.BooleanField("an answer is required", default=True)
    evidence_required = models.BooleanField("evidence is required", default=False)
    allows_not_applicable = models.BooleanField("“not applicable” is allowed", default=False)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["standard__position", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}"

    @property
    def is_scored(self) -> bool:
        return self.kind in scoring.SCORED_KINDS

    def missing_message(self) -> str:
        """What to do about a missing answer, as the error summary says it."""
        action = {
            self.Kind.RATING: "select a rating",
            self.Kind.YES_NO_PARTLY: "select yes, partly or no",
            self.Kind.NUMBER: "enter a number",
            self.Kind.PERCENTAGE: "enter a percentage from 0 to 100",
            self.Kind.TEXT: "enter your answer",
        }[self.kind]
        return f"Question {self.reference}: {action}"
