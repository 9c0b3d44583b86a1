"""Each model's `get_FOO_display()` as a lookup in a table worked out once.

Django's own rebuilds the whole table of a field's choices on every call (flattening them and
making each value hashable), so a list page that writes a status or kind on each row spent
about a millisecond on it. `install()` replaces the method Django made (only that one: a model
that defines its own keeps it) on every model whose field has fixed choices, with the same
result: the label of the value, or the value itself when it is not one of the choices, lazy
labels turned into text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _display(field: models.Field[Any, Any]) -> Callable[[models.Model], Any]:
    labels = dict(make_hashable(field.flatchoices))
    attname = field.attname

    def display(self: models.Model) -> Any:
        value = getattr(self, attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    display.__name__ = f"get_{field.name}_display"
    return display


def install() -> None:
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            # Fixed choices only (a list): callable ones are asked again each time, as Django does.
            if isinstance(field.choices, list) and isinstance(model.__dict__.get(name), partialmethod):
                setattr(model, name, _display(field))
