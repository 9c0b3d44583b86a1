"""The training needs analysis form: an agency's staff needing each level in a year."""

from django import forms

from core.concurrency import ConcurrencyGuard

from ..models import Level, WorkforceNeed
from ..years import year_label

MAX_STAFF = 1_000_000


class NeedsForm(ConcurrencyGuard, forms.Form):
    def __init__(self, *args, organisation, year: int, **kwargs):
        self.organisation, self.year = organisation, year
        self.current = {n.level: n.staff for n in WorkforceNeed.objects.filter(organisation=organisation, year=year)}
        kwargs.setdefault("initial", {f"level_{level}": staff for level, staff in self.current.items()})
        super().__init__(*args, **kwargs)
        for level, label in Level.choices:
            self.fields[f"level_{level}"] = forms.IntegerField(
                label=f"{label}: staff who need it",
                required=False,
                min_value=0,
                max_value=MAX_STAFF,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
                help_text="Leave empty if you do not know",
                error_messages={
                    "invalid": "Enter the number of staff as a whole number, like 120",
                    "min_value": "The number of staff cannot be negative",
                    "max_value": f"Enter a number of staff below {MAX_STAFF:,}",
                },
            )
        self.reorder()

    def reorder(self) -> None:
        snapshot = self.fields.pop("_snapshot")
        self.fields["_snapshot"] = snapshot

    def snapshot(self) -> dict[str, str]:
        return {f"level_{level}": str(self.current.get(level, "")) for level in Level.values}

    def staff(self) -> dict[str, int | None]:
        return {level: self.cleaned_data.get(f"level_{level}") for level in Level.values}

    @property
    def title(self) -> str:
        return f"{self.organisation}: training needs for {year_label(self.year)}"


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Training year", coerce=int, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, year_label(y)) for y in years]

    def chosen(self, default: int) -> int:
        if not self.is_valid():
            return default
        return self.cleaned_data["year"] or default
