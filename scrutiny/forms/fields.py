"""Fields the assurance forms share."""

from django import forms

from core.forms import GovukDateField
from core.roles import Role
from partnership.models import Organisation, User

from ..models import AssuranceLevel


def people():
    return User.objects.filter(is_active=True).only("pk", "name", "email").order_by("name")


def scrutineers():
    return people().filter(groups__name=Role.SCRUTINEER.label)


def organisations():
    return Organisation.objects.filter(is_active=True).only("pk", "name").order_by("name")


def date_field(label: str, label_name: str, **kwargs) -> GovukDateField:
    return GovukDateField(label=label, label_name=label_name, min_year=2000, max_year=2100, **kwargs)


def text_field(label: str, message: str, *, rows: int = 4, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=10000,
        error_messages={"required": message, "max_length": "Enter no more than 10,000 characters"},
        **kwargs,
    )


def line_field(label: str, message: str, *, required: bool = True, max_length: int = 200, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={"required": message, "max_length": f"Enter no more than {max_length} characters"},
        **kwargs,
    )


def person_field(label: str, *, queryset=None, required: bool = False, empty_label: str = "Nobody on the portal"):
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset if queryset is not None else User.objects.none(),
        required=required,
        empty_label=empty_label,
        error_messages={"required": f"Select the {label.lower()}", "invalid_choice": "Select a person from the list"},
    )


def assurance_field(label: str = "How assured is the partnership?") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=AssuranceLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how assured the partnership is",
            "invalid_choice": "Select how assured the partnership is",
        },
    )
