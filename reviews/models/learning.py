"""Learning: the controlled list of themes, 7-minute briefings and where they went."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses


class LearningTheme(models.Model):
    """A theme from the partnership's controlled list (information sharing, neglect...)."""

    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    is_active = models.BooleanField("in use", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="theme_name_unique_ci",
                violation_error_message="There is already a theme with this name",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Briefing(models.Model):
    """A 7-minute learning briefing: written in the portal, published as a public page and a
    PDF. What it says is public, so it carries no pseudonym and no case detail."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    # The seven headings, in the order practitioners expect them.
    SECTIONS = (
        ("background", "Background"),
        ("why_it_matters", "Why it matters"),
        ("what_happened", "What happened"),
        ("what_we_learned", "What we learned"),
        ("what_good_looks_like", "What good looks like"),
        ("questions_for_practice", "Questions for practice"),
        ("resources", "Resources"),
    )

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, null=True, blank=True, editable=False)
    practice_review = models.ForeignKey(
        "reviews.PracticeReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefings",
        verbose_name="from the practice review",
    )
    rapid_review = models.ForeignKey(
        "reviews.RapidReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefings",
        verbose_name="from the rapid review",
    )
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="briefings")
    background = models.TextField(blank=True)
    why_it_matters = models.TextField("why it matters", blank=True)
    what_happened = models.TextField("what happened", blank=True)
    what_we_learned = models.TextField("what we learned", blank=True)
    what_good_looks_like = models.TextField("what good looks like", blank=True)
    questions_for_practice = models.TextField("questions for practice", blank=True)
    resources = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("reviews:briefing-detail", self.pk)

    def get_public_url(self) -> str:
        return reverse("reviews:briefing-public", args=[self.slug])

    def clean(self) -> None:
        if self.practice_review_id and self.rapid_review_id:
            raise ValidationError({"rapid_review": "Choose the practice review or the rapid review, not both"})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in self.SECTIONS]

    def missing_sections(self) -> list[str]:
        return [label for name, label in self.SECTIONS if not getattr(self, name).strip()]


class Dissemination(models.Model):
    """Where a briefing went: a group it was sent to, or training it was used in."""

    class Kind(models.TextChoices):
        GROUP = "group", "Sent to a group"
        TRAINING = "training", "Used in training"
        OTHER = "other", "Shared another way"

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="disseminations")
    kind = models.CharField("how it was shared", max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        "subgroups.PartnershipGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    training = models.CharField("training course or event", max_length=200, blank=True)
    on = models.DateField("date")
    reach = models.PositiveIntegerField("people reached", null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%-d %B %Y}"

    def clean(self) -> None:
        if self.kind == self.Kind.GROUP and not self.group_id:
            raise ValidationError({"group": "Select the group it was sent to"})
        if self.kind == self.Kind.TRAINING and not self.training.strip():
            raise ValidationError({"training": "Enter the training course or event"})
