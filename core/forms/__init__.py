"""GOV.UK Design System forms through Django's form renderer API.

`{{ form }}` renders the error summary, then each field with its label, hint, error message
and the Design System's classes. The templates are the portal's own (templates/govuk/forms/
and templates/django/forms/widgets/), so they follow GOV.UK Frontend and Django together.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.template.defaultfilters import filesizeformat

INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "number": "govuk-input",
    "url": "govuk-input",
    # bandit reads the next line as a password; it is a CSS class
    "password": "govuk-input",  # nosec B105
    "tel": "govuk-input",
    "date": "govuk-input",
    "time": "govuk-input",
    "datetime": "govuk-input",
    "search": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "nullbooleanselect": "govuk-select",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
    "pickerselect": "govuk-select",
    "pickerselectmultiple": "govuk-select",
}
# Widgets drawn as a fieldset of options (the class goes on each option in the template).
FIELDSET_WIDGETS = {"radioselect", "checkboxselectmultiple", "govukdate"}


class GovukBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, str | bool], widget: forms.Widget | None = None
    ) -> dict[str, str | bool]:
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK: no HTML5 "required"; the server's messages are the ones users should see.
        attrs.pop("required", None)
        widget = widget or self.field.widget
        kind = _widget_kind(widget)
        base = INPUT_CLASSES.get(kind)
        if base:
            classes = [base, str(attrs.get("class", "") or widget.attrs.get("class", ""))]
            if self.errors and kind != "checkbox":
                classes.append(f"{base}--error")
            attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def govuk_kind(self) -> str:
        return _widget_kind(self.field.widget)

    @property
    def is_fieldset(self) -> bool:
        return self.govuk_kind in FIELDSET_WIDGETS

    @property
    def error_target_id(self) -> str:
        """The element the error summary links to: the first input of a group."""
        if self.govuk_kind in {"radioselect", "checkboxselectmultiple"}:
            return f"{self.auto_id}_0"
        if self.govuk_kind == "govukdate":
            return f"{self.auto_id}_0"
        return self.auto_id


def _widget_kind(widget: forms.Widget) -> str:
    name = widget.__class__.__name__.lower()
    for suffix in ("widget", "input"):
        if name.endswith(suffix) and name != suffix:
            name = name[: -len(suffix)]
    return name


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year as three text boxes."""

    template_name = "govuk/forms/widgets/date.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: object) -> list[int | None]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for label, subwidget in zip(("Day", "Month", "Year"), context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = label
            # aria-invalid belongs on each box, and the error class too.
            if attrs and attrs.get("aria-invalid"):
                subwidget["attrs"]["class"] += " govuk-input--error"
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the Design System's error messages.

    `label_name` is how the error messages name the date ("the date the local authority
    became aware"), e.g. "Enter the date the local authority became aware".
    """

    widget = GovukDateWidget

    def __init__(
        self, *, label_name: str = "the date", min_year: int = 1900, max_year: int = 2100, **kwargs: Any
    ) -> None:
        self.label_name = label_name
        self.min_year = min_year
        self.max_year = max_year
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {label_name}")
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str | None]) -> datetime.date | None:
        if not data_list or not any(data_list):
            # Parts that were only spaces reach here empty, past MultiValueField's own check.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(
                f"{self.label_name[0].upper()}{self.label_name[1:]} must include a {' and a '.join(missing)}",
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{_sentence(self.label_name)} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{_sentence(self.label_name)} must be a real date", code="invalid") from None
        if not self.min_year <= value.year <= self.max_year:
            raise ValidationError(
                f"{_sentence(self.label_name)} must be between {self.min_year} and {self.max_year}",
                code="out_of_range",
            )
        return value


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


class UploadValidator:
    """Refuses uploads by size, extension and content signature, with GOV.UK messages.

    The content check matters: a renamed HTML or executable file must not pass because its
    name ends in .pdf.
    """

    SIGNATURES: dict[str, tuple[bytes, ...]] = {
        "pdf": (b"%PDF-",),
        "png": (b"\x89PNG\r\n\x1a\n",),
        "jpg": (b"\xff\xd8\xff",),
        "jpeg": (b"\xff\xd8\xff",),
        "docx": (b"PK\x03\x04",),
        "xlsx": (b"PK\x03\x04",),
        "pptx": (b"PK\x03\x04",),
        "odt": (b"PK\x03\x04",),
        "doc": (b"\xd0\xcf\x11\xe0",),
        "xls": (b"\xd0\xcf\x11\xe0",),
    }
    TEXT_TYPES = {"csv", "txt"}

    def __init__(self, extensions: Iterable[str], max_bytes: int | None = None):
        self.extensions = [e.lower() for e in extensions]
        # None means the deployment's limit, read when a file arrives (so settings can change).
        self.max_bytes = max_bytes

    def __call__(self, upload: File[bytes]) -> None:
        limit: int = self.max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
        if upload.size == 0:
            raise ValidationError("The selected file is empty", code="empty")
        if upload.size > limit:
            raise ValidationError(
                f"The selected file must be smaller than {filesizeformat(limit)}",
                code="too_large",
            )
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in self.extensions:
            raise ValidationError(
                f"The selected file must be a {_or_list([e.upper() for e in self.extensions])}",
                code="wrong_type",
            )
        head = _read_head(upload)
        if extension in self.TEXT_TYPES:
            if b"\x00" in head or head.lstrip().lower().startswith((b"<!doctype", b"<html", b"<script", b"<svg")):
                raise ValidationError(f"The selected file must be a {extension.upper()}", code="wrong_content")
            return
        signatures = self.SIGNATURES.get(extension, ())
        if signatures and not head.startswith(signatures):
            raise ValidationError(f"The selected file is not a real {extension.upper()} file", code="wrong_content")


def _read_head(upload: File[bytes], size: int = 2048) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head: bytes = upload.read(size)
    upload.seek(position)
    return head


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
