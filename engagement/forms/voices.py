from django import forms

from core import calendar
from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, StrategicPriority
from subgroups.models import PartnershipGroup

from ..models import Survey, YouSaid
from .fields import CONFIRM_NO_NAMES, PersonChoiceField, date_field, people_with_roles, text_area


class YouSaidForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    heard_on = date_field("Date we heard it", "the date we heard it", help_text="For example, 14 2 2026")
    confirmed = forms.BooleanField(label=CONFIRM_NO_NAMES, required=False)
    messages = {
        "summary": "Enter what was said, in a sentence",
        "said": "Enter what they told us",
        "voice": "Select who said it",
        "source": "Select where we heard it",
    }

    class Meta:
        model = YouSaid
        fields = [
            "summary",
            "said",
            "voice",
            "source",
            "source_detail",
            "heard_on",
            "priorities",
            "group",
            "organisations",
            "survey",
        ]
        widgets = {
            "said": forms.Textarea(attrs={"rows": 5}),
            "voice": forms.RadioSelect,
            "source": forms.RadioSelect,
            "priorities": forms.CheckboxSelectMultiple,
            "organisations": forms.SelectMultiple(attrs={"class": "govuk-select app-select-multiple", "size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["said"].max_length = 5000
        self.fields["priorities"].queryset = StrategicPriority.objects.filter(is_active=True).order_by(
            "position", "title"
        )
        self.fields["group"].queryset = PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE).order_by(
            "name"
        )
        self.fields["group"].empty_label = "No group: the business unit reviews it"
        self.fields["organisations"].queryset = Organisation.objects.filter(is_active=True).only("pk", "name")
        self.fields["organisations"].help_text = (
            "Optional. Those agencies can cite it as evidence of listening. Hold Ctrl (or Cmd on a Mac) to choose "
            "more than one."
        )
        self.fields["survey"].queryset = Survey.objects.filter(audience=Survey.Audience.CHILDREN).exclude(
            status=Survey.Status.DRAFT
        )
        self.fields["survey"].label = "From the survey (optional)"
        self.fields["survey"].empty_label = "Not from a survey"
        for name in ("priorities", "organisations", "group", "survey"):
            self.fields[name].error_messages.update(
                {"invalid_choice": "Select from the list", "invalid_pk_value": "Select from the list"}
            )
        if not self.fields["priorities"].queryset.exists():
            del self.fields["priorities"]

    def clean(self):
        data = super().clean()
        if data.get("heard_on") and data["heard_on"] > calendar.today():
            self.add_error("heard_on", "The date we heard it must be today or in the past")
        return data


class AssignForm(forms.Form):
    owner = PersonChoiceField(
        label="Owner",
        queryset=None,
        empty_label="Select the owner",
        help_text="The person who will say what was done. They are told, and reminded before the date.",
        error_messages={"required": "Select the owner", "invalid_choice": "Select a person from the list"},
    )
    response_due = date_field("“We did” due by", "the date “we did” is due")
    we_will = text_area(
        "What we will do (optional)",
        required=False,
        rows=3,
        help_text="Shown on the public page while it is in hand, if the entry is published",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_with_roles()

    def clean(self):
        data = super().clean()
        if data.get("response_due") and data["response_due"] < calendar.today():
            self.add_error("response_due", "The date “we did” is due must be today or in the future")
        return data


class RespondForm(forms.Form):
    we_did = text_area(
        "We did",
        "Enter what we did",
        rows=5,
        help_text="What changed because of what they said, or why it could not change. Written for the public page.",
    )
    done_on = date_field("Date it was done", "the date it was done")
    confirmed = forms.BooleanField(label=CONFIRM_NO_NAMES, required=False)

    def clean(self):
        data = super().clean()
        if data.get("done_on") and data["done_on"] > calendar.today():
            self.add_error("done_on", "The date it was done must be today or in the past")
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Is it done?",
        choices=[("agree", "Yes: what we did answers what they told us"), ("return", "No: return it to its owner")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is done"},
    )
    note = text_area("Your note", rows=3, required=False, help_text="Needed when you return it: what still needs doing")
    response_due = date_field("New date for “we did” (if you return it)", "the new date for “we did”", required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return":
            if not (data.get("note") or "").strip():
                self.add_error("note", "Enter what still needs doing")
            if not data.get("response_due") and "response_due" not in self.errors:
                self.add_error("response_due", "Enter the new date for “we did”")
            elif data.get("response_due") and data["response_due"] < calendar.today():
                self.add_error("response_due", "The new date for “we did” must be today or in the future")
        return data


class PublishForm(forms.Form):
    confirmed = forms.BooleanField(label=CONFIRM_NO_NAMES, required=False)


class YouSaidFilterForm(forms.Form):
    STATUSES = [("", "Any"), *YouSaid.Status.choices, ("overdue", "“We did” overdue")]

    status = forms.ChoiceField(label="Status", choices=STATUSES, required=False)
    source = forms.ChoiceField(
        label="Where we heard it", choices=[("", "Anywhere"), *YouSaid.Source.choices], required=False
    )
    priority = forms.ModelChoiceField(label="Priority", queryset=None, required=False, empty_label="Any")
    mine = forms.BooleanField(label="Only mine", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = StrategicPriority.objects.order_by("-is_active", "position", "title")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "source": data.get("source") or "",
            "priority": data.get("priority"),
            "mine": bool(data.get("mine")),
        }
