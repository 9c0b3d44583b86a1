"""Cases: serious incident notifications and referrals, and their rapid reviews.

Everything here is need-to-know (see reviews.permissions). `__str__` of every model is a
safe reference ("Case 2025-004"), never the child's pseudonym: it shows in action plans,
deadlines and the access log, which people outside the review may read.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core import addresses


class SeriousIncident(models.Model):
    """A child's case brought to the partnership: a serious incident the local authority
    notifies to the Child Safeguarding Practice Review Panel, or a referral from an agency for
    the practice review sub-group to consider."""

    class Route(models.TextChoices):
        NOTIFICATION = "notification", "Serious incident notification"
        REFERRAL = "referral", "Referral for consideration"

    class Status(models.TextChoices):
        REFERRED = "referred", "Referral: decision needed"
        NOTIFICATION_DUE = "notification_due", "Notification to the Panel due"
        RAPID_REVIEW = "rapid_review", "Rapid review under way"
        REVIEWED = "reviewed", "Rapid review complete"
        PASSED_ON = "passed_on", "Passed to a practice review"
        CLOSED = "closed", "Closed without review"

    OPEN_STATUSES = (Status.REFERRED, Status.NOTIFICATION_DUE, Status.RAPID_REVIEW)

    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_10 = "5_10", "5 to 10"
        AGE_11_15 = "11_15", "11 to 15"
        AGE_16_17 = "16_17", "16 or 17"

    class Category(models.TextChoices):
        DEATH = "death", "Death"
        SERIOUS_HARM = "serious_harm", "Serious harm"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    route = models.CharField(max_length=20, choices=Route.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    child_pseudonym = models.CharField(
        "child’s pseudonym", max_length=60, help_text="Never the child’s real name: for example, “Child H”"
    )
    age_band = models.CharField("age", max_length=10, choices=AgeBand.choices)
    category = models.CharField("incident", max_length=20, choices=Category.choices)
    incident_on = models.DateField("date of the incident")
    aware_on = models.DateField("date the local authority became aware")
    agencies = models.ManyToManyField(
        settings.PORTAL_ORGANISATION_MODEL, blank=True, related_name="+", verbose_name="agencies involved"
    )
    summary = models.TextField()
    referred_by_organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="referred by",
    )
    referral_reason = models.TextField("reason for the referral", blank=True)
    notified_on = models.DateField("date the Panel was notified", null=True, blank=True)
    panel_reference = models.CharField("Panel’s reference", max_length=50, blank=True)
    partners_told_on = models.DateField("date the safeguarding partners were told", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.TextField("reason for closing", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["-aware_on", "-pk"]
        indexes = [models.Index(fields=["status", "aware_on"])]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    def get_absolute_url(self) -> str:
        return addresses.of("reviews:incident-detail", self.pk)

    def clean(self) -> None:
        errors = {}
        if self.incident_on and self.aware_on and self.incident_on > self.aware_on:
            errors["incident_on"] = (
                "The date of the incident must be on or before the date the local authority became aware"
            )
        if self.notified_on and self.aware_on and self.notified_on < self.aware_on:
            errors["notified_on"] = "The date the Panel was notified cannot be before the local authority became aware"
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_referred(self) -> bool:
        return self.status == self.Status.REFERRED

    @property
    def is_notification_due(self) -> bool:
        return self.status == self.Status.NOTIFICATION_DUE

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class RapidReview(models.Model):
    """The partners' rapid review of a case: the panel, the agencies' returns, the facts and
    learning, and the decision sent to the Panel."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SENT = "sent", "Sent to the Panel"
        COMPLETE = "complete", "Panel responded"

    class Decision(models.TextChoices):
        LCSPR = "lcspr", "Local child safeguarding practice review"
        NO_FURTHER_REVIEW = "no_further_review", "No further review"
        NATIONAL = "national", "Refer for a national review"
        OTHER_LEARNING = "other_learning", "Other learning activity"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "The Panel agrees with the decision"
        DISAGREES = "disagrees", "The Panel does not agree with the decision"
        NATIONAL = "national", "The Panel will carry out a national review"
        MORE_INFORMATION = "more_information", "The Panel asked for more information"

    incident = models.OneToOneField(SeriousIncident, on_delete=models.PROTECT, related_name="rapid_review")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField("started")
    facts = models.TextField(blank=True)
    practice_episodes = models.TextField("agency involvement and key practice episodes", blank=True)
    learning = models.TextField("learning, including good practice", blank=True)
    context = models.TextField(
        "context", blank=True, help_text="How race, culture, inequality and disability shaped the child’s experience"
    )
    themes = models.ManyToManyField("reviews.LearningTheme", blank=True, related_name="rapid_reviews")
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField("reasons for the decision", blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    sent_on = models.DateField("date sent to the Panel", null=True, blank=True)
    panel_response = models.CharField("Panel’s response", max_length=30, choices=PanelResponse.choices, blank=True)
    panel_response_on = models.DateField("date of the Panel’s response", null=True, blank=True)
    panel_response_notes = models.TextField("what the Panel said", blank=True)
    safety_plan = models.OneToOneField(
        "subgroups.ActionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="immediate safety actions",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    # Not stored: the reader's place on the panel, set by the "My work" selector.
    my_role: str

    class Meta:
        ordering = ["-started_on", "-pk"]
        permissions = [
            ("chair_rapid_review", "Chair of the rapid review panel"),
            ("sit_on_rapid_review", "Member of the rapid review panel"),
        ]

    def __str__(self) -> str:
        return f"Rapid review, case {self.incident.reference}"

    def get_absolute_url(self) -> str:
        return addresses.of("reviews:rapid-review-detail", self.pk)

    def clean(self) -> None:
        if self.decision and not self.decision_reasons.strip():
            raise ValidationError({"decision_reasons": "Enter the reasons for the decision"})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def stage(self) -> str:
        if self.status == self.Status.COMPLETE:
            return "Panel responded"
        if self.status == self.Status.SENT:
            return "Sent to the Panel, awaiting its response"
        if self.decision:
            return "Decided, to send to the Panel"
        return "Gathering information"

    @property
    def stage_in_sentence(self) -> str:
        """The stage as it reads after a colon ("Rapid review: gathering information")."""
        return self.stage[0].lower() + self.stage[1:]


class RapidReviewUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(RapidReview, on_delete=models.CASCADE)


class RapidReviewGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(RapidReview, on_delete=models.CASCADE)


class PanelMeeting(models.Model):
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    purpose = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"Panel meeting on {self.date:%-d %B %Y}"


class AgencyReturn(models.Model):
    """One agency's chronology and analysis for a rapid review, answered by its lead."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SUBMITTED = "submitted", "Submitted"

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chronology = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="attachment"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    # Not stored: set for display by the selectors and services that list returns.
    due_date: date | None
    is_overdue: bool
    has_lead: bool

    class Meta:
        ordering = ["rapid_review", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "organisation"], name="one_return_per_agency_per_review")
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Return for the rapid review of case {self.rapid_review.incident.reference}"

    def get_absolute_url(self) -> str:
        return addresses.of("reviews:return-detail", self.pk)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED
