"""Forms for the scorecard: an indicator, and a quarter's values (a row per indicator)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms

from core import assurance
from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, StrategicPriority

from ..models import Indicator, IndicatorValue
from ..models.scorecard import value_error
from ..periods import Quarter

LARGEST = Decimal("9999999999.99")


def parse_number(text: str) -> Decimal | None:
    """A number as people type it ("1,234", "72.5%", " 12 "), to 2 decimal places; None if
    it is not one."""
    cleaned = str(text or "").strip().replace(",", "").removesuffix("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > LARGEST:
        return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class NumberField(forms.CharField):
    """A decimal typed in a text box (GOV.UK: no number inputs), with the Design System's
    message for anything that is not a number."""

    def __init__(self, *, label_name: str, **kwargs):
        self.label_name = label_name
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}))
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {label_name}"

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number = parse_number(text) if len(text) <= 30 else None
        if number is None:
            raise forms.ValidationError(f"Enter {self.label_name} as a number, like 12 or 45.5", code="invalid")
        return number


def figure_choices() -> list[tuple[str, str]]:
    return [("", "No: its values are typed each quarter")] + [(f.key, f.label) for f in assurance.figures()]


class IndicatorForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "name": "Enter the indicator’s name",
        "definition": "Enter the definition: what is counted and how",
        "organisation": "Select the organisation that owns the indicator",
        "frequency": "Select how often values are reported",
        "priority": "Select a strategic priority from the list",
    }
    unit = forms.ChoiceField(label="Unit", choices=Indicator.Unit.choices, required=False, widget=forms.RadioSelect)
    polarity = forms.ChoiceField(
        label="Which way is better", choices=Indicator.Polarity.choices, required=False, widget=forms.RadioSelect
    )
    target = NumberField(label="Target (optional)", label_name="the target", required=False)
    amber_threshold = NumberField(
        label="Amber threshold (optional)",
        label_name="the amber threshold",
        required=False,
        help_text="Worse than this is amber: below it when higher is better, above it when lower is better",
    )
    red_threshold = NumberField(
        label="Red threshold (optional)",
        label_name="the red threshold",
        required=False,
        help_text="Worse than this is red. Leave both thresholds empty to rate against the target alone",
    )
    computed_key = forms.ChoiceField(
        label="Computed by the portal",
        choices=(),
        required=False,
        help_text="A figure the portal already knows: its values are worked out, not typed, and it takes the "
        "figure’s unit and direction",
        error_messages={"invalid_choice": "Select a computed figure from the list"},
    )
    position = forms.IntegerField(
        label="Position on the scorecard",
        min_value=0,
        max_value=999,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="Lower numbers come first",
        error_messages={
            "required": "Enter the position, like 10",
            "invalid": "Enter the position as a whole number, like 10",
            "min_value": "Enter a position from 0 to 999",
            "max_value": "Enter a position from 0 to 999",
        },
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "organisation",
            "unit",
            "polarity",
            "target",
            "amber_threshold",
            "red_threshold",
            "frequency",
            "priority",
            "computed_key",
            "position",
            "is_active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4}), "frequency": forms.RadioSelect}
        labels = {"is_active": "On the scorecard (untick to retire it, keeping its values)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).only("pk", "name")
        self.fields["organisation"].empty_label = "Select an organisation"
        self.fields["priority"].queryset = StrategicPriority.objects.filter(is_active=True)
        self.fields["priority"].empty_label = "No linked priority"
        self.fields["computed_key"].choices = figure_choices()

    def clean(self):
        data = super().clean()
        figure = assurance.figure(data.get("computed_key") or "")
        if figure is not None:
            data["unit"] = figure.unit
            data["polarity"] = Indicator.Polarity.HIGHER if figure.higher_is_better else Indicator.Polarity.LOWER
        else:
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", "Select the unit")
            if not data.get("polarity") and "polarity" not in self.errors:
                self.add_error("polarity", "Select whether higher or lower is better")
        return data


class QuarterChoiceForm(forms.Form):
    quarter = forms.ChoiceField(
        label="Quarter",
        choices=(),
        error_messages={"required": "Select the quarter", "invalid_choice": "Select a quarter from the list"},
    )

    def __init__(self, *args, quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {q.slug: q for q in quarters}
        self.fields["quarter"].choices = [(q.slug, q.long_label) for q in quarters]

    def chosen(self) -> Quarter:
        return self.quarters[self.cleaned_data["quarter"]]


class QuarterValuesForm(ConcurrencyGuard, forms.Form):
    """A value and a comment for each indicator the person enters for the quarter. What they
    typed stays in the form when anything is refused."""

    template_name = "scrutiny/forms/quarter_values.html"

    def __init__(self, *args, rows, quarter: Quarter, previous: dict, **kwargs):
        self.rows = rows
        self.quarter = quarter
        super().__init__(*args, **kwargs)
        for row in rows:
            indicator = row.indicator
            hint = [f"{indicator.get_unit_display()}, {indicator.get_polarity_display().lower()}"]
            if indicator.target is not None:
                hint.append(f"target {indicator.show(indicator.target)}")
            if indicator.pk in previous:
                hint.append(f"previous value {indicator.show(previous[indicator.pk])}")
            value = NumberField(
                label=f"{indicator.name}: value for {quarter.label}",
                label_name=f"the value for {indicator.name}",
                required=False,
                help_text="; ".join(hint).capitalize(),
            )
            comment = forms.CharField(
                label=f"Comment on {indicator.name} (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": "The comment must be 2,000 characters or fewer"},
            )
            if row.existing is not None:
                value.initial = f"{row.existing.value.normalize():f}"
                comment.initial = row.existing.comment
            self.fields[value_name(indicator)] = value
            self.fields[notes_name(indicator)] = comment

    def groups(self) -> list[dict]:
        return [
            {"row": row, "value": self[value_name(row.indicator)], "comment": self[notes_name(row.indicator)]}
            for row in self.rows
        ]

    def is_guarding(self) -> bool:
        # Guarded even when nothing is saved yet: a colleague may enter the quarter meanwhile.
        return True

    def snapshot(self) -> dict[str, str]:
        saved = IndicatorValue.objects.filter(
            indicator_id__in=[row.indicator.pk for row in self.rows],
            year=self.quarter.year,
            quarter=self.quarter.quarter,
        )
        values = {}
        for row in saved:
            values[f"i{row.indicator_id}-value"] = f"{row.value.normalize():f}"
            values[f"i{row.indicator_id}-notes"] = row.comment
        return values

    def clean(self):
        data = super().clean()
        entered = 0
        for row in self.rows:
            indicator = row.indicator
            name, note = value_name(indicator), notes_name(indicator)
            if name in self.errors:
                continue
            value = data.get(name)
            if value is None:
                if row.existing is not None:
                    self.add_error(name, f"Enter the value for {indicator.name}: a saved value cannot be removed")
                elif data.get(note):
                    self.add_error(name, f"Enter the value for {indicator.name}, or remove the comment")
                continue
            message = value_error(indicator.unit, value)
            if message:
                self.add_error(name, f"{message} for {indicator.name}")
                continue
            entered += 1
        if not entered and not self.errors:
            raise forms.ValidationError("Enter at least one value")
        return data

    def entries(self) -> list[tuple[Indicator, Decimal, str]]:
        data = self.cleaned_data
        return [
            (row.indicator, data[value_name(row.indicator)], data[notes_name(row.indicator)])
            for row in self.rows
            if data.get(value_name(row.indicator)) is not None
        ]


def value_name(indicator: Indicator) -> str:
    return f"i{indicator.pk}-value"


def notes_name(indicator: Indicator) -> str:
    return f"i{indicator.pk}-notes"
