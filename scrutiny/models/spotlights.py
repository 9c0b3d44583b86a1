from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .challenges import ASSURANCE_COLOURS, AssuranceLevel


class Spotlight(models.Model):
    """A spotlight report: the effectiveness group sets a theme and challenge questions, the
    authors answer each question in the portal before the meeting, and the group records how
    assured it is (and any challenges it raises, which go to the challenge log)."""

    class Status(models.TextChoices):
        OPEN = "open", "With the authors"
        CONSIDERED = "considered", "Considered by the group"

    theme = models.CharField(max_length=200)
    purpose = models.TextField("why the group asked", blank=True)
    group = models.ForeignKey("subgroups.PartnershipGroup", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "subgroups.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="meeting that considers it",
    )
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="spotlights_authored")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    assurance_level = models.CharField(max_length=20, choices=AssuranceLevel.choices, blank=True)
    group_comment = models.TextField("the group’s conclusion", blank=True)
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    considered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.theme

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:spotlight-detail", self.pk)

    @property
    def assurance_colour(self) -> str:
        return ASSURANCE_COLOURS.get(self.assurance_level, "grey")

    @property
    def is_considered(self) -> bool:
        return self.status == self.Status.CONSIDERED


class SpotlightQuestion(models.Model):
    spotlight = models.ForeignKey(Spotlight, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("question")
    history = HistoricalRecords()

    class Meta:
        ordering = ["spotlight", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class SpotlightAnswer(models.Model):
    """One author's answer to one question: drafted, then submitted with the rest."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    question = models.ForeignKey(SpotlightQuestion, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "author__name"]
        constraints = [models.UniqueConstraint(fields=["question", "author"], name="one_answer_per_author")]

    def __str__(self) -> str:
        return f"Answer by {self.author_id} to question {self.question_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
