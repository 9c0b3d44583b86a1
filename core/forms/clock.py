"""Forms for deadlines, their rules, closure days and notification choices."""

from typing import Any, cast

from django import forms

from .. import deadline_rules as defs
from ..concurrency import ConcurrencyGuard
from ..models import Deadline, DeadlineRule, Notification
from ..notifications import KINDS
from . import GovukDateField
from .reason import ReasonForm


class DeadlineReasonForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, hint="This is kept in the deadline’s history", **kwargs)


class OptionalReasonForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *args, label="Note (optional)", required=False, hint="This is kept in the deadline’s history", **kwargs
        )


class DeadlineMoveForm(DeadlineReasonForm):
    due_date = GovukDateField(label="New due date", label_name="the new due date", min_year=2000, max_year=2100)
    field_order = ["due_date", "reason"]


class RuleForm(ConcurrencyGuard, forms.Form):
    amount = forms.IntegerField(
        label="Number",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the number", "invalid": "Enter the number as a whole number, like 15"},
    )
    start_point = forms.ChoiceField(label="Counted from", widget=forms.RadioSelect, choices=[])
    reminder_lead_days = forms.IntegerField(
        label="First reminder, in working days before the due date",
        help_text="0 for no reminder before the day",
        min_value=0,
        max_value=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    escalate_after_days = forms.IntegerField(
        label="Escalate when overdue by this many working days",
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    reason = forms.CharField(
        label="Why are you changing it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why you are changing the rule"},
        help_text="Kept in the rule’s history. The change applies to deadlines set from now on.",
    )

    def __init__(self, *args: Any, rule: DeadlineRule, **kwargs: Any) -> None:
        self.rule = rule
        kwargs.setdefault(
            "initial",
            {
                "amount": rule.amount,
                "start_point": rule.start_point,
                "reminder_lead_days": rule.reminder_lead_days,
                "escalate_after_days": rule.escalate_after_days,
            },
        )
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["amount"].label = f"Number of {rule.get_unit_display()}"
        cast(forms.ChoiceField, self.fields["start_point"]).choices = list(rule.definition.start_points.items())
        self.fields["start_point"].error_messages["required"] = "Select what the deadline is counted from"
        self.fields["start_point"].error_messages["invalid_choice"] = "Select what the deadline is counted from"
        for name, low, high in (("reminder_lead_days", 0, 20), ("escalate_after_days", 1, 60)):
            message = f"Enter a whole number between {low} and {high}"
            self.fields[name].error_messages.update(
                {"required": message, "invalid": message, "min_value": message, "max_value": message}
            )

    def snapshot(self) -> dict[str, str]:
        rule = type(self.rule).objects.get(pk=self.rule.pk)
        return {
            name: str(getattr(rule, name))
            for name in ("amount", "start_point", "reminder_lead_days", "escalate_after_days")
        }

    def clean_amount(self) -> int:
        amount: int = self.cleaned_data["amount"]
        limit = defs.LIMITS[self.rule.unit]
        if not 1 <= amount <= limit:
            raise forms.ValidationError(f"Enter a number between 1 and {limit} {self.rule.get_unit_display()}")
        return amount


class ClosureDayForm(forms.Form):
    day = GovukDateField(label="Date", label_name="the date of the closure day", min_year=2000, max_year=2100)
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example, “Council offices closed between Christmas and New Year”",
        error_messages={"required": "Enter the reason for the closure"},
    )


class DeadlineFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("live", "Not yet met"), ("overdue", "Overdue"), *Deadline.Status.choices, ("all", "Any status")],
    )
    statutory = forms.BooleanField(label="Statutory deadlines only", required=False)
    when = forms.ChoiceField(
        label="When",
        required=False,
        choices=[("", "Any time"), ("now", "Overdue or due today"), ("week", "Due in the next 7 days")],
    )
    part = forms.ChoiceField(
        label="Your part",
        required=False,
        choices=[
            ("", "Yours to meet and others’ you oversee"),
            ("meet", "Yours or your organisation’s to meet"),
            ("oversee", "Others’ that you oversee"),
        ],
        help_text="Only for your own deadlines",
    )
    due_within = forms.TypedChoiceField(
        label="Due within",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any time"), ("7", "7 days"), ("14", "14 days"), ("30", "30 days"), ("90", "90 days")],
    )


class NotificationPreferencesForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS.values():
            if kind.always_immediate:
                continue
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Notification.EmailMode.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.get(kind.key, Notification.EmailMode.IMMEDIATE),
                error_messages={
                    "required": f"Select how to be told about {kind.label.lower()}",
                    "invalid_choice": f"Select how to be told about {kind.label.lower()}",
                },
            )
