"""The one form that asks why: a reason for a change, kept in the record's history (or told to
the people it affects). Each page words it: its label, whether it is needed, its error and
hint."""

from typing import Any

from django import forms


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason", "max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        label: str = "Reason",
        required: bool = True,
        required_message: str = "Enter the reason",
        hint: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.required = required
        field.error_messages["required"] = required_message
        field.help_text = hint
