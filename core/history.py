"""Readable change history for any model tracked by django-simple-history.

Each entry says who changed the record, when, why (the change reason the service set) and
which fields changed from what to what, with choices shown by label and foreign keys by
name. Related names are fetched in one query per related model, not one per change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

HISTORY_LIMIT = 200
HIDDEN_FIELDS = {"password", "last_login", "id", "modified_at", "updated_at", "version"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_entries(obj: models.Model, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    # Given an instance, simple_history's manager reads that record's own history. The library
    # ships no types, so its records and their diffs are Any here.
    history = get_history_manager_for_model(obj)
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    raw_changes: list[tuple[Any, list[Any]]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is None or record.history_type != "~":
            raw_changes.append((record, []))
            continue
        # Many-to-many fields are left out of the diff: each would cost a query per record.
        m2m = [f.name for f in getattr(record, "_history_m2m_fields", [])]
        delta = record.diff_against(previous, excluded_fields=m2m, foreign_keys_are_objs=False)
        raw_changes.append((record, [c for c in delta.changes if c.field not in HIDDEN_FIELDS]))
    names = _related_names(model, [c for _, changes in raw_changes for c in changes])
    entries = []
    for record, changes in raw_changes:
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record),
                action=ACTIONS.get(record.history_type, "Changed"),
                reason=record.history_change_reason or "",
                changes=[
                    Change(
                        field=_label(model, c.field),
                        old=_display(model, c.field, c.old, names),
                        new=_display(model, c.field, c.new, names),
                    )
                    for c in changes
                ],
            )
        )
    return entries


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return "The portal"
    return getattr(user, "name", "") or getattr(user, "email", "") or str(user)


def _field(
    model: type[models.Model], name: str
) -> models.Field[Any, Any] | models.ForeignObjectRel | GenericForeignKey | None:
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field since removed from the model
        return None


def _label(model: type[models.Model], name: str) -> str:
    model_field = _field(model, name)
    if model_field is None:
        return name.replace("_", " ").capitalize()
    return str(getattr(model_field, "verbose_name", name)).capitalize()


def _related_names(model: type[models.Model], changes: Iterable[Any]) -> dict[tuple[type, object], str]:
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for change in changes:
        model_field = _field(model, change.field)
        if isinstance(model_field, models.ForeignKey):
            for value in (change.old, change.new):
                if value is not None:
                    wanted[_target(model, model_field)].add(value)
    names: dict[tuple[type, object], str] = {}
    for related, ids in wanted.items():
        for pk, instance in related._base_manager.in_bulk(list(ids)).items():
            names[(related, pk)] = str(instance)
    return names


def _target(model: type[models.Model], foreign_key: models.ForeignKey[Any, Any]) -> type[models.Model]:
    related = foreign_key.related_model
    return model if related == "self" else related


def _display(model: type[models.Model], name: str, value: Any, names: dict[tuple[type, object], str]) -> str:
    if value is None or value == "":
        return "(empty)"
    model_field = _field(model, name)
    if isinstance(model_field, models.ForeignKey):
        return names.get((_target(model, model_field), value), f"#{value}")
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(model_field, models.Field) and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def render_history(
    request: HttpRequest, obj: models.Model, *, title: str, back_url: str, caption: str = ""
) -> HttpResponse:
    """The history page for any tracked record; the caller has checked permission."""
    return render(
        request,
        "core/history.html",
        {"object": obj, "entries": history_entries(obj), "title": title, "back_url": back_url, "caption": caption},
    )
