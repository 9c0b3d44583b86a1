"""The register: each policy, procedure, protocol or guidance document, its versions, the
owning group's approvals and the agencies' confirmations that they have adopted it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses


class Policy(models.Model):
    class Kind(models.TextChoices):
        PROCEDURE = "procedure", "Multi-agency procedure"
        POLICY = "policy", "Policy"
        PROTOCOL = "protocol", "Protocol"
        GUIDANCE = "guidance", "Guidance"
        AGREEMENT = "agreement", "Agreement"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_CONSULTATION = "in_consultation", "In consultation"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        UNDER_REVIEW = "under_review", "Under review"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Tag colours for the register, by status.
    COLOURS = {
        Status.DRAFT: "grey",
        Status.IN_CONSULTATION: "purple",
        Status.APPROVED: "blue",
        Status.PUBLISHED: "green",
        Status.UNDER_REVIEW: "yellow",
        Status.WITHDRAWN: "red",
    }

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, editable=False)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    summary = models.TextField(
        help_text="What it is for and who should follow it, in a few plain sentences. Shown on the public page "
        "once it is published."
    )
    owner_group = models.ForeignKey(
        "subgroups.PartnershipGroup",
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name="owning group",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policies_led", verbose_name="named lead"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_version = models.OneToOneField(
        "policies.PolicyVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version in force",
    )
    review_date = models.DateField("next review due", null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField("why it was withdrawn", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name_plural = "policies"
        indexes = [
            models.Index(fields=["status", "title"], name="policy_status_title"),
            models.Index(fields=["review_date"], name="policy_review_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("policies:policy-detail", self.pk)

    @property
    def colour(self) -> str:
        return self.COLOURS.get(self.status, "grey")

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_in_force(self) -> bool:
        """A version is published and the document has not been withdrawn."""
        return self.published_version_id is not None and not self.is_withdrawn

    @property
    def is_drafting(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.UNDER_REVIEW)


class PolicyVersion(models.Model):
    """One version of the document: uploaded, or a link to an external procedures manual (a
    regional manual, say), with what changed. A version is a draft until it is published; once
    published it never changes. A policy has at most one draft version at a time."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    change_summary = models.TextField("what changed in this version")
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    external_url = models.URLField("link to the document in an external procedures manual", blank=True, max_length=500)
    agenda_item = models.ForeignKey(
        "subgroups.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="on the agenda for approval",
    )
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_policy_version_number"),
            models.UniqueConstraint(
                fields=["policy"], condition=models.Q(published_on__isnull=True), name="one_draft_version_per_policy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy}, version {self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.policy.get_absolute_url()}#version-{self.number}"

    def clean(self) -> None:
        if not self.document_id and not self.external_url:
            raise ValidationError("Upload the document or give the link to it in the external manual")

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def is_external(self) -> bool:
        return not self.document_id and bool(self.external_url)


class Approval(models.Model):
    """The owning group's decision approving a version, taken from the meeting's minutes."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="approvals")
    group = models.ForeignKey("subgroups.PartnershipGroup", on_delete=models.PROTECT, related_name="+")
    # The minutes may be deleted under the retention rules long after; what was decided stays.
    decision = models.ForeignKey(
        "subgroups.MinuteEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_text = models.TextField("decision as minuted")
    approved_on = models.DateField("date of the meeting")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-approved_on", "-pk"]

    def __str__(self) -> str:
        return f"Approved by {self.group} on {self.approved_on:%-d %B %Y}"


class Adoption(models.Model):
    """An organisation's confirmation, by its lead, that it has adopted a published version."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_on = models.DateField()
    note = models.CharField("anything to add", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="one_adoption_per_version_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} adopted {self.version}"
