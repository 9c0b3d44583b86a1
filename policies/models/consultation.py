"""Consultation: a draft sent to chosen agencies for their comments by a date, and the answers
given to each comment."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .register import Policy, PolicyVersion


class Consultation(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="consultations")
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="consultations")
    # The file as it was sent: the draft may change afterwards, the comments were on this.
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    external_url = models.URLField(blank=True, max_length=500)
    question = models.TextField("what you are asking the agencies", blank=True)
    closes_on = models.DateField("comments due by")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["closed_at", "closes_on"], name="consultation_open_due")]

    def __str__(self) -> str:
        return f"Consultation on {self.version}"

    def get_absolute_url(self) -> str:
        return addresses.of("policies:consultation-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ConsultationInvite(models.Model):
    """An organisation asked for comments; it has answered once it has commented or said it
    has none."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invites")
    organisation = models.ForeignKey(settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    no_comments = models.BooleanField("no comments to make", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_invite_per_organisation")
        ]
        indexes = [models.Index(fields=["organisation", "responded_at"], name="invite_org_responded")]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.consultation}"


class ConsultationComment(models.Model):
    class Outcome(models.TextChoices):
        CHANGED = "changed", "The draft was changed"
        PARTLY = "partly", "The draft was partly changed"
        NOT_CHANGED = "not_changed", "No change: explained in the answer"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey(settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    section = models.CharField("which part of the draft", max_length=200, blank=True)
    text = models.TextField("comment")
    created_at = models.DateTimeField(default=timezone.now)
    response = models.TextField("answer", blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "responded_at"], name="comment_answered")]

    def __str__(self) -> str:
        return f"Comment from {self.organisation}"

    def get_absolute_url(self) -> str:
        return f"{self.consultation.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None
