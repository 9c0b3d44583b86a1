"""Forms for action plans, their actions and progress updates."""

from django import forms

from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from core.forms import GovukDateField
from core.pickers import use_organisation_picker, use_person_picker
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, StrategicPriority

from ..models import (
    Action,
    PartnershipGroup,
)


class PlanForm(GovukMessagesMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the plan’s title"})
    owning_group = forms.ModelChoiceField(
        label="Group that monitors it",
        queryset=PartnershipGroup.objects.none(),
        empty_label="Select a group",
        error_messages={
            "required": "Select the group that monitors the plan",
            "invalid_choice": "Select a group from the list",
        },
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("plan", "Action plan"), ("workplan", "Annual workplan")],
        widget=forms.RadioSelect,
        initial="plan",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (if it is one organisation’s plan)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The partnership",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    year = forms.IntegerField(
        label="Year it starts (for a workplan)",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"invalid": "Enter a year as 4 numbers, like 2026"},
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_group"].queryset = groups
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)
        use_organisation_picker(self, "organisation")

    def clean(self):
        data = super().clean()
        if data.get("kind") == "workplan":
            if not data.get("year"):
                self.add_error("year", "Enter the year the workplan starts, like 2026")
            elif not 2000 <= data["year"] <= 2100:
                self.add_error("year", "Enter a year between 2000 and 2100")
        return data


class ActionForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "description": "Describe the action",
        "owner": "Select the owner from the list",
        "owner_organisation": "Select the organisation from the list",
        "priority": "Select a strategic priority from the list",
    }
    due_date = GovukDateField(label="Due date", label_name="the due date", min_year=2000, max_year=2100)

    class Meta:
        model = Action
        fields = ["description", "owner", "owner_organisation", "due_date", "priority"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"owner": "Owner", "owner_organisation": "Owning organisation"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_person_picker(self, "owner")
        self.fields["owner"].empty_label = "No named person"
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["owner_organisation"].empty_label = "No organisation"
        use_organisation_picker(self, "owner_organisation")
        self.fields["priority"].queryset = StrategicPriority.objects.filter(is_active=True)
        self.fields["priority"].empty_label = "No linked priority"

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_organisation") and not self.errors.get("owner"):
            self.add_error("owner", "Select who owns the action: a person, an organisation or both")
        return data


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status now",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action’s status now"},
    )
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what has happened"},
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        validators=[paper_validator()],
        help_text="A document that shows the change, for example a revised procedure",
    )


class CommentsForm(forms.Form):
    comments = forms.CharField(
        label="Comments for the plan’s authors",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comments for the plan’s authors"},
    )


class ImpactForm(forms.Form):
    impact_statement = forms.CharField(
        label="Evidence of impact",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="If this child’s situation arose now, what would be different? What shows it?",
        error_messages={"required": "Enter the evidence of impact"},
    )
