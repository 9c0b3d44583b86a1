from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from .. import scoring

VALUE_FIELDS = ("rating", "response", "number", "text", "not_applicable")


class AnswerValue(models.Model):
    """The value fields every answer has, whatever it answers (a self-assessment question or a
    case audit question): which of them is used depends on the question's kind."""

    class Response(models.TextChoices):
        YES = scoring.YES, "Yes"
        PARTLY = scoring.PARTLY, "Partly"
        NO = scoring.NO, "No"

    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField("answer or explanation", blank=True)
    not_applicable = models.BooleanField("not applicable", default=False)
    # Incremented on every change of value: a save based on an older version is a conflict.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def values(self) -> dict:
        return {name: getattr(self, name) for name in VALUE_FIELDS}

    @property
    def digest(self) -> str:
        return scoring.values_digest(**self.values())

    def has_value(self, kind: str) -> bool:
        """Answered, for the question's kind (an explanation alone does not answer a rating)."""
        if self.not_applicable:
            return True
        if kind == scoring.RATING:
            return self.rating is not None
        if kind == scoring.YES_NO_PARTLY:
            return bool(self.response)
        if kind in scoring.NUMERIC_KINDS:
            return self.number is not None
        return bool(self.text.strip())

    def score(self, kind: str, scale: str) -> float | None:
        return scoring.answer_score(
            kind, scale, rating=self.rating, response=self.response, not_applicable=self.not_applicable
        )

    def value_label(self, kind: str, scale: str) -> str:
        if self.not_applicable:
            return "Not applicable"
        if kind == scoring.RATING:
            return scoring.rating_label(scale, self.rating)
        if kind == scoring.YES_NO_PARTLY:
            return self.get_response_display() if self.response else ""
        if kind == scoring.NUMBER:
            return _number(self.number)
        if kind == scoring.PERCENTAGE:
            return f"{_number(self.number)}%" if self.number is not None else ""
        return self.text

    def value_colour(self, kind: str, scale: str) -> str:
        if kind == scoring.RATING and not self.not_applicable:
            return scoring.rating_colour(scale, self.rating)
        if kind == scoring.YES_NO_PARTLY and not self.not_applicable:
            return {scoring.YES: "green", scoring.PARTLY: "yellow", scoring.NO: "red"}.get(self.response, "grey")
        return "grey"


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
