from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .answers import AnswerValue
from .frameworks import FrameworkVersion, Question


class CaseAudit(models.Model):
    """A multi-agency thematic case audit (for example, neglect): a sample of cases, each
    participating agency answering the audit tool for each case, then graded findings, the
    learning and the actions."""

    class Status(models.TextChoices):
        AUDITING = "auditing", "Agencies auditing"
        COMPLETE = "complete", "Findings agreed"

    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=100, help_text="For example, neglect or exploitation")
    tool = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="case_audits", verbose_name="audit tool"
    )
    scope = models.TextField("scope and sample", help_text="Which cases were chosen, and why")
    returns_due = models.DateField("agencies’ returns due")
    participants = models.ManyToManyField(
        settings.PORTAL_ORGANISATION_MODEL, related_name="case_audits", verbose_name="participating agencies"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AUDITING)
    summary = models.TextField("summary of findings", blank=True)
    learning = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("audits:case-audit-detail", self.pk)

    def clean(self) -> None:
        if self.tool_id and self.tool.status != FrameworkVersion.Status.PUBLISHED:
            raise ValidationError({"tool": "Select a published version of the audit tool"})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.AUDITING


class AuditCase(models.Model):
    """One case in the sample, known only by a pseudonym. A restricted record."""

    class Grade(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    GRADE_COLOURS = {
        Grade.OUTSTANDING: "green",
        Grade.GOOD: "turquoise",
        Grade.REQUIRES_IMPROVEMENT: "yellow",
        Grade.INADEQUATE: "red",
    }

    case_audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="cases")
    pseudonym = models.CharField(max_length=60, help_text="Never the child’s name: for example, Child A")
    context = models.TextField(
        "context", blank=True, help_text="Age band, household, why the case was chosen. Nothing that identifies"
    )
    grade = models.CharField("graded finding", max_length=30, choices=Grade.choices, blank=True)
    findings = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_audit", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_audit", "pseudonym"],
                name="one_pseudonym_per_case_audit",
                violation_error_message="Another case in this audit has this pseudonym",
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym

    def get_absolute_url(self) -> str:
        return addresses.of("audits:case-detail", self.pk)

    @property
    def grade_colour(self) -> str:
        return self.GRADE_COLOURS.get(self.grade, "grey")


class CaseReturn(models.Model):
    """One participating agency's answers to the audit tool for one case."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="one_return_per_case_agency")]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.case}"

    def get_absolute_url(self) -> str:
        return reverse("audits:case-return", args=[self.case_id, self.organisation_id])


class CaseAnswer(AnswerValue):
    case_return = models.ForeignKey(CaseReturn, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__standard__position", "question__position"]
        constraints = [models.UniqueConstraint(fields=["case_return", "question"], name="one_case_answer_per_question")]

    def __str__(self) -> str:
        return f"Case answer to {self.question.reference} ({self.case_return_id})"
