"""The training needs analysis: each agency's count, once a year, of the staff who need each
level of safeguarding training."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..years import year_label
from .courses import Level


class WorkforceNeed(models.Model):
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="training_needs", verbose_name="agency"
    )
    year = models.PositiveSmallIntegerField(
        help_text="The year the training year starts in: 2025 is April 2025 to March 2026"
    )
    level = models.CharField(max_length=1, choices=Level.choices)
    staff = models.PositiveIntegerField("staff needing this level", validators=[MaxValueValidator(1_000_000)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "organisation__name", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "level"],
                name="one_need_per_agency_year_and_level",
                violation_error_message="This agency already has a figure for this level and year",
            )
        ]
        indexes = [models.Index(fields=["year", "organisation"])]

    def __str__(self) -> str:
        return f"{self.organisation}, {year_label(self.year)}, {self.get_level_display()}: {self.staff}"
