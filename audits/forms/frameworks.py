"""Forms for frameworks, their versions, standards and questions."""

from django import forms

from partnership.forms import GovukMessagesMixin

from .. import scoring
from ..models import Framework, FrameworkVersion, Question, Standard
from . import GovukLengths

THRESHOLD_HINT = (
    "Answers rated below this are proposed as actions. For red, amber, green: 3 means red and amber, 2 means red "
    "only. For grades 1 to 4: 3 means grades 1 and 2. For a percentage: the percentage, like 75."
)


def _threshold_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Action threshold",
        help_text=THRESHOLD_HINT,
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the action threshold",
            "invalid": "Enter the action threshold as a whole number, like 3",
            "min_value": "Enter an action threshold from 0 to 100",
            "max_value": "Enter an action threshold from 0 to 100",
        },
    )


def _check_threshold(form, data):
    scale, threshold = data.get("scale"), data.get("action_threshold")
    if scale and threshold is not None:
        low, high = scoring.rating_range(scale)
        if not low <= threshold <= high:
            form.add_error("action_threshold", f"Enter an action threshold from {low} to {high} for this scale")


class FrameworkCreateForm(GovukLengths, forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the framework’s name"})
    purpose = forms.ChoiceField(
        label="What is it for?",
        choices=Framework.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the framework is for", "invalid_choice": "Select what it is for"},
    )
    duty = forms.ChoiceField(
        label="Audit duty (for a self-assessment)",
        help_text="Cycles on this framework invite every active organisation with this duty in the directory",
        choices=[c for c in Framework.Duty.choices if c[0]],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the audit duty from the list"},
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    scale = forms.ChoiceField(
        label="Rating scale",
        choices=FrameworkVersion.Scale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the rating scale", "invalid_choice": "Select the rating scale"},
    )
    action_threshold = _threshold_field()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Framework.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("There is already a framework with this name")
        return name

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Framework.Purpose.SELF_ASSESSMENT and not data.get("duty"):
            self.add_error("duty", "Select the audit duty the framework is for")
        if data.get("purpose") == Framework.Purpose.CASE_AUDIT:
            data["duty"] = Framework.Duty.NONE
        _check_threshold(self, data)
        return data


class FrameworkEditForm(GovukLengths, GovukMessagesMixin, forms.ModelForm):
    messages = {"name": "Enter the framework’s name"}

    class Meta:
        model = Framework
        fields = ["name", "duty", "description"]
        widgets = {"duty": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.purpose == Framework.Purpose.CASE_AUDIT:
            del self.fields["duty"]
        else:
            self.fields["duty"].choices = [c for c in Framework.Duty.choices if c[0]]
            self.fields["duty"].error_messages["required"] = "Select the audit duty the framework is for"


class VersionForm(forms.Form):
    scale = forms.ChoiceField(
        label="Rating scale",
        choices=FrameworkVersion.Scale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the rating scale", "invalid_choice": "Select the rating scale"},
    )
    action_threshold = _threshold_field()
    notes = forms.CharField(
        label="What changed in this version (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        _check_threshold(self, data)
        return data


class StandardForm(GovukLengths, GovukMessagesMixin, forms.ModelForm):
    messages = {"reference": "Enter the standard’s reference, like 3", "title": "Enter the standard’s title"}

    class Meta:
        model = Standard
        fields = ["reference", "title", "description"]
        labels = {"description": "Description (optional)"}
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionForm(GovukLengths, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "reference": "Enter the question’s reference, like 3.2",
        "text": "Enter the question",
        "kind": "Select the kind of answer",
    }

    class Meta:
        model = Question
        fields = ["reference", "text", "kind", "guidance", "is_required", "evidence_required", "allows_not_applicable"]
        labels = {"kind": "Kind of answer", "guidance": "Guidance (optional)"}
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "text": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "guidance": forms.Textarea(attrs={"rows": 3}),
        }
