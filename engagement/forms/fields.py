"""Fields the engagement forms share."""

from django import forms

from core.forms import GovukDateField
from partnership.models import User


def date_field(label: str, label_name: str, *, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label, label_name=label_name, required=required, help_text=help_text, min_year=2000, max_year=2100
    )


def text_area(
    label: str, message: str = "", *, rows: int = 4, required: bool = True, help_text: str = "", max_length=5000
):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message, "max_length": f"{label} must be {max_length} characters or fewer"},
    )


def people_with_roles():
    """People who may be named on a record: active, with a role in the partnership."""
    return (
        User.objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .select_related("organisation")
        .order_by("name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation_id else obj.name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation_id else obj.name


CONFIRM_NO_NAMES = "I have checked: this names nobody and gives no date of birth"
