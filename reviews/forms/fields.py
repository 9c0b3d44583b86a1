"""The fields and checks the reviews forms share: who can be chosen, dates, text, themes, and
the confirmation that adds someone to a need-to-know record."""

import json

from django import forms

from core import calendar
from core.forms import GovukDateField
from core.pickers import PeopleMultipleChoiceField, people_with_roles, person_label
from partnership.models import Organisation, User

from ..models import LearningTheme


def role_holders():
    """Only people with a partnership role can be chosen: never an account with no role."""
    return people_with_roles()


def active_organisations():
    return Organisation.objects.filter(is_active=True).order_by("name")


def active_themes():
    return LearningTheme.objects.filter(is_active=True).order_by("name")


def date_field(label: str, label_name: str, *, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label, label_name=label_name, required=required, help_text=help_text, min_year=2000, max_year=2100
    )


def text_field(label: str, message: str = "", *, rows: int = 5, required: bool = True, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


def people_select(label: str, *, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return PeopleMultipleChoiceField(
        label=label,
        queryset=User.objects.none(),
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )


def theme_boxes(label: str = "Learning themes") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=LearningTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select themes from the list"},
    )


def drop_empty_themes(form: forms.Form) -> None:
    """No boxes to tick until the business unit has made the list of themes."""
    if "themes" in form.fields and not form.fields["themes"].queryset.exists():
        del form.fields["themes"]


def snapshot_ids(values) -> str:
    """A set of records as the concurrency snapshot writes them."""
    return json.dumps(sorted(str(v.pk) for v in values))


def not_in_future(form: forms.Form, name: str, what: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > calendar.today():
        form.add_error(name, f"{what} must be today or in the past")


def confirm_additions(form, data, added) -> None:
    """Adding someone to a need-to-know record is confirmed, naming who is added."""
    if added and not data.get("confirm_need_to_know"):
        names = ", ".join(person_label(p) for p in dict.fromkeys(added))
        form.add_error("confirm_need_to_know", f"Confirm that {names} need to know: they will be able to read it")
