import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core import addresses

from .. import scoring
from .answers import AnswerValue
from .frameworks import FrameworkVersion, Question


class AuditCycle(models.Model):
    """A self-assessment cycle: one framework version, a window, the organisations invited."""

    class Status(models.TextChoices):
        SETUP = "setup", "Being set up"
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"

    title = models.CharField(max_length=200)
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="cycles", verbose_name="framework version"
    )
    opens_on = models.DateField("opening date")
    closes_on = models.DateField("closing date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SETUP)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="previous cycle",
        help_text="The cycle this one is compared with",
    )
    recorded_after = models.BooleanField(
        "recorded after the fact",
        default=False,
        help_text="The cycle ran outside the portal and is being recorded now, so its window may be in the past",
    )
    actions_due_on = models.DateField(
        "actions due by",
        null=True,
        blank=True,
        help_text="The due date of the actions proposed from this cycle's weak answers",
    )
    launched_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        permissions = [("moderate_cycle", "Peer moderator for the cycle")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("audits:cycle-detail", self.pk)

    def clean(self) -> None:
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on <= self.opens_on:
            errors["closes_on"] = "The closing date must be after the opening date"
        if self.version_id and self.version.status != FrameworkVersion.Status.PUBLISHED:
            errors["version"] = "Select a published version of the framework"
        if self.previous_id and self.pk and self.previous_id == self.pk:
            errors["previous"] = "A cycle cannot be compared with itself"
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_in_setup(self) -> bool:
        return self.status == self.Status.SETUP


class CycleUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AuditCycle, on_delete=models.CASCADE)


class CycleGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AuditCycle, on_delete=models.CASCADE)


class AuditSubmission(models.Model):
    """One organisation's self-assessment in a cycle: its invitation, answers and outcome.
    A restricted record: every view of it is written to the access log."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Waiting for senior sign-off"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for clarification"
        ACCEPTED = "accepted", "Accepted"

    class Outcome(models.TextChoices):
        ASSURED = "assured", "Assured"
        PARTLY_ASSURED = "partly_assured", "Partly assured"
        NOT_ASSURED = "not_assured", "Not assured"

    EDITABLE = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED)
    HAS_SUBMITTED = (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED)
    STATUS_COLOURS = {
        Status.NOT_STARTED: "grey",
        Status.IN_PROGRESS: "blue",
        Status.AWAITING_SIGN_OFF: "turquoise",
        Status.SUBMITTED: "purple",
        Status.RETURNED: "orange",
        Status.ACCEPTED: "green",
    }

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="submissions")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="audit_submissions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    is_withdrawn = models.BooleanField("removed from the cycle", default=False)
    withdrawn_reason = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="senior officer signing off",
    )
    sign_off_requested_at = models.DateTimeField(null=True, blank=True)
    sign_off_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_name = models.CharField("signed off by", max_length=200, blank=True)
    sign_off_role = models.CharField("signing senior manager’s job title", max_length=200, blank=True)
    sign_off_date = models.DateField("date signed off", null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_comments = models.TextField("comments on return", blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField("challenge outcome", max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField("outcome and feedback", blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    feedback_letter = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"],
                name="one_submission_per_organisation_per_cycle",
                violation_error_message="This organisation is already invited to the cycle",
            )
        ]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.cycle}"

    def get_absolute_url(self) -> str:
        return addresses.of("audits:submission-detail", self.pk)

    @staticmethod
    def absolute_urls() -> Callable[[int], str]:
        """get_absolute_url for a list of returns, reversed once (core.addresses)."""
        return addresses.each("audits:submission-detail")

    @property
    def is_editable(self) -> bool:
        """Answers can change: the cycle is open and the return is not with the business unit."""
        return not self.is_withdrawn and self.status in self.EDITABLE and self.cycle.status == AuditCycle.Status.OPEN

    @property
    def has_submitted(self) -> bool:
        return self.status in self.HAS_SUBMITTED

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    def is_late(self, today: date) -> bool:
        closes = self.cycle.closes_on
        if self.first_submitted_at:
            return timezone.localdate(self.first_submitted_at) > closes
        return today > closes

    @property
    def is_awaiting_sign_off(self) -> bool:
        return self.status == self.Status.AWAITING_SIGN_OFF

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Answer(AnswerValue):
    """An organisation's answer to one question, with (once moderated) the rating the
    moderation agreed: the self-assessment is kept as it was given, and the agreed rating,
    with its reason, sits beside it."""

    submission = models.ForeignKey(AuditSubmission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    moderated_rating = models.PositiveSmallIntegerField("agreed rating", null=True, blank=True)
    moderated_response = models.CharField(
        "agreed answer", max_length=10, choices=AnswerValue.Response.choices, blank=True
    )
    moderation_reason = models.TextField("reason for the agreed rating", blank=True)
    expected_improvement = models.TextField("improvement the moderation expects", blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # The living return: an answer carried forward from the organisation's last accepted
    # return waits for the organisation to say it is still true (or to change it).
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="carried forward from"
    )
    confirmed_at = models.DateTimeField("confirmed still true", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__standard__position", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question.reference} ({self.submission_id})"

    @property
    def is_moderated(self) -> bool:
        return self.moderated_rating is not None or bool(self.moderated_response)

    @property
    def needs_confirming(self) -> bool:
        return self.carried_from_id is not None and self.confirmed_at is None

    def agreed_score(self, kind: str, scale: str) -> float | None:
        """The moderated score where the moderation set one, otherwise the self-assessed one."""
        if not self.is_moderated:
            return self.score(kind, scale)
        return scoring.answer_score(kind, scale, rating=self.moderated_rating, response=self.moderated_response)

    def agreed_label(self, kind: str, scale: str) -> str:
        if kind == scoring.RATING and self.moderated_rating is not None:
            return scoring.rating_label(scale, self.moderated_rating)
        if kind == scoring.YES_NO_PARTLY and self.moderated_response:
            return self.get_moderated_response_display()
        return ""

    def agreed_colour(self, kind: str, scale: str) -> str:
        if kind == scoring.RATING and self.moderated_rating is not None:
            return scoring.rating_colour(scale, self.moderated_rating)
        if kind == scoring.YES_NO_PARTLY and self.moderated_response:
            return {scoring.YES: "green", scoring.PARTLY: "yellow", scoring.NO: "red"}[self.moderated_response]
        return "grey"

    @property
    def moderation_differs(self) -> bool:
        kind, scale = self.question.kind, self.submission.cycle.version.scale
        return self.is_moderated and self.agreed_score(kind, scale) != self.score(kind, scale)


class Evidence(models.Model):
    """A file attached to an answer. The document belongs to the submission, so downloads are
    checked, and logged, as access to the submission."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    document = models.OneToOneField("core.Document", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return str(self.document)


