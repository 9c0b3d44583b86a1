from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.db.models import QuerySet

from core.concurrency import ConcurrencyGuard
from core.forms import UploadValidator
from core.roles import Role

from .models import BudgetContribution, Organisation, PartnershipDetails, StrategicPriority, User


class GovukMessagesMixin:
    """Sets the Design System's wording for required fields and bad choices.

    `messages` maps a field name to the "required" message, e.g. "Enter the organisation's
    name"; choices get "Select ..." wording.
    """

    messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.messages.items():
            field = self.fields[name]
            field.error_messages["required"] = message
            field.error_messages["invalid_choice"] = message
            field.error_messages["invalid_pk_value"] = message


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["spellcheck"] = "false"
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.error_summary_anchor = "id_login"


class OrganisationForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a web address in the correct format, like https://www.example.org"},
    )
    messages = {
        "name": "Enter the organisation’s name",
        "kind": "Select the kind of organisation",
        "involvement": "Select how the organisation is involved",
        "audit_duty": "Select the organisation’s audit duty",
        "parent": "Select a parent organisation from the list",
    }

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "is_safeguarding_partner",
            "is_relevant_agency",
            "involvement",
            "audit_duty",
            "parent",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "email_domains",
        ]
        widgets = {
            "involvement": forms.RadioSelect,
            "audit_duty": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "contact_email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Select a kind")] + list(Organisation.Kind.choices)
        parents = Organisation.objects.filter(is_active=True).only("pk", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "No parent organisation"
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["contact_phone"].widget.attrs.update(type="tel", autocomplete="tel")
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an organisation with this name")
        return name


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds")] + list(Organisation.Kind.choices)
    )
    audit_duty = forms.ChoiceField(
        label="Audit duty", required=False, choices=[("", "Any duty")] + list(Organisation.AuditDuty.choices)
    )
    involvement = forms.ChoiceField(
        label="Involvement", required=False, choices=[("", "Any involvement")] + list(Organisation.Involvement.choices)
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("active", "Active"), ("inactive", "Inactive"), ("all", "Active and inactive")],
    )
    partner = forms.BooleanField(label="Safeguarding partners only", required=False)

    def filter(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if not self.is_valid():
            return queryset.filter(is_active=True)
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(name__icontains=data["q"])
        for name in ("kind", "audit_duty", "involvement"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        status = data["status"] or "active"
        if status != "all":
            queryset = queryset.filter(is_active=status == "active")
        if data["partner"]:
            queryset = queryset.filter(is_safeguarding_partner=True)
        return queryset


class LeadsForm(ConcurrencyGuard, forms.Form):
    leads = forms.ModelMultipleChoiceField(
        label="Leads for this organisation",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leads answer audits and scorecard returns for the organisation. Choose from its active people.",
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = User.objects.filter(organisation=organisation, is_active=True)

    def snapshot(self) -> dict[str, str]:
        from .models import OrganisationUserObjectPermission
        from .permissions import LEAD_PERMISSION

        leads = OrganisationUserObjectPermission.objects.filter(
            content_object=self.organisation, permission__codename=LEAD_PERMISSION
        ).values_list("user__name", flat=True)
        return {"leads": ", ".join(sorted(leads))}


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class UserForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "name": "Enter the person’s full name",
        "email": "Enter the person’s email address",
        "organisation": "Select the person’s organisation from the list",
    }
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A person with no role can sign in but sees nothing of the partnership",
        error_messages={"invalid_choice": "Select roles from the list"},
    )

    class Meta:
        model = User
        fields = ["name", "email", "job_title", "organisation", "phone"]
        error_messages = {"email": {"invalid": "Enter an email address in the correct format, like name@example.org"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).only("pk", "name")
        self.fields["organisation"].empty_label = "Select an organisation"
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")
        if self.instance.pk:
            # The login is the partnership's to set; changing it is a separate, verified step.
            del self.fields["email"]

    def snapshot(self) -> dict[str, str]:
        values = super().snapshot()
        if self.instance.pk:
            values["roles"] = ", ".join(sorted(self.instance.groups.values_list("name", flat=True)))
        return values

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already an account with this email address")
        return email


class OwnDetailsForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"name": "Enter your full name"}

    class Meta:
        model = User
        fields = ["name", "job_title", "phone"]


class PriorityForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "title": "Enter the priority’s title",
        "description": "Enter a description of the priority",
        "period_start": "Enter the first year of the priority, like 2025",
        "period_end": "Enter the last year of the priority, like 2028",
        "lead": "Select the lead from the list",
    }

    class Meta:
        model = StrategicPriority
        fields = ["title", "description", "period_start", "period_end", "lead", "outcomes", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "outcomes": forms.Textarea(attrs={"rows": 5})}
        labels = {"position": "Order on the priorities page"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = User.objects.filter(is_active=True).only("pk", "name", "email")
        self.fields["lead"].empty_label = "No lead yet"
        for name in ("period_start", "period_end"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"})
            self.fields[name].error_messages["invalid"] = "Enter a year as 4 numbers, like 2025"
            self.fields[name].validators.append(_year_validator)
        self.fields["position"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
        )
        self.fields["position"].error_messages["invalid"] = "Enter the order as a whole number, like 1"


def _year_validator(value):
    if not 2000 <= value <= 2100:
        raise forms.ValidationError("Enter a year between 2000 and 2100")


class PartnershipDetailsForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"name": "Enter the partnership’s name"}
    concern_url = forms.URLField(
        label="Web page for reporting a concern",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a web address in the correct format, like https://www.example.org"},
    )

    class Meta:
        model = PartnershipDetails
        fields = [
            "name",
            "area",
            "description",
            "logo",
            "business_unit_email",
            "concern_phone",
            "concern_out_of_hours_phone",
            "concern_email",
            "concern_url",
            "concern_guidance",
        ]
        widgets = {
            "logo": forms.FileInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "concern_guidance": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"logo": "A PNG or JPEG image, smaller than 1MB. Leave empty to keep the current logo."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].validators.append(UploadValidator(["png", "jpg", "jpeg"], max_bytes=1024 * 1024))


class BudgetContributionForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "financial_year": "Enter the year the financial year starts in, like 2025",
        "organisation": "Select the contributing organisation",
        "cash_amount": "Enter the money contributed, or 0",
        "in_kind_amount": "Enter the value of the in-kind contribution, or 0",
    }

    class Meta:
        model = BudgetContribution
        fields = ["financial_year", "organisation", "cash_amount", "in_kind_amount", "in_kind_description"]
        widgets = {"in_kind_description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "-is_safeguarding_partner", "name"
        )
        self.fields["organisation"].empty_label = "Select an organisation"
        self.fields["financial_year"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}
        )
        self.fields["financial_year"].error_messages["invalid"] = "Enter a year as 4 numbers, like 2025"
        self.fields["financial_year"].validators.append(_year_validator)
        for name in ("cash_amount", "in_kind_amount"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"})
            self.fields[name].error_messages["invalid"] = "Enter an amount in pounds, like 25000 or 25000.50"
            self.fields[name].error_messages["max_digits"] = "Enter an amount less than £10,000,000,000"
            self.fields[name].error_messages["max_decimal_places"] = (
                "Enter an amount with no more than 2 decimal places (pence)"
            )
            self.fields[name].min_value = 0
            self.fields[name].validators.append(_not_negative)


def _not_negative(value):
    if value < 0:
        raise forms.ValidationError("Enter an amount of 0 or more")
