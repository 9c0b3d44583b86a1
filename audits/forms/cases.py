"""Forms for multi-agency thematic case audits."""

from django import forms

from core.forms import GovukDateField
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation
from subgroups.models import PartnershipGroup

from ..models import AuditCase, Framework, FrameworkVersion
from . import GovukLengths
from .cycles import VersionChoiceField


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class CaseAuditForm(GovukLengths, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, “Neglect in under-fives: multi-agency case audit”",
        error_messages={"required": "Enter the audit’s title"},
    )
    theme = forms.CharField(
        label="Theme", max_length=100, help_text="For example, neglect", error_messages={"required": "Enter the theme"}
    )
    tool = VersionChoiceField(
        label="Audit tool",
        queryset=FrameworkVersion.objects.none(),
        empty_label="Select an audit tool",
        error_messages={"required": "Select the audit tool", "invalid_choice": "Select an audit tool from the list"},
    )
    scope = forms.CharField(
        label="Scope and sample",
        help_text="Which cases were chosen, and why. Never a child’s name.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the scope of the audit and how the sample was chosen"},
    )
    returns_due = GovukDateField(label="Agencies’ returns due", label_name="the date returns are due", min_year=2000)
    participants = AgencyChoiceField(
        label="Participating agencies",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one participating agency",
            "invalid_choice": "Select agencies from the list",
            "invalid_pk_value": "Select agencies from the list",
        },
    )

    def __init__(self, *args, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = (
            FrameworkVersion.objects.filter(
                status=FrameworkVersion.Status.PUBLISHED, framework__purpose=Framework.Purpose.CASE_AUDIT
            )
            .select_related("framework")
            .order_by("framework__name", "-number")
        )
        self.fields["participants"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        if edit:
            del self.fields["tool"]


class CaseForm(GovukLengths, GovukMessagesMixin, forms.ModelForm):
    messages = {"pseudonym": "Enter the case’s pseudonym, like Child A"}

    class Meta:
        model = AuditCase
        fields = ["pseudonym", "context"]
        labels = {"context": "Context (optional)"}
        widgets = {
            "pseudonym": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "context": forms.Textarea(attrs={"rows": 4}),
        }


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label="Graded finding",
        choices=AuditCase.Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the graded finding", "invalid_choice": "Select the graded finding"},
    )
    findings = forms.CharField(
        label="Findings",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the findings for the case"},
    )
    learning = forms.CharField(label="Learning (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class FindingsForm(forms.Form):
    summary = forms.CharField(
        label="Summary of findings",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the summary of findings"},
    )
    learning = forms.CharField(
        label="Learning",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the learning from the audit"},
    )


class PlanGroupForm(forms.Form):
    owning_group = forms.ModelChoiceField(
        label="Which group owns the action plan?",
        help_text="Its chair approves the plan and signs it off on evidence of impact",
        queryset=PartnershipGroup.objects.none(),
        empty_label="Select a group",
        error_messages={"required": "Select the group that owns the plan", "invalid_choice": "Select a group"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_group"].queryset = PartnershipGroup.objects.filter(
            status=PartnershipGroup.Status.ACTIVE
        ).order_by("name")
