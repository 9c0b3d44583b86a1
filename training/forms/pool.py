"""Forms for the training pool."""

from django import forms

from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, User, normalise_email

from ..models import Course, Trainer


def _agencies():
    return Organisation.objects.filter(is_active=True).only("pk", "name").order_by("name")


class TrainerAddForm(forms.Form):
    email = forms.EmailField(
        label="Their email address in the portal",
        help_text="They need an account first: someone outside the partnership registers as a practitioner",
        error_messages={
            "required": "Enter the trainer’s email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    organisation = forms.ModelChoiceField(
        label="The agency they come from",
        queryset=Organisation.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency they come from",
            "invalid_choice": "Select an agency from the list",
        },
    )
    courses = forms.ModelMultipleChoiceField(
        label="Courses they deliver",
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select courses from the list",
            "invalid_pk_value": "Select courses from the list",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Notes must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _agencies()
        self.fields["courses"].queryset = Course.objects.exclude(status=Course.Status.RETIRED)

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("There is no active account with this email address")
        if Trainer.objects.filter(person=person).exists():
            raise forms.ValidationError(f"{person} is already in the training pool")
        self.person = person
        return email


class TrainerForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"organisation": "Select the agency they come from", "courses": "Select courses from the list"}

    class Meta:
        model = Trainer
        fields = ["organisation", "courses", "is_active", "notes"]
        widgets = {"courses": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"is_active": "Untick when they leave the pool: their sessions and hours stay on record"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _agencies()
        self.fields["organisation"].empty_label = "Select an agency"
        self.fields["courses"].queryset = Course.objects.exclude(status=Course.Status.RETIRED)
        self.fields["courses"].required = False
        self.fields["notes"].max_length = 2000
