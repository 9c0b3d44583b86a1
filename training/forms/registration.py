"""Practitioners register themselves to book training: django-allauth's sign-up form (its
email verification, password rules and account-enumeration protection) with a work email whose
domain belongs to an organisation in the directory."""

from allauth.account.forms import SignupForm
from django import forms
from django.db import transaction

from core.services import DomainError
from partnership.models import Organisation, email_domain
from partnership.selectors import organisations_owning_email

from ..services.practitioners import practitioner_register


class PractitionerSignupForm(SignupForm):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name", "max_length": "Your name must be 200 characters or fewer"},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Your job title must be 200 characters or fewer"},
    )
    field_order = ["name", "email", "organisation", "job_title", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Work email address"
        email.help_text = (
            "The address your organisation gave you, like name@yourtrust.nhs.uk. Its ending must belong to an "
            "organisation in the partnership’s directory."
        )
        email.widget.attrs.pop("placeholder", None)
        email.widget.attrs["spellcheck"] = "false"
        email.error_messages["required"] = "Enter your work email address"
        email.error_messages["invalid"] = "Enter an email address in the correct format, like name@example.org"
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["password1"].error_messages["required"] = "Enter a password"
        if "password2" in self.fields:
            self.fields["password2"].label = "Confirm your password"
            self.fields["password2"].error_messages["required"] = "Enter your password again"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
        # A domain several organisations share (a health service's common domain) needs the
        # person to say which one they work for.
        self.matches = organisations_owning_email(str(self.data.get("email", ""))) if self.is_bound else []
        if len(self.matches) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label="Organisation you work for",
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in self.matches]).order_by("name"),
                empty_label="Select your organisation",
                help_text="Several organisations use this email address ending",
                error_messages={
                    "required": "Select the organisation you work for",
                    "invalid_choice": "Select the organisation you work for",
                },
            )
            self.order_fields(self.field_order)
        self.error_summary_anchor = "id_name"

    def clean_email(self):
        email = super().clean_email()
        if not organisations_owning_email(email):
            domain = email_domain(email) or "this address"
            raise forms.ValidationError(
                f"Use your work email address: “{domain}” does not belong to an organisation in the partnership’s "
                "directory. If it is your organisation’s, ask its safeguarding lead or the partnership’s business "
                "unit to add it."
            )
        return email

    def organisation(self) -> Organisation | None:
        if "organisation" in self.cleaned_data:
            return self.cleaned_data["organisation"]
        matches = organisations_owning_email(self.cleaned_data.get("email", ""))
        return matches[0] if len(matches) == 1 else None

    def save(self, request):
        # One transaction: the account, its practitioner role and agency, or nothing.
        with transaction.atomic():
            return super().save(request)

    def custom_signup(self, request, user) -> None:
        organisation = self.organisation()
        if organisation is None:
            raise DomainError("Select the organisation you work for")
        practitioner_register(
            user=user,
            name=self.cleaned_data["name"],
            organisation=organisation,
            job_title=self.cleaned_data.get("job_title", ""),
        )
