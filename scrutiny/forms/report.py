"""Forms for the yearly report: starting one, editing a section, signing off, publishing and
recording that it was sent."""

from django import forms

from core.concurrency import ConcurrencyGuard
from core.forms import GovukDateField

from ..models import YearlyReport
from ..periods import year_label

SECTION_LIMIT = 20_000


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
            "invalid_choice": "Select a partner you are the lead for",
        },
    )

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": "Open the report again and sign off the version you read"},
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partners
        for message in ("invalid", "min_value"):
            self.fields["revision"].error_messages[message] = "Open the report again and sign off the version you read"


class PublishForm(forms.Form):
    published_on = GovukDateField(
        label="Publication date",
        label_name="the publication date",
        min_year=2000,
        max_year=2100,
        help_text="The day the report was published on the partnership’s website, for example 30 9 2026",
    )


class SentForm(forms.Form):
    sent_on = GovukDateField(
        label="Date sent",
        label_name="the date the report was sent",
        min_year=2000,
        max_year=2100,
        help_text="The day it was sent to the Child Safeguarding Practice Review Panel and the Department for "
        "Education",
    )
