"""Forms for independent scrutiny."""

from django import forms
from django.utils import timezone

from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from subgroups.forms.plans import ActionForm
from subgroups.models import ActionPlan, Meeting

from ..models import Recommendation, ScrutinyActivity, ScrutinyFinding, ScrutinyPlan
from .fields import date_field, text_field


class ScrutinyPlanForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"year": "Enter the year the plan starts, like 2026", "focus": "Enter what the scrutiny will focus on"}

    class Meta:
        model = ScrutinyPlan
        fields = ["year", "focus"]
        widgets = {
            "year": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
            "focus": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {"year": {"unique": "There is already a plan for that year"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]
        else:
            self.fields["year"].error_messages["invalid"] = "Enter the year as 4 numbers, like 2026"
            self.fields["year"].error_messages["min_value"] = "Enter a year between 2000 and 2100"
            self.fields["year"].error_messages["max_value"] = "Enter a year between 2000 and 2100"


class ActivityForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "kind": "Select the kind of activity",
        "title": "Enter the activity’s title",
        "meeting": "Select a meeting from the list",
    }
    planned_date = date_field("Planned date", "the planned date", help_text="For example, 14 10 2026")

    class Meta:
        model = ScrutinyActivity
        fields = ["kind", "title", "description", "planned_date", "meeting"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"description": "Description (optional)", "meeting": "Meeting observed (if any)"}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:  # a new activity: checked against its plan's year
            self.instance.plan = plan
        self.fields["meeting"].queryset = Meeting.objects.select_related("group").order_by("-date", "group__name")
        self.fields["meeting"].empty_label = "No meeting"

    def clean(self):
        data = super().clean()
        if data.get("meeting") and data.get("kind") != ScrutinyActivity.Kind.OBSERVE_MEETING:
            self.add_error("meeting", "Choose a meeting only for an activity that observes a meeting")
        return data


class ActivityDoneForm(forms.Form):
    done_on = date_field("Date it was done", "the date it was done")

    def clean_done_on(self):
        value = self.cleaned_data["done_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date it was done must be today or in the past")
        return value


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of finding is it?",
        choices=ScrutinyFinding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of finding", "invalid_choice": "Select the kind of finding"},
    )
    text = text_field("Finding", "Enter the finding")


class RecommendationForm(forms.Form):
    text = text_field("Recommendation", "Enter the recommendation")
    finding = forms.ModelChoiceField(
        label="From the finding (optional)",
        queryset=ScrutinyFinding.objects.none(),
        required=False,
        empty_label="Not linked to one finding",
        error_messages={"invalid_choice": "Select a finding from the list"},
    )
    response_due = date_field(
        "Executive response due (optional)",
        "the date the response is due",
        required=False,
        help_text="Leave it empty for the partnership’s usual time to respond",
    )

    def __init__(self, *args, activity: ScrutinyActivity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = activity.findings.all()

    def clean_response_due(self):
        value = self.cleaned_data["response_due"]
        if value and value < timezone.localdate():
            raise forms.ValidationError("The response due date must be today or in the future")
        return value


class RecommendationResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Does the Executive accept the recommendation?",
        choices=Recommendation.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the Executive accepts the recommendation",
            "invalid_choice": "Select whether the Executive accepts the recommendation",
        },
    )
    response = text_field(
        "The Executive’s response", "Enter the Executive’s response", help_text="What will be done, by whom and when"
    )


class ImplementedForm(forms.Form):
    implemented_on = date_field("Date implemented", "the date it was implemented")
    note = text_field("What was done", "Enter what was done")

    def clean_implemented_on(self):
        value = self.cleaned_data["implemented_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date implemented must be today or in the past")
        return value


class ImpactSummaryForm(forms.Form):
    period_start = date_field("From", "the start of the period")
    period_end = date_field("To", "the end of the period")
    text = text_field(
        "Impact summary",
        "Enter the impact summary",
        rows=10,
        help_text="What difference the scrutiny made: what changed because of it, and what did not",
    )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return data


class RecommendationActionForm(ActionForm):
    """The action that carries out an accepted recommendation: the plan it goes in (one the
    business unit may add to, or a new plan for the Executive) and the action's owner and
    due date, as on any plan."""

    plan = forms.ModelChoiceField(
        label="Action plan",
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label="A new action plan owned by the Executive",
        help_text="Actions in a plan in progress go on the clock at once; in a draft, once its chair approves it",
        error_messages={"invalid_choice": "Select an action plan from the list"},
    )
    field_order = ["plan", "description", "owner", "owner_organisation", "due_date", "priority"]

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans if plans is not None else ActionPlan.objects.none()
        self.order_fields(self.field_order)
