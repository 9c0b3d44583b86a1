import datetime
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.forms import GovukDateField, UploadValidator


class DateForm(forms.Form):
    aware = GovukDateField(label="Date aware", label_name="the date the local authority became aware")


def _date(day, month, year):
    return DateForm({"aware_0": day, "aware_1": month, "aware_2": year})


def test_date_field_reads_day_month_year():
    form = _date("29", "2", "2024")
    assert form.is_valid()
    assert form.cleaned_data["aware"] == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date the local authority became aware"),
        ((" ", "  ", ""), "Enter the date the local authority became aware"),
        (("3", "", "2025"), "The date the local authority became aware must include a month"),
        (("", "", "2025"), "The date the local authority became aware must include a day and a month"),
        (("30", "2", "2025"), "The date the local authority became aware must be a real date"),
        (("1", "x", "2025"), "The date the local authority became aware must be a real date"),
        (("1", "2", "25"), "Year must include 4 numbers"),
        (("1", "2", "1066"), "The date the local authority became aware must be between 1900 and 2100"),
    ],
)
def test_date_field_refuses_bad_dates_with_govuk_messages(parts, message):
    form = _date(*parts)
    assert not form.is_valid()
    assert form.errors["aware"] == [message]


def test_date_field_keeps_what_was_typed_and_links_the_error_summary_to_the_day_box():
    html = str(_date("31", "4", "2025"))
    assert 'value="31"' in html and 'value="4"' in html and 'value="2025"' in html
    assert 'href="#id_aware_0"' in html
    assert "govuk-input--error" in html
    assert 'class="govuk-fieldset"' in html


class OrgForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on letters", error_messages={"required": "Enter the name"})
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind"},
    )


def test_rendered_form_has_error_summary_inline_errors_and_described_inputs():
    html = str(OrgForm({}))
    assert "There is a problem" in html
    assert 'href="#id_name"' in html and 'href="#id_kind_0"' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_error" class="govuk-error-message"' in html
    assert "govuk-radios__input" in html
    # GOV.UK: the server's messages, not the browser's.
    assert not re.search(r"<input[^>]*\srequired", html)


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_upload_validator_accepts_a_real_pdf():
    UploadValidator(["pdf"])(_upload("paper.pdf", b"%PDF-1.7\n..."))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("paper.pdf", b"", "The selected file is empty"),
        ("paper.exe", b"MZ....", "The selected file must be a PDF or DOCX"),
        ("paper.pdf", b"<html><script>alert(1)</script>", "The selected file is not a real PDF file"),
        ("paper.docx", b"%PDF-1.4", "The selected file is not a real DOCX file"),
    ],
)
def test_upload_validator_refuses_bad_files(name, content, message):
    with pytest.raises(ValidationError) as caught:
        UploadValidator(["pdf", "docx"])(_upload(name, content))
    assert caught.value.messages == [message]


def test_upload_validator_refuses_a_file_over_the_limit():
    with pytest.raises(ValidationError) as caught:
        UploadValidator(["pdf"], max_bytes=10)(_upload("big.pdf", b"%PDF-" + b"x" * 20))
    assert caught.value.messages == ["The selected file must be smaller than 10\xa0bytes"]


def test_upload_validator_refuses_html_dressed_as_csv():
    with pytest.raises(ValidationError):
        UploadValidator(["csv"])(_upload("list.csv", b"<!DOCTYPE html><p>hi</p>"))
