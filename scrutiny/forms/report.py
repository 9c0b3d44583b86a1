"""Forms for the yearly report: starting one, editing a section, explaining a gap, withdrawing
it from sign-off, signing off, publishing, recording that it was sent, and who signs."""

from datetime import date

from django import forms

from core.concurrency import ConcurrencyGuard
from core.forms import GovukDateField

from ..models import YearlyReport
from ..periods import year_label

SECTION_LIMIT = 20_000
EXPLANATION_LIMIT = 2_000


class ReportCreateForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Reporting year",
        coerce=int,
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reporting year", "invalid_choice": "Select a year from the list"},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year_label(year)} (April to March)") for year in years]


class ReportSectionForm(ConcurrencyGuard, forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields: list[str] = []

    def clean(self):
        data = super().clean()
        for name in self._meta.fields:
            if len(data.get(name) or "") > SECTION_LIMIT:
                self.add_error(name, f"The section must be {SECTION_LIMIT:,} characters or fewer")
        return data


def section_form_class(key: str) -> type[ReportSectionForm]:
    heading, hint = next((h, t) for k, h, t in YearlyReport.TEXT_SECTIONS if k == key)
    return forms.modelform_factory(
        YearlyReport,
        form=ReportSectionForm,
        fields=[key],
        widgets={key: forms.Textarea(attrs={"rows": 16})},
        labels={key: heading},
        help_texts={key: hint},
    )


class SignOffForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Select the partner you are signing off for",
            "invalid_choice": "Select a partner you sign the report for",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partners
        reopen = "Open the report again and sign off the version you read"
        for name in ("version", "content_hash"):
            for message in ("required", "invalid", "min_value", "max_length"):
                self.fields[name].error_messages[message] = reopen


class PublishForm(forms.Form):
    published_on = GovukDateField(
        label="Publication date",
        label_name="the publication date",
        min_year=2000,
        max_year=2100,
        help_text="The day the report was published on the partnership’s website, for example 30 9 2026",
    )
    early_reason = forms.CharField(
        label="Why it is published before the end of the reporting year",
        required=False,
        max_length=EXPLANATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if the publication date is on or before the last day of the year it covers",
        error_messages={"max_length": f"The reason must be {EXPLANATION_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, year_ends: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_ends = year_ends

    def clean(self):
        data = super().clean()
        published_on = data.get("published_on")
        if published_on and published_on <= self.year_ends and not (data.get("early_reason") or "").strip():
            self.add_error(
                "early_reason",
                f"The year ends on {self.year_ends:%-d %B %Y}: enter why the report is published before it ends",
            )
        return data


class GapForm(forms.Form):
    explanation = forms.CharField(
        label="Why the report does not cover this",
        required=False,
        max_length=EXPLANATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Printed in the report, under “How this report meets Working Together 2023”.",
        error_messages={
            "required": "Enter why the report does not cover this",
            "max_length": f"The explanation must be {EXPLANATION_LIMIT:,} characters or fewer",
        },
    )

    def __init__(self, *args, has_explanation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # A new explanation must say something; an existing one may be emptied to remove it.
        self.fields["explanation"].required = not has_explanation
        if has_explanation:
            self.fields["explanation"].help_text += " Leave it empty to remove the explanation."


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        max_length=EXPLANATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The partners who signed it off are told, with this reason",
        error_messages={
            "required": "Enter why you are withdrawing the report from sign-off",
            "max_length": f"The reason must be {EXPLANATION_LIMIT:,} characters or fewer",
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}, {obj.job_title}" if obj.job_title else obj.name


class SignatoryForm(forms.Form):
    person = PersonChoiceField(
        label="Who signs the report for this partner?",
        queryset=None,
        help_text="The lead safeguarding partner: for example the chief executive or the chief constable. Only people "
        "who work for the partner and are not in the business unit are listed.",
        error_messages={"required": "Select who signs the report", "invalid_choice": "Select someone from the list"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class DelegateForm(forms.Form):
    person = PersonChoiceField(
        label="Who may sign the report for you?",
        queryset=None,
        required=False,
        empty_label="Nobody: only I sign",
        help_text="Your delegate, for example your delegated safeguarding partner. They can sign off the report "
        "for your organisation until you change this.",
        error_messages={"invalid_choice": "Select someone from the list"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class SentForm(forms.Form):
    sent_on = GovukDateField(
        label="Date sent",
        label_name="the date the report was sent",
        min_year=2000,
        max_year=2100,
        help_text="The day it was sent to the Child Safeguarding Practice Review Panel and the Department for "
        "Education",
    )
