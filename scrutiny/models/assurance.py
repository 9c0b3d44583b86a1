from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .challenges import ASSURANCE_COLOURS, AssuranceLevel


class AssuranceRequest(models.Model):
    """The partnership asks an agency for an assurance report on a topic, by a due date; the
    report arrives (uploaded) and the partnership assesses how assured it is."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting the report"
        RECEIVED = "received", "Report received"
        ASSESSED = "assessed", "Assessed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="assurance_requests"
    )
    topic = models.CharField(max_length=200)
    detail = models.TextField("what the partnership asks to be assured about")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(default=timezone.localdate)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    report = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    report_summary = models.TextField("summary of the report", blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assurance_level = models.CharField(max_length=20, choices=AssuranceLevel.choices, blank=True)
    assessment = models.TextField("the partnership’s assessment", blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.topic} ({self.organisation})" if self.organisation_id else self.topic

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:request-detail", self.pk)

    def display_status(self, today) -> tuple[str, str]:
        if self.status == self.Status.ASSESSED:
            return f"Assessed: {self.get_assurance_level_display().lower()}", ASSURANCE_COLOURS.get(
                self.assurance_level, "grey"
            )
        if self.status == self.Status.REQUESTED and self.due_date < today:
            return "Report overdue", "red"
        return self.get_status_display(), {"requested": "grey", "received": "blue", "withdrawn": "grey"}[self.status]

    @property
    def is_assessed(self) -> bool:
        return self.status == self.Status.ASSESSED


class Inspection(models.Model):
    """An inspectorate's report about services in the area, with what it found and the action
    plan the relevant sub-group monitors."""

    class Kind(models.TextChoices):
        OFSTED_ILACS = "ofsted_ilacs", "Ofsted inspection of local authority children’s services (ILACS)"
        CQC = "cqc", "Care Quality Commission (CQC)"
        HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
        JTAI = "jtai", "Joint targeted area inspection (JTAI)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    report_date = models.DateField("date of the report")
    organisations = models.ManyToManyField(
        settings.PORTAL_ORGANISATION_MODEL, related_name="inspections", verbose_name="organisations inspected"
    )
    judgement = models.CharField(
        "overall judgement",
        max_length=200,
        blank=True,
        help_text="For example “Good”, or leave empty for a JTAI letter",
    )
    summary = models.TextField()
    report = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    monitoring_group = models.ForeignKey(
        "subgroups.PartnershipGroup",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="group monitoring the action plan",
    )
    action_plan = models.OneToOneField(
        "subgroups.ActionPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-report_date", "-pk"]
        indexes = [models.Index(fields=["report_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:inspection-detail", self.pk)

    @property
    def short_kind(self) -> str:
        return {"ofsted_ilacs": "Ofsted ILACS", "cqc": "CQC", "hmicfrs": "HMICFRS", "jtai": "JTAI"}[self.kind]


class InspectionFinding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        IMPROVEMENT = "improvement", "Area for improvement"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "kind", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.inspection.get_absolute_url()}#finding-{self.pk}"
