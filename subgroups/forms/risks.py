"""The risk register's form."""

from django import forms

from core.concurrency import ConcurrencyGuard
from core.forms import GovukDateField
from core.pickers import use_person_picker
from partnership.forms import GovukMessagesMixin

from ..models import (
    Risk,
)


class RiskForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "title": "Enter the risk",
        "cause": "Enter the cause",
        "effect": "Enter the effect",
        "owner": "Select the risk’s owner",
        "likelihood": "Select the likelihood",
        "impact": "Select the impact",
        "target_likelihood": "Select the target likelihood",
        "target_impact": "Select the target impact",
    }
    LEVELS = [(str(n), f"{n}") for n in range(1, 6)]
    likelihood = forms.TypedChoiceField(
        choices=LEVELS, coerce=int, widget=forms.RadioSelect, help_text="1 rare, 5 almost certain"
    )
    impact = forms.TypedChoiceField(
        choices=LEVELS, coerce=int, widget=forms.RadioSelect, help_text="1 negligible, 5 severe"
    )
    target_likelihood = forms.TypedChoiceField(choices=LEVELS, coerce=int, widget=forms.RadioSelect)
    target_impact = forms.TypedChoiceField(choices=LEVELS, coerce=int, widget=forms.RadioSelect)
    review_date = GovukDateField(label="Review date", label_name="the review date", min_year=2000, max_year=2100)

    class Meta:
        model = Risk
        fields = [
            "title",
            "cause",
            "effect",
            "likelihood",
            "impact",
            "controls",
            "target_likelihood",
            "target_impact",
            "owner",
            "review_date",
        ]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "controls": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_person_picker(self, "owner")
        self.fields["owner"].empty_label = "Select a person"
        for name in ("likelihood", "impact", "target_likelihood", "target_impact"):
            self.fields[name].error_messages["invalid_choice"] = self.messages[name]
            self.fields[name].error_messages["required"] = self.messages[name]

    def clean(self):
        data = super().clean()
        if all(data.get(n) for n in ("likelihood", "impact", "target_likelihood", "target_impact")) and (
            data["target_likelihood"] * data["target_impact"] > data["likelihood"] * data["impact"]
        ):
            self.add_error("target_impact", "The target score cannot be higher than the current score")
        return data
