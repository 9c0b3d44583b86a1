"""The multi-agency scorecard: indicators, each owned by an organisation, with a value per
quarter. Compliance figures the portal already knows (core.assurance) are computed, not
typed: such an indicator names its figure and has no stored values."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .. import rag
from ..periods import Quarter

LIMITS = {"percent": Decimal("100")}


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        NUMBER = "number", "Number"
        RATE = "rate_10k", "Rate per 10,000 children"
        DAYS = "days", "Days"

    class Polarity(models.TextChoices):
        HIGHER = rag.HIGHER, "Higher is better"
        LOWER = rag.LOWER, "Lower is better"

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every 6 months (quarters 2 and 4)"
        ANNUAL = "annual", "Once a year (quarter 4)"

    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, and how, so every quarter counts the same thing")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="owning organisation",
        help_text="Its lead enters the values each quarter",
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amber_threshold = models.DecimalField("amber threshold", max_digits=12, decimal_places=2, null=True, blank=True)
    red_threshold = models.DecimalField("red threshold", max_digits=12, decimal_places=2, null=True, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    priority = models.ForeignKey(
        "partnership.StrategicPriority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="strategic priority",
    )
    computed_key = models.CharField(
        "computed by the portal",
        max_length=60,
        blank=True,
        help_text="A figure the portal already knows; its values are worked out, not typed",
    )
    position = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(999)])
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="indicator_name_unique_ci",
                violation_error_message="There is already an indicator with this name",
            ),
            # One indicator per computed figure keeps the scorecard's computations bounded.
            models.UniqueConstraint(
                fields=["computed_key"],
                condition=~models.Q(computed_key=""),
                name="one_indicator_per_figure",
                violation_error_message="Another indicator already shows this computed figure",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return addresses.of("scrutiny:indicator-detail", self.pk)

    def clean(self) -> None:
        errors = rag.threshold_errors(
            polarity=self.polarity, target=self.target, amber=self.amber_threshold, red=self.red_threshold
        )
        if self.computed_key:
            from core import assurance

            if assurance.figure(self.computed_key) is None:
                errors["computed_key"] = "Select a computed figure from the list"
        for name in ("target", "amber_threshold", "red_threshold"):
            value = getattr(self, name)
            if value is not None and name not in errors:
                message = value_error(self.unit, value)
                if message:
                    errors[name] = message
        if errors:
            raise ValidationError(errors)

    @property
    def is_computed(self) -> bool:
        return bool(self.computed_key)

    def is_due_in(self, quarter: Quarter) -> bool:
        if self.frequency == self.Frequency.SIX_MONTHLY:
            return quarter.quarter in (2, 4)
        if self.frequency == self.Frequency.ANNUAL:
            return quarter.quarter == 4
        return True

    def rating(self, value: Decimal | None) -> str | None:
        return rag.rating(
            value, polarity=self.polarity, target=self.target, amber=self.amber_threshold, red=self.red_threshold
        )

    def show(self, value: Decimal | None) -> str:
        """A value as people read it: "72.5%", "41.3 per 10,000", "12 days"."""
        if value is None:
            return "No value"
        number = f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,.1f}"
        if self.unit == self.Unit.PERCENT:
            return f"{number}%"
        if self.unit == self.Unit.RATE:
            return f"{number} per 10,000"
        if self.unit == self.Unit.DAYS:
            return f"{number} day{'s' if value != 1 else ''}"
        return number

    @property
    def thresholds_text(self) -> str:
        if self.amber_threshold is None or self.red_threshold is None:
            return "No thresholds: green when the target is met" if self.target is not None else "Not rated"
        worse = "below" if self.polarity == self.Polarity.HIGHER else "above"
        return f"Amber {worse} {self.show(self.amber_threshold)}, red {worse} {self.show(self.red_threshold)}"


def value_error(unit: str, value: Decimal) -> str:
    """Why a value cannot be one of this unit's, in GOV.UK words, or ""."""
    if value < 0:
        return "Enter a number that is 0 or more"
    limit = LIMITS.get(unit)
    if limit is not None and value > limit:
        return "Enter a percentage from 0 to 100"
    return ""


class IndicatorValue(models.Model):
    """An indicator's value for one quarter of the reporting year, with a comment."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The reporting year it falls in: 2025 means April 2025 to March 2026",
    )
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    value = models.DecimalField(max_digits=12, decimal_places=2)
    comment = models.TextField(blank=True, help_text="What explains the figure, and what is being done about it")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                name="one_value_per_indicator_quarter",
                violation_error_message="This indicator already has a value for the quarter",
            ),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"),
        ]
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period.label}"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    def clean(self) -> None:
        if self.indicator_id and self.indicator.is_computed:
            raise ValidationError("This indicator is computed by the portal: its values cannot be typed")
        if self.value is not None:
            message = value_error(self.indicator.unit if self.indicator_id else "", self.value)
            if message:
                raise ValidationError({"value": message})
