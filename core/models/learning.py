from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class LearningToChange(models.Model):
    """Learning (a learning theme, a review's finding) marked as needing something the
    partnership owns to change: "training to change" is the first such mark.

    The learning belongs to the app that records it (reviews) and what takes it up belongs to
    another (a training course), and neither may import the other: the mark sits here, points
    at its learning through a generic relation, and the app that takes it up links to the mark
    (core.learning explains the registries that join the two ends on a page)."""

    class Change(models.TextChoices):
        TRAINING = "training", "Training to change"

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    change = models.CharField(max_length=20, choices=Change.choices, default=Change.TRAINING)
    note = models.TextField(
        "what needs to change",
        blank=True,
        help_text="Read by the people who design the change: no child’s name or case detail",
    )
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-marked_at", "-pk"]
        verbose_name = "learning marked for change"
        verbose_name_plural = "learning marked for change"
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "change"],
                name="one_mark_per_learning_and_change",
                violation_error_message="This learning is already marked",
            )
        ]
        indexes = [models.Index(fields=["change", "subject_type"], name="learning_change_type")]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: {self.subject_type.model} {self.subject_id}"
