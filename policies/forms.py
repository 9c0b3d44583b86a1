"""Forms for the register, consultations, approval, publication, adoption and learning links.
GOV.UK wording; no side effects."""

from django import forms
from django.core.exceptions import ValidationError

from core import calendar
from core.concurrency import ConcurrencyGuard
from core.forms import GovukDateField, UploadValidator
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, User
from subgroups.models import Meeting, PartnershipGroup

from .models import ConsultationComment, Policy, ProcedureChangeRequest

# Consultation drafts and published procedures are documents, not spreadsheets or images.
DOCUMENT_TYPES = ["pdf", "docx", "doc", "odt", "txt"]


def _people():
    return User.objects.filter(is_active=True).only("pk", "name", "email").order_by("name")


def _document_field(label: str, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text="PDF, Word, ODT or plain text, smaller than 20MB",
        validators=[UploadValidator(DOCUMENT_TYPES)],
        error_messages={"required": "Select the document to upload", "empty": "The selected file is empty"},
    )


def _link_field() -> forms.URLField:
    return forms.URLField(
        label="Or a link to it in an external procedures manual",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example, the page of the regional child protection procedures manual",
        error_messages={"invalid": "Enter a web address like https://procedures.example.org/escalation"},
    )


def _one_organisation(field, organisations) -> None:
    """Someone choosing for one organisation only is not asked which: it goes with the form."""
    field.queryset = organisations
    only = list(organisations[:2])
    if len(only) == 1:
        field.initial = only[0].pk
        field.widget = forms.HiddenInput()
        field.label = f"For {only[0]}"


class PolicyForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "title": "Enter the title",
        "kind": "Select the type of document",
        "summary": "Enter what the document is for",
        "owner_group": "Select the group that owns it",
        "lead": "Select the named lead",
    }

    class Meta:
        model = Policy
        fields = ["title", "kind", "summary", "owner_group", "lead"]
        widgets = {"kind": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 4})}
        labels = {"title": "Title"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_group"].queryset = PartnershipGroup.objects.filter(
            status=PartnershipGroup.Status.ACTIVE
        ).order_by("name")
        self.fields["owner_group"].empty_label = "Select a group"
        self.fields["owner_group"].help_text = "The group that approves it and reviews it"
        self.fields["lead"].queryset = _people()
        self.fields["lead"].empty_label = "Select a person"
        self.fields["lead"].help_text = "Reminded when it is due for review; answers the comments on drafts"


class PolicyCreateForm(PolicyForm):
    file = _document_field("Upload the first draft")
    external_url = _link_field()
    change_summary = forms.CharField(
        label="About this version",
        required=False,
        initial="First version",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def is_guarding(self) -> bool:
        return False

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("external_url") and "file" not in self.errors:
            self.add_error("file", "Upload the document or give the link to it in the external manual")
        if data.get("file") and data.get("external_url"):
            self.add_error("external_url", "Upload the document or give a link, not both")
        return data


class VersionForm(forms.Form):
    change_summary = forms.CharField(
        label="What changed in this version",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what changed in this version"},
    )
    file = _document_field("Upload the draft")
    external_url = _link_field()

    def __init__(self, *args, needs_document: bool, **kwargs):
        self.needs_document = needs_document
        super().__init__(*args, **kwargs)
        if not needs_document:
            self.fields["file"].help_text = "Only if the document has changed. " + self.fields["file"].help_text

    def clean(self):
        data = super().clean()
        if self.needs_document and not data.get("file") and not data.get("external_url") and "file" not in self.errors:
            self.add_error("file", "Upload the document or give the link to it in the external manual")
        if data.get("file") and data.get("external_url"):
            self.add_error("external_url", "Upload the document or give a link, not both")
        return data


class ConsultationForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Which organisations are asked for comments",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Their leads are told, and reminded before the closing date until they answer",
        error_messages={
            "required": "Select at least one organisation to ask for comments",
            "invalid_choice": "Select organisations from the list",
            "invalid_pk_value": "Select organisations from the list",
        },
    )
    closes_on = GovukDateField(label="Comments due by", label_name="the date comments are due")
    question = forms.CharField(
        label="What are you asking them?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, which parts most need their views",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "-is_safeguarding_partner", "name"
        )

    def clean_closes_on(self):
        value = self.cleaned_data["closes_on"]
        if value and value <= calendar.today():
            raise ValidationError("The date comments are due must be in the future")
        return value


class CommentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Comments from",
        queryset=Organisation.objects.none(),
        empty_label="Select the organisation",
        error_messages={
            "required": "Select the organisation the comments are from",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    section = forms.CharField(
        label="Which part of the draft (optional)", required=False, max_length=200, help_text="For example, section 4.2"
    )
    text = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your comment"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        _one_organisation(self.fields["organisation"], organisations)


class NoCommentsForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="For",
        queryset=Organisation.objects.none(),
        empty_label="Select the organisation",
        error_messages={
            "required": "Select the organisation with no comments",
            "invalid_choice": "Select an organisation from the list",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        _one_organisation(self.fields["organisation"], organisations)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened to the draft",
        choices=ConsultationComment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened to the draft", "invalid_choice": "Select an answer"},
    )
    response = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The organisation is told, and the approving group reads it with the draft",
        error_messages={"required": "Enter your answer to the comment"},
    )


class ApprovalRequestForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        empty_label="Select the meeting",
        error_messages={"required": "Select the meeting", "invalid_choice": "Select a meeting from the list"},
    )

    def __init__(self, *args, group: PartnershipGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            group=group,
            date__gte=calendar.today(),
            status__in=[Meeting.Status.PLANNED, Meeting.Status.PAPERS_CIRCULATED],
        ).order_by("date", "start_time")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.date:%A %-d %B %Y}, {m.start_time:%H:%M}"


class ApprovalForm(forms.Form):
    decision = forms.TypedChoiceField(
        label="The group’s decision, as minuted",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision", "invalid_choice": "Select a decision from the list"},
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {d.pk: d for d in decisions}
        self.fields["decision"].choices = [(d.pk, f"{d.meeting.date:%-d %B %Y}: {d.text[:200]}") for d in decisions]

    def clean_decision(self):
        return self.decisions[self.cleaned_data["decision"]]


class PublishForm(forms.Form):
    published_on = GovukDateField(label="Date published", label_name="the date it was published")
    review_date = GovukDateField(
        label="Next review due",
        label_name="the review date",
        help_text="The lead is reminded before it, and the owning group’s chairs if it passes",
    )
    answers = forms.ModelMultipleChoiceField(
        label="Which learning does this version answer?",
        queryset=ProcedureChangeRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Those who raised it are told",
        error_messages={
            "invalid_choice": "Select learning from the list",
            "invalid_pk_value": "Select learning from the list",
        },
    )
    ask_adoption = forms.BooleanField(
        label="Ask the agencies’ leads to confirm they have adopted it",
        required=False,
        initial=True,
    )

    def __init__(self, *args, open_requests, **kwargs):
        super().__init__(*args, **kwargs)
        if not open_requests.exists():
            del self.fields["answers"]  # no learning waits on it: nothing to ask
            return
        self.fields["answers"].queryset = open_requests
        self.fields["answers"].label_from_instance = lambda r: f"{r.source_label}: {r.what_should_change[:150]}"
        self.fields["answers"].initial = list(open_requests.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        published, review = data.get("published_on"), data.get("review_date")
        if published and published > calendar.today():
            self.add_error("published_on", "The date it was published must be today or in the past")
        if published and review and review <= published:
            self.add_error("review_date", "The review date must be after the date it was published")
        return data


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select the organisation",
        error_messages={
            "required": "Select the organisation that has adopted it",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    note = forms.CharField(
        label="Anything to add (optional)",
        required=False,
        max_length=500,
        help_text="For example, where it is in your own procedures",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        _one_organisation(self.fields["organisation"], organisations)


class LearningSourceForm(forms.Form):
    """The first step: which kind of record the learning comes from (a GET form)."""

    source = forms.ChoiceField(
        label="Where does the learning come from?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the learning comes from", "invalid_choice": "Select an answer"},
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.key, s.label) for s in sources]


class LearningLinkForm(forms.Form):
    record = forms.TypedChoiceField(
        label="Which one",
        coerce=int,
        error_messages={"required": "Select the record", "invalid_choice": "Select a record from the list"},
    )
    what_should_change = forms.CharField(
        label="What should change in the document",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what should change in the document"},
    )

    def __init__(self, *args, choices, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "Select one"), *choices]
        self.fields["record"].label = label
