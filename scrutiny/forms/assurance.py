"""Forms for assurance requests and inspection reports."""

from django import forms
from django.utils import timezone

from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from partnership.forms import GovukMessagesMixin
from subgroups.models import PartnershipGroup

from ..models import AssuranceRequest, Inspection, InspectionFinding
from .fields import assurance_field, date_field, organisations, text_field

UPLOAD_HINT = "PDF, Word, Excel, PowerPoint, ODT, PNG or JPEG, smaller than 20MB"


class AssuranceRequestForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "organisation": "Select the organisation asked for the report",
        "topic": "Enter the topic",
        "detail": "Enter what the partnership asks to be assured about",
    }
    due_date = date_field(
        "Report due",
        "the date the report is due",
        required=False,
        help_text="Leave it empty for the partnership’s usual time. For example, 30 6 2027",
    )

    class Meta:
        model = AssuranceRequest
        fields = ["organisation", "topic", "detail", "due_date"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
            self.fields["due_date"].required = True
            self.fields["due_date"].help_text = "Changing it moves the deadline"
        else:
            self.fields["organisation"].queryset = organisations()
            self.fields["organisation"].empty_label = "Select an organisation"

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value and value <= timezone.localdate() and (not self.instance.pk or value != self.instance.due_date):
            raise forms.ValidationError("The date the report is due must be in the future")
        return value


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the assurance report",
        help_text=UPLOAD_HINT,
        validators=[paper_validator()],
        error_messages={"required": "Select the report to upload", "empty": "The selected file is empty"},
    )
    summary = text_field(
        "Summary (optional)", "", rows=4, required=False, help_text="The report’s main points, in a few sentences"
    )


class AssessForm(forms.Form):
    assurance_level = assurance_field("How assured is the partnership by the report?")
    assessment = text_field(
        "The partnership’s assessment",
        "Enter the partnership’s assessment",
        help_text="What the report shows, what is missing, and anything the partnership will follow up",
    )


class InspectionForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "kind": "Select the inspectorate",
        "title": "Enter the report’s title",
        "summary": "Enter a summary of what the report found",
        "organisations": "Select the organisations inspected",
        "monitoring_group": "Select the group that will monitor the action plan",
    }
    report_date = date_field("Date of the report", "the date of the report")
    report_file = forms.FileField(
        label="The report (optional)",
        required=False,
        help_text=UPLOAD_HINT,
        validators=[paper_validator()],
        error_messages={"empty": "The selected file is empty"},
    )

    class Meta:
        model = Inspection
        fields = ["kind", "title", "report_date", "organisations", "judgement", "summary", "monitoring_group"]
        widgets = {
            "kind": forms.RadioSelect,
            "organisations": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations()
        self.fields["organisations"].error_messages["invalid_pk_value"] = "Select organisations from the list"
        self.fields["organisations"].error_messages["invalid_choice"] = "Select organisations from the list"
        if self.instance.pk:
            del self.fields["monitoring_group"]
            self.fields["report_file"].label = "A new version of the report (optional)"
        else:
            self.fields["monitoring_group"].queryset = PartnershipGroup.objects.filter(
                status=PartnershipGroup.Status.ACTIVE
            ).order_by("name")
            self.fields["monitoring_group"].empty_label = "Select a group"
            self.fields["monitoring_group"].help_text = "Its chair approves the action plan and it monitors progress"

    def clean_report_date(self):
        value = self.cleaned_data["report_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the report must be today or in the past")
        return value


class InspectionFindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of finding is it?",
        choices=InspectionFinding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of finding", "invalid_choice": "Select the kind of finding"},
    )
    text = text_field("Finding", "Enter the finding")
