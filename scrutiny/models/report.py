"""The yearly report the safeguarding partners must publish at least once every 12 months.

The business unit writes its narrative sections in the portal; the rest is compiled from the
data (scrutiny.report). Submitting it for sign-off freezes the whole content, text and data,
into a numbered version with a content hash. Each safeguarding partner's named signatory (or
the delegate they recorded) signs that version, and the sign-off records the hash. Any change
withdraws the version: its sign-offs are void, and the next submission makes a new version.
Publishing keeps the exact PDF that was published, and must be followed within 7 days by
sending it to the Child Safeguarding Practice Review Panel and the Department for Education.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from ..periods import year_bounds, year_label


class YearlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being prepared"
        SIGN_OFF = "sign_off", "Awaiting sign-off"
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
    # Why each Working Together requirement the report does not cover is not covered: printed
    # in the report, {requirement key: text}.
    gap_explanations = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "ReportVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version awaiting sign-off, or the one published",
    )
    published_on = models.DateField("publication date", null=True, blank=True)
    early_publication_reason = models.TextField("why it was published before the end of the year", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="published PDF"
    )
    # When the published PDF was asked for: it is built in the background, then kept.
    pdf_requested_at = models.DateTimeField(null=True, blank=True)
    sent_on = models.DateField("sent to the Panel and the Department for Education", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Yearly report {year_label(self.year)}"

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:report-detail", self.pk)

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def period(self):
        return year_bounds(self.year)

    @property
    def is_draft(self) -> bool:
        """Not yet published (being prepared, or awaiting sign-off)."""
        return self.status != self.Status.PUBLISHED

    @property
    def is_being_prepared(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_awaiting_sign_off(self) -> bool:
        return self.status == self.Status.SIGN_OFF

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def published_pdf_is_stale(self, now, after) -> bool:
        """Published, no PDF yet, and none asked for within `after` (a lost build)."""
        return (
            self.is_published
            and self.document_id is None
            and (self.pdf_requested_at is None or now - self.pdf_requested_at > after)
        )

    @property
    def file_name(self) -> str:
        return f"yearly-report-{self.year}-{self.year + 1}.pdf"

    def text_sections(self) -> list[dict]:
        return [
            {"key": key, "heading": heading, "hint": hint, "text": getattr(self, key)}
            for key, heading, hint in self.TEXT_SECTIONS
        ]


class ReportVersion(models.Model):
    """The report's whole content, frozen when it was submitted for sign-off: each section's
    text as rendered and its data, the checklist and the explanations of any gaps. What the
    partners sign, and what is published, is exactly this."""

    class Status(models.TextChoices):
        SIGN_OFF = "sign_off", "Awaiting sign-off"
        VOID = "void", "Withdrawn"
        PUBLISHED = "published", "Published"

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField("SHA-256 of the content", max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SIGN_OFF)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    frozen_at = models.DateTimeField(default=timezone.now)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField("why it was withdrawn", blank=True)
    # The version's PDF, built in the background once it is frozen and served from then on.
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="PDF"
    )
    pdf_requested_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="one_report_version_number",
                violation_error_message="This version of the report already exists",
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of the {self.report}"

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    @property
    def is_void(self) -> bool:
        return self.status == self.Status.VOID

    def pdf_build_is_stale(self, now, after) -> bool:
        """No PDF yet, and none asked for within `after` (a lost task is asked for again)."""
        return self.document_id is None and (self.pdf_requested_at is None or now - self.pdf_requested_at > after)


class ReportSignatory(models.Model):
    """Who signs the yearly report for one safeguarding partner: its lead safeguarding partner
    (the chief executive, the chief constable), named by the business unit, and the delegate
    the signatory recorded, if any. Nobody in the business unit can be either."""

    organisation = models.OneToOneField(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="partner"
    )
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="lead safeguarding partner",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegated_at = models.DateTimeField(null=True, blank=True)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.signatory} signs for {self.organisation}"

    def may_sign(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.signatory_id, self.delegate_id)


class ReportSignOff(models.Model):
    """A partner's sign-off of one frozen version of the report, by its signatory or their
    delegate, with the content hash they signed."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sign_offs")
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.PROTECT,
        null=True,  # empty only for sign-offs recorded before versions were frozen
        blank=True,
        related_name="sign_offs",
    )
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="partner"
    )
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    as_delegate = models.BooleanField("signed as the signatory's delegate", default=False)
    signed_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField("version number")
    content_hash = models.CharField("SHA-256 of the content signed", max_length=64, blank=True)
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
        return f"{self.organisation} signed off {self.report} (version {self.revision})"

    @property
    def is_current(self) -> bool:
        return self.version_id is not None and self.version_id == self.report.current_version_id
