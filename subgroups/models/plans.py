from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .groups import PartnershipGroup


class ActionPlan(models.Model):
    """The shared action-plan mechanism: every module's plans are these.

    Its source is whatever it answers (a meeting, a review, an audit submission, an
    inspection), linked generically; its owning group monitors it and the group's chair
    approves it and signs it off on evidence of impact.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", "Action plan"
        ACTION_LOG = "action_log", "Meeting action log"
        WORKPLAN = "workplan", "Annual workplan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        RETURNED = "returned", "Returned with comments"
        IN_PROGRESS = "in_progress", "Approved, in progress"
        COMPLETED = "completed", "Completed"
        SIGNED_OFF = "signed_off", "Signed off on impact"

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PLAN)
    owning_group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="action_plans")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation whose plan this is, if it belongs to one",
    )
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For a workplan: the year it starts")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    impact_statement = models.TextField(
        blank=True, help_text="If this child's situation arose now, what would be different?"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_activity_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owning_group", "status"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("subgroups:plan-detail", self.pk)

    def clean(self) -> None:
        if self.kind == self.Kind.WORKPLAN and not self.year:
            raise ValidationError({"year": "Enter the year the workplan starts, like 2026"})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        COMPLETE = "complete", "Complete"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    owner_organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_owned"
    )
    due_date = models.DateField()
    priority = models.ForeignKey(
        "partnership.StrategicPriority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="strategic priority",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_at = models.DateTimeField(null=True, blank=True)
    impact_statement = models.TextField(blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_update_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    # Not stored: set by the selectors that list actions for display.
    status_label: str
    status_colour: str
    completing_update: "ActionUpdate | None"

    class Meta:
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["owner_organisation", "status"])]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return addresses.of("subgroups:action-detail", self.pk)

    def clean(self) -> None:
        if not self.owner_id and not self.owner_organisation_id:
            raise ValidationError({"owner": "Select who owns the action: a person, an organisation or both"})

    def is_overdue(self, today) -> bool:
        return self.status != self.Status.COMPLETE and self.due_date < today

    def display_status(self, today) -> tuple[str, str]:
        if self.signed_off_at:
            return "Signed off", "green"
        if self.status == self.Status.COMPLETE:
            return "Complete", "turquoise"
        if self.is_overdue(today):
            return "Overdue", "red"
        return self.get_status_display(), {"not_started": "grey", "on_track": "blue", "at_risk": "orange"}[self.status]

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE


class ActionUpdate(models.Model):
    """Progress on an action, with evidence: appended, never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    status_after = models.CharField(max_length=20, choices=Action.Status.choices)
    evidence = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action_id} by {self.author_id}"


class ForwardPlanItem(models.Model):
    """An item planned for a future meeting of a group (a spotlight, an annual report...)."""

    class Kind(models.TextChoices):
        SPOTLIGHT = "spotlight", "Spotlight"
        ANNUAL_REPORT = "annual_report", "Annual report"
        AUDIT_REPORT = "audit_report", "Audit report"
        ASSURANCE = "assurance", "Assurance report"
        OTHER = "other", "Other"

    group = models.ForeignKey(PartnershipGroup, on_delete=models.CASCADE, related_name="forward_plan")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    planned_meeting = models.ForeignKey(
        "subgroups.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_items"
    )
    planned_month = models.DateField(null=True, blank=True, help_text="If no meeting is set yet")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "planned_month", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_on_an_agenda(self) -> bool:
        """On a saved agenda item. (An agenda item being built from this one already points
        back at it before it is saved: that does not count.)"""
        try:
            item = self.agenda_item
        except ObjectDoesNotExist:
            return False
        return item is not None and item.pk is not None


class Risk(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(max_length=300)
    cause = models.TextField()
    effect = models.TextField()
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risks_owned")
    controls = models.TextField("controls in place", blank=True)
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    review_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    escalated = models.BooleanField("on the Executive’s register", default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-score", "title"]
        indexes = [models.Index(fields=["group", "status"]), models.Index(fields=["escalated", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("subgroups:risk-detail", self.pk)

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    def clean(self) -> None:
        errors = {}
        for name in ("likelihood", "impact", "target_likelihood", "target_impact"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 5:
                errors[name] = "Enter a number from 1 to 5"
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED
