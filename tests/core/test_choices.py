"""Every model's get_FOO_display() (core/choices.py) says what Django's own would say: for each
choice, for a value that is not one, and for no value."""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model


def _fields_with_choices():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_label_is_djangos():
    checked = 0
    for model, field in _fields_with_choices():
        instance = model()
        for value in [value for value, _label in field.flatchoices] + ["not-a-choice", None]:
            setattr(instance, field.attname, value)
            assert getattr(instance, f"get_{field.name}_display")() == Model._get_FIELD_display(instance, field), (
                model,
                field.name,
                value,
            )
            checked += 1
    assert checked > 200


def test_every_django_made_method_is_replaced():
    left = [
        (model.__name__, field.name)
        for model, field in _fields_with_choices()
        if isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod)
    ]
    assert not left