class QuestionComment(models.Model):
    """A comment on one answer: a request for clarification sent back to the organisation,
    or a moderator's note for the business unit and the other moderators. Appended only."""

    class Purpose(models.TextChoices):
        CLARIFICATION = "clarification", "Clarification requested"
        MODERATION = "moderation", "Moderation note"

    submission = models.ForeignKey(AuditSubmission, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["submission", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} on {self.question_id}"


class ModerationRating(models.Model):
    """A moderator's confidence in a submission: one per moderator, changed as they learn more."""

    class Confidence(models.TextChoices):
        HIGH = "high", "High confidence"
        SOME = "some", "Some confidence"
        LOW = "low", "Low confidence"

    COLOURS = {Confidence.HIGH: "green", Confidence.SOME: "yellow", Confidence.LOW: "red"}

    submission = models.ForeignKey(AuditSubmission, on_delete=models.CASCADE, related_name="ratings")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    summary = models.TextField("reasons", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "moderator"], name="one_rating_per_moderator"),
        ]

    def __str__(self) -> str:
        return f"{self.get_confidence_display()} ({self.moderator_id})"

    @property
    def colour(self) -> str:
        return self.COLOURS.get(self.confidence, "grey")


class ChallengeEvent(models.Model):
    """A moderation and challenge event: organisations present their self-assessment to a
    panel of peers, who challenge it."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="events")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    presenting = models.ManyToManyField(
        AuditSubmission, blank=True, related_name="challenge_events", verbose_name="organisations presenting"
    )
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start_time", "pk"]

    def __str__(self) -> str:
        return f"Challenge event, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return addresses.of("audits:event-detail", self.pk)


def _report_path(instance: "CycleReportFile", filename: str) -> str:
    return f"audits/cycle-reports/{instance.cycle_id}/{filename}"


class CycleReportFile(models.Model):
    """A cycle's overview report (PDF) on one basis, built in the background and kept while it
    would still say the same: `content_hash` is the SHA-256 of the report's HTML, so an
    unchanged cycle is served the stored file and any change (an answer, a moderation, another
    day's late count) has it built again. One row per cycle and basis; the file is served only
    through the cycle's report view, to those who may read the cycle."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="report_files")
    basis = models.CharField(max_length=10)
    content_hash = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=_report_path, max_length=300, blank=True)
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "basis"], name="one_report_file_per_cycle_and_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} overview report ({self.basis})"

    def serves(self, content_hash: str) -> bool:
        """The stored PDF says what the report would say now."""
        return bool(self.pdf) and self.built_at is not None and self.content_hash == content_hash

    def build_is_stale(self, content_hash: str, now: datetime, after: timedelta) -> bool:
        """Ask for a build: none asked for this content, or the one asked for was lost."""
        return self.content_hash != content_hash or (self.built_at is None and now - self.requested_at > after)


class SignOffInvitation(models.Model):
    """The lead's invitation, by email, to a senior officer who has no account in the portal
    yet. Only the hash of the link's secret is kept. Accepting it makes the account (with no
    role: it reads and signs off this return and nothing else) and names that person as the
    return's senior officer; a new invitation for the same return replaces this one."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for them to accept"
        ACCEPTED = "accepted", "Accepted"
        REPLACED = "replaced", "Replaced by a newer invitation"
        WITHDRAWN = "withdrawn", "Withdrawn"

    VALID_DAYS = 14

    submission = models.ForeignKey(AuditSubmission, on_delete=models.CASCADE, related_name="signoff_invitations")
    name = models.CharField("senior officer’s full name", max_length=200)
    email = models.EmailField("senior officer’s work email address")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the lead was told that it expired unaccepted (once: audits.services.signoff).
    expiry_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-invited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=models.Q(status="pending"),
                name="one_pending_signoff_invitation_per_return",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.name} <{self.email}> to sign off {self.submission}"

    @staticmethod
    def hash_token(token: str) -> str:
        """What is stored of the link's secret: its SHA-256 (a copy of the database opens nothing)."""
        return hashlib.sha256(token.encode()).hexdigest()

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_open(self, now=None) -> bool:
        """The link still works: pending and not expired."""
        return self.status == self.Status.PENDING and not self.is_expired(now)

    def state_label(self, now=None) -> str:
        if self.status == self.Status.PENDING and self.is_expired(now):
            return "Expired"
        return self.get_status_display()

    def state_colour(self, now=None) -> str:
        if self.status == self.Status.PENDING:
            return "red" if self.is_expired(now) else "yellow"
        return "green" if self.status == self.Status.ACCEPTED else "grey"
