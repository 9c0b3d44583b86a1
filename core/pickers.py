"""Choosing people and organisations: a searchable select that works without JavaScript.

Every picker of people offers only people with a partnership role (an account with no role
sees nothing of the partnership, and must never be put on a need-to-know record), and labels
each person with their organisation and role; options are grouped by organisation. Every
picker of organisations labels each with its kind.

Searching works on the server: the picker has a search box and a "Search" button that posts
the whole form back; the view (core.views.form_pages.form_response) then re-renders the form as
typed, nothing saved and nothing lost, with the picker's options narrowed to those matching
(plus any already chosen). With JavaScript (static/js/picker.mjs), the same box filters the
options as you type and says how many match, and the button is not needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, QueryDict

from .roles import ROLE_BY_GROUP_NAME, role_labels

if TYPE_CHECKING:
    from partnership.models import Organisation, User

    # Django's model choice fields are generic only to the type checker: django-stubs-ext,
    # which would make them subscriptable at run time, is not installed in production.
    _PersonField = forms.ModelChoiceField[User]
    _PeopleField = forms.ModelMultipleChoiceField[User]
    _OrganisationField = forms.ModelChoiceField[Organisation]
    _OrganisationsField = forms.ModelMultipleChoiceField[Organisation]
else:
    _PersonField = _OrganisationField = forms.ModelChoiceField
    _PeopleField = _OrganisationsField = forms.ModelMultipleChoiceField

_M = TypeVar("_M", bound=Model)

SEARCH_BUTTON = "_picker_search"
MAX_QUERY = 100


def people_with_roles() -> QuerySet[User]:
    """Active people who hold a partnership role, with what their labels need."""
    names = list(ROLE_BY_GROUP_NAME)
    people = get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct()
    return people.select_related("organisation").prefetch_related("groups").order_by("organisation__name", "name")


def person_label(person: User) -> str:
    roles = role_labels(ROLE_BY_GROUP_NAME[g.name] for g in person.groups.all() if g.name in ROLE_BY_GROUP_NAME)
    organisation = person.organisation.name if person.organisation is not None else "No organisation"
    return f"{person.name or person.email} ({organisation}; {', '.join(roles) or 'no role'})"


def organisation_label(organisation: Organisation) -> str:
    return f"{organisation.name} ({organisation.get_kind_display()})"


def _no_group(instance: Any) -> str:
    return ""


class _Picker(forms.Select):
    """What the select and the multiple select share."""

    template_name = "govuk/forms/widgets/picker.html"
    noun = "people"
    query = ""
    # Replaced by the field's own (_PickerField._attach), which knows its model.
    group_of: Callable[[Any], str] = staticmethod(_no_group)

    def optgroups(
        self, name: str, value: list[str], attrs: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        # Group the options (by organisation, by kind): the instance rides on each value.
        flat: list[tuple[Any, Any]] = []
        groups: dict[str, list[tuple[Any, Any]]] = {}
        for option_value, label in self.choices:
            instance = getattr(option_value, "instance", None)
            if instance is None:
                flat.append((option_value, label))
            else:
                groups.setdefault(self.group_of(instance), []).append((option_value, label))
        original = self.choices
        self.choices = flat + list(groups.items())
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["noun"] = self.noun
        context["widget"]["query"] = self.query
        context["widget"]["search_button"] = SEARCH_BUTTON
        return context


class PickerSelect(_Picker):
    pass


class PickerSelectMultiple(_Picker, forms.SelectMultiple):
    pass


class _PickerField(Generic[_M]):
    """What the pickers' fields share; comes before Django's model choice field."""

    search_fields: tuple[str, ...] = ()
    widget: _Picker
    queryset: QuerySet[_M] | None

    def _attach(self) -> None:
        # A plain function (a staticmethod), so copying the form's widgets copies no field.
        self.widget.group_of = type(self).group_of

    @staticmethod
    def group_of(obj: _M) -> str:
        return ""

    def narrow(self, query: str, keep: Iterable[object]) -> None:
        """Only options matching `query` (every word, anywhere in the searched fields), plus
        those in `keep` (already chosen), so a search never drops a choice."""
        query = " ".join(query.split())[:MAX_QUERY]
        self.widget.query = query
        if not query:
            return
        condition = Q()
        for word in query.split():
            condition &= Q(*[Q(**{f"{f}__icontains": word}) for f in self.search_fields], _connector=Q.OR)
        keep = [k for k in keep if str(k).isdigit()]
        if self.queryset is not None:
            self.queryset = self.queryset.filter(condition | Q(pk__in=keep))


class PersonChoiceField(_PickerField["User"], _PersonField):
    search_fields = ("name", "email", "organisation__name", "groups__name")

    def __init__(self, *, queryset: QuerySet[User] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "Select a person")
        kwargs.setdefault("widget", PickerSelect(attrs={"class": "govuk-select app-picker__select"}))
        super().__init__(queryset=people_with_roles() if queryset is None else queryset, **kwargs)
        self._attach()

    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)

    @staticmethod
    def group_of(obj: User) -> str:
        return obj.organisation.name if obj.organisation is not None else "No organisation"


class PeopleMultipleChoiceField(_PickerField["User"], _PeopleField):
    search_fields = PersonChoiceField.search_fields

    def __init__(self, *, queryset: QuerySet[User] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", PickerSelectMultiple(attrs={"class": "govuk-select app-picker__select", "size": 10})
        )
        super().__init__(queryset=people_with_roles() if queryset is None else queryset, **kwargs)
        self._attach()

    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)

    @staticmethod
    def group_of(obj: User) -> str:
        return obj.organisation.name if obj.organisation is not None else "No organisation"


class OrganisationMultipleChoiceField(_PickerField["Organisation"], _OrganisationsField):
    search_fields = ("name", "kind")

    def __init__(self, *, queryset: QuerySet[Organisation], **kwargs: Any) -> None:
        widget = PickerSelectMultiple(attrs={"class": "govuk-select app-picker__select", "size": 10})
        widget.noun = "organisations"
        kwargs.setdefault("widget", widget)
        super().__init__(queryset=queryset, **kwargs)
        self._attach()

    def label_from_instance(self, obj: Organisation) -> str:
        return organisation_label(obj)

    @staticmethod
    def group_of(obj: Organisation) -> str:
        return obj.get_kind_display()


PICKER_FIELDS: tuple[type[_PickerField[Any]], ...] = (
    PersonChoiceField,
    PeopleMultipleChoiceField,
    OrganisationMultipleChoiceField,
)


def is_search(request: HttpRequest) -> bool:
    return request.method == "POST" and SEARCH_BUTTON in request.POST


def narrow_form(form: forms.BaseForm, data: QueryDict | Mapping[str, Any]) -> None:
    """Apply the search the person asked for to the picker whose button they pressed, and
    show the form as typed without judging it (it was not submitted)."""
    wanted = data.get(SEARCH_BUTTON, "")
    prefix = f"{form.prefix}-" if form.prefix else ""
    for name, field in form.fields.items():
        if isinstance(field, PICKER_FIELDS):
            html_name = f"{prefix}{name}"
            query = data.get(f"{html_name}__q", "") if html_name == wanted else ""
            keep = data.getlist(html_name) if hasattr(data, "getlist") else [data.get(html_name)]
            field.narrow(query, keep)
    # The form's private error cache (not in django-stubs): empty, so the form is not judged.
    form._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}


def use_person_picker(form: forms.BaseForm, name: str, queryset: QuerySet[User] | None = None) -> None:
    """Turn a form's person field (a model form's, say) into a person picker, keeping its
    label, hint, messages and whether it is required. `queryset` narrows the people offered
    (a group's members); by default, everyone with a partnership role."""
    old = form.fields[name]
    if not isinstance(old, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a choice of people")
    multiple = isinstance(old, forms.ModelMultipleChoiceField)
    kwargs: dict[str, Any] = {
        "label": old.label,
        "required": old.required,
        "help_text": old.help_text,
        "initial": old.initial,
        "queryset": queryset if queryset is not None else people_with_roles(),
    }
    field: PersonChoiceField | PeopleMultipleChoiceField
    if multiple:
        field = PeopleMultipleChoiceField(**kwargs)
    else:
        field = PersonChoiceField(empty_label=old.empty_label or "Select a person", **kwargs)
    field.error_messages.update(old.error_messages)
    form.fields[name] = field


class OrganisationChoiceField(_PickerField["Organisation"], _OrganisationField):
    search_fields = OrganisationMultipleChoiceField.search_fields

    def __init__(self, *, queryset: QuerySet[Organisation], **kwargs: Any) -> None:
        widget = PickerSelect(attrs={"class": "govuk-select app-picker__select"})
        widget.noun = "organisations"
        kwargs.setdefault("widget", widget)
        kwargs.setdefault("empty_label", "Select an organisation")
        super().__init__(queryset=queryset, **kwargs)
        self._attach()

    def label_from_instance(self, obj: Organisation) -> str:
        return organisation_label(obj)

    @staticmethod
    def group_of(obj: Organisation) -> str:
        return obj.get_kind_display()


PICKER_FIELDS = (*PICKER_FIELDS, OrganisationChoiceField)


def use_organisation_picker(form: forms.BaseForm, name: str) -> None:
    """Turn a form's organisation select into a searchable picker (same label, hint,
    messages, choices and whether it is required)."""
    old = form.fields[name]
    if not isinstance(old, forms.ModelChoiceField) or old.queryset is None:
        raise TypeError(f"{name} is not a choice of organisations")
    field = OrganisationChoiceField(
        queryset=old.queryset.order_by("kind", "name"),
        label=old.label,
        required=old.required,
        help_text=old.help_text,
        initial=old.initial,
        empty_label=old.empty_label or "Select an organisation",
    )
    field.error_messages.update(old.error_messages)
    form.fields[name] = field
