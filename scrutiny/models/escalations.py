from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses


class Escalation(models.Model):
    """A professional disagreement taken through the partnership's escalation policy, stage by
    stage, until it is resolved or withdrawn. Need-to-know: see permissions.escalations_visible_to."""

    class Stage(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        MANAGER = "manager", "Manager"
        SENIOR_MANAGER = "senior_manager", "Senior manager"
        PARTNERSHIP = "partnership", "Partnership"
        EXECUTIVE = "executive", "Executive"

    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(
        "subject",
        max_length=200,
        help_text="A short description, safe to show in lists: never a child’s name",
    )
    concern = models.TextField("what the disagreement is about")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations_raised")
    raising_organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="raised by the organisation",
        help_text="Leave empty if the partnership itself raised it",
    )
    other_organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="disagreement with the organisation",
    )
    challenge = models.OneToOneField(
        "scrutiny.Challenge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalation",
        help_text="The challenge it was escalated from, if any",
    )
    stage = models.CharField("current stage", max_length=20, choices=Stage.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "stage"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:escalation-detail", self.pk)

    def clean(self) -> None:
        if (
            self.raising_organisation_id
            and self.other_organisation_id
            and self.raising_organisation_id == self.other_organisation_id
        ):
            raise ValidationError({"other_organisation": "Select a different organisation from the one raising it"})

    @property
    def reference(self) -> str:
        return f"E-{self.pk}" if self.pk else "New escalation"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @classmethod
    def stage_index(cls, stage: str) -> int:
        return list(cls.Stage.values).index(stage)

    def later_stages(self) -> list[tuple[str, str]]:
        """The stages it can move on to (forward only, skipping allowed)."""
        index = self.stage_index(self.stage)
        return [(value, label) for value, label in self.Stage.choices[index + 1 :]]

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED


class EscalationStage(models.Model):
    """The record of one stage: when it began, who dealt with it, what was said and done."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=Escalation.Stage.choices)
    started_on = models.DateField()
    who = models.CharField(
        "who is involved",
        max_length=300,
        help_text="Roles and organisations, for example “Team manager, children’s social care; named nurse”",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalation_stages",
        verbose_name="lead for this stage",
        help_text="Someone on the portal: they are reminded of the stage’s deadline",
    )
    summary = models.TextField()
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="independent scrutineer mediating",
    )
    outcome = models.TextField(blank=True)
    resolved_on = models.DateField("date concluded", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["escalation", "started_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["escalation", "stage"], name="one_record_per_escalation_stage")]

    def __str__(self) -> str:
        return f"{self.escalation.reference}, {self.get_stage_display().lower()} stage"

    def get_absolute_url(self) -> str:
        return f"{self.escalation.get_absolute_url()}#stage-{self.pk}"

    def clean(self) -> None:
        if self.resolved_on and self.started_on and self.resolved_on < self.started_on:
            raise ValidationError({"resolved_on": "The date concluded must be on or after the date the stage began"})
