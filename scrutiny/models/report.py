"""The yearly report the safeguarding partners must publish at least once every 12 months.

Its free-text sections are written in the portal; the rest is compiled from the data when it
is read (scrutiny.report). Each lead safeguarding partner signs off a revision of the report;
any edit makes a new revision, so earlier sign-offs no longer count. It is published when all
three partners have signed off the current revision, and must then be sent to the Child
Safeguarding Practice Review Panel and the Department for Education within 7 days.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..periods import year_bounds, year_label


class YearlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    # The free-text sections: (field, heading, what to write). The compiled sections come
    # from the data (scrutiny.report).
    TEXT_SECTIONS = (
        (
            "foreword",
            "Foreword",
            "From the lead safeguarding partners: the year in brief, and what they are proudest of and most "
            "concerned about",
        ),
        (
            "arrangements",
            "How our arrangements work",
            "The partners, the relevant agencies, the groups, how decisions are made and how the arrangements are "
            "funded",
        ),
        (
            "training",
            "Training and its impact",
            "The multi-agency training offer, who attended, and what changed in practice as a result",
        ),
        (
            "voice",
            "The voice of children and families",
            "How the partners sought children’s and families’ views, and what changed because of them",
        ),
        (
            "not_progressed",
            "What did not progress",
            "Priorities with little or no evidence of progress, why, and what the partners will do about it",
        ),
        ("next_year", "Priorities for the coming year", "What the partners will focus on next, and why"),
    )
    TEXT_FIELDS = tuple(key for key, _, _ in TEXT_SECTIONS)

    year = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The reporting year it covers: 2025 means April 2025 to March 2026",
        error_messages={"unique": "There is already a yearly report for this year"},
    )
    foreword = models.TextField(blank=True)
    arrangements = models.TextField("how our arrangements work", blank=True)
    training = models.TextField("training and its impact", blank=True)
    voice = models.TextField("the voice of children and families", blank=True)
    not_progressed = models.TextField("what did not progress", blank=True)
    next_year = models.TextField("priorities for the coming year", blank=True)
    revision = models.PositiveIntegerField(
        default=1, help_text="Goes up with every edit; sign-offs are of one revision"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("publication date", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="published PDF"
    )
    sent_on = models.DateField("sent to the Panel and the Department for Education", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Yearly report {year_label(self.year)}"

    def get_absolute_url(self) -> str:
        return reverse("scrutiny:report-detail", args=[self.pk])

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def period(self):
        return year_bounds(self.year)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def text_sections(self) -> list[dict]:
        return [
            {"key": key, "heading": heading, "hint": hint, "text": getattr(self, key)}
            for key, heading, hint in self.TEXT_SECTIONS
        ]


class ReportSignOff(models.Model):
    """A lead safeguarding partner's sign-off of one revision of the report."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sign_offs")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="partner"
    )
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation", "revision"],
                name="one_sign_off_per_partner_revision",
                violation_error_message="This partner has already signed off this version of the report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} signed off {self.report} (revision {self.revision})"

    @property
    def is_current(self) -> bool:
        return self.revision == self.report.revision
