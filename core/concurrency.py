"""Two people editing the same record: the second to save is told, sees what the first
changed, and keeps what they typed. Nothing is silently overwritten.

An edit form carries a signed snapshot of the record as it was when the form was opened
(hidden field `_snapshot`). On saving, if the record has changed since, the form refuses with a
message naming each change, and takes a fresh snapshot, so saving again (having looked)
succeeds. `snapshot()` is the record's current state: for a ModelForm, its instance's fields;
other edit forms override it.
"""

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core import signing
from django.db import models
from django.utils.datastructures import MultiValueDict

if TYPE_CHECKING:
    # Checked as the edit form it is mixed into (a ModelForm unless snapshot() is overridden).
    _FormBase = forms.BaseModelForm[Any]
else:
    _FormBase = object

SALT = "portal.concurrency"
FIELD = "_snapshot"


def _text(value: Any) -> str:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | frozenset):
        return json.dumps(sorted(_text(v) for v in value))
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    return "" if value is None else str(value)


class ConcurrencyGuard(_FormBase):
    """Mix into an edit form (before forms.Form / forms.ModelForm)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.is_guarding():
            self.initial[FIELD] = signing.dumps(self.snapshot(), salt=SALT, compress=True)

    def is_guarding(self) -> bool:
        instance = getattr(self, "instance", None)
        return instance is None or instance.pk is not None

    def snapshot(self) -> dict[str, str]:
        instance = self.instance
        names = [f for f in self._meta.fields or [] if f != FIELD]
        # A ModelForm's fields are the model's own (never a reverse relation).
        model_fields = {f.name: f for f in instance._meta.get_fields() if isinstance(f, models.Field)}
        values: dict[str, str] = {}
        for name in names:
            field = model_fields.get(name)
            if field is None:
                continue  # a form-only field has no saved value
            if not field.many_to_many:
                values[name] = _text(getattr(instance, field.attname))
            elif instance.pk:
                values[name] = _text(list(getattr(instance, name).values_list("pk", flat=True)))
            else:
                values[name] = "[]"
        return values

    def field_label(self, name: str) -> str:
        field = self.fields.get(name)
        return str(field.label) if field is not None and field.label else name.replace("_", " ").capitalize()

    def describe(self, name: str, value: str) -> str:
        """The saved value as people read it: a choice's label, a linked record's name."""
        field = self.fields.get(name)
        if value in ("", "None", "[]"):
            return "(empty)"
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None and value.isdigit():
            match = field.queryset.filter(pk=value).first()
            return str(match) if match else value
        if isinstance(field, forms.ChoiceField):
            # A ChoiceField keeps its choices as (value, label) pairs, however they were given.
            return str(dict(cast("Iterable[tuple[Any, Any]]", field.choices)).get(value, value))
        if value in ("True", "False"):
            return "Yes" if value == "True" else "No"
        return value if len(value) <= 80 else value[:77] + "…"

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned is not None:
            cleaned.pop(FIELD, None)
        if not self.is_guarding():
            return cleaned
        try:
            opened = signing.loads(self.data.get(FIELD, ""), salt=SALT)
        except signing.BadSignature:
            opened = None
        current = self.snapshot()
        if opened is None:
            changed = ["the record"]
        else:
            changed = [
                f"{self.field_label(name)} is now “{self.describe(name, value)}”"
                for name, value in current.items()
                if opened.get(name) != value
            ]
        if changed:
            data = self.data.copy() if isinstance(self.data, MultiValueDict) else dict(self.data)
            data[FIELD] = signing.dumps(current, salt=SALT, compress=True)
            self.data = data
            raise forms.ValidationError(
                "Someone else saved changes while you were editing: "
                + "; ".join(changed)
                + ". Your own changes are still in the form: check them against theirs and save again.",
                code="stale",
            )
        return cleaned
