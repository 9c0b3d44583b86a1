"""Forms for retention rules, legal holds and decisions to delete or anonymise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms

from ..concurrency import ConcurrencyGuard
from ..models.retention import Disposal

if TYPE_CHECKING:
    from ..retention import Policy

REASON_WIDGET = forms.Textarea(attrs={"rows": 3})


def _reason(label: str, required_message: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=REASON_WIDGET,
        max_length=2000,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class RetentionRuleForm(ConcurrencyGuard, forms.Form):
    years = forms.IntegerField(
        label="Keep for this many years",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    action = forms.ChoiceField(label="Then", widget=forms.RadioSelect, choices=Disposal.choices)
    basis = _reason(
        "Basis for this period",
        "Enter the basis for this period",
        "For example, the partners’ retention schedule or the guidance this follows. The privacy notice shows it.",
    )

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        self.policy = policy
        kwargs.setdefault("initial", {"years": policy.years, "action": policy.action, "basis": policy.basis})
        super().__init__(*args, **kwargs)
        message = "Enter a whole number of years between 1 and 100"
        self.fields["years"].error_messages.update({"required": message, "invalid": message})
        if policy.record_type.anonymise is None:
            cast(forms.ChoiceField, self.fields["action"]).choices = [(Disposal.DELETE, Disposal.DELETE.label)]
        self.fields["action"].error_messages.update(
            {"required": "Select what happens at the end of the period", "invalid_choice": "Select delete or anonymise"}
        )

    def snapshot(self) -> dict[str, str]:
        from ..retention import policy

        current = policy(self.policy.record_type.key)
        return {"years": str(current.years), "action": current.action, "basis": current.basis}

    def clean_years(self) -> int:
        years: int = self.cleaned_data["years"]
        if not 1 <= years <= 100:
            raise forms.ValidationError("Enter a whole number of years between 1 and 100")
        return years


class DisposeForm(forms.Form):
    records = forms.TypedMultipleChoiceField(
        label="Records",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        error_messages={
            "required": "Select the records to act on",
            "invalid_choice": "Select records from the list: it may have changed, so review it again",
        },
    )
    reason = _reason(
        "Reason for this decision",
        "Enter the reason for this decision",
        "Kept in the log of deletions and anonymisations, with your name and the date",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Confirm that you understand this cannot be undone"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], action_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedMultipleChoiceField, self.fields["records"]).choices = choices
        self.fields["records"].label = f"Records to {action_label.lower()}"


class HoldForm(forms.Form):
    reason = _reason(
        "Why must this record be kept?",
        "Enter why this record must be kept",
        "For example, a complaint, an inquiry or legal proceedings. Release the hold when it is over.",
    )


class ReleaseHoldForm(forms.Form):
    reason = _reason("Why can the hold be released?", "Enter why the hold can be released")
