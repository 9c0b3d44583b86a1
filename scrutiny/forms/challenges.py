"""Forms for the challenge log and escalations."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from subgroups import permissions as group_permissions
from subgroups.models import PartnershipGroup

from .. import permissions
from ..models import Challenge, Escalation, EscalationStage
from .fields import (
    assurance_field,
    date_field,
    line_field,
    organisations,
    people,
    person_field,
    scrutineers,
    text_field,
)


def _directed_fields(form) -> None:
    form.fields["directed_to_organisation"].queryset = organisations()
    form.fields["directed_to_group"].queryset = PartnershipGroup.objects.filter(
        status=PartnershipGroup.Status.ACTIVE
    ).order_by("name")


class ChallengeRaiseForm(forms.Form):
    question = text_field("The challenge", "Enter the challenge", help_text="The question as it was put")
    directed_to_organisation = forms.ModelChoiceField(
        label="Asked of an organisation",
        queryset=None,
        required=False,
        empty_label="Not an organisation",
        help_text="Its leads answer",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    directed_to_group = forms.ModelChoiceField(
        label="Or asked of a group",
        queryset=None,
        required=False,
        empty_label="Not a group",
        help_text="Its chair answers",
        error_messages={"invalid_choice": "Select a group from the list"},
    )
    meeting = forms.ModelChoiceField(
        label="Raised in the meeting",
        queryset=None,
        required=False,
        empty_label="Not in a meeting",
        help_text="Meetings of the past year and the next three months",
        error_messages={"invalid_choice": "Select a meeting from the list"},
    )
    raised_during = line_field(
        "Raised during (if not in a meeting)",
        "",
        required=False,
        help_text="For example, the Section 11 challenge event",
    )
    raised_by = person_field("Raised by", required=True, empty_label="Select a person")
    response_due = date_field(
        "Response due (optional)",
        "the date the response is due",
        required=False,
        help_text="Leave it empty for the partnership’s usual time to respond. For example, 27 3 2027",
    )

    def __init__(self, *args, user, fixed_source: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _directed_fields(self)
        if fixed_source:
            del self.fields["meeting"]
            del self.fields["raised_during"]
        else:
            today = timezone.localdate()
            self.fields["meeting"].queryset = (
                group_permissions.meetings_visible_to(user)
                .filter(date__range=(today - timedelta(days=366), today + timedelta(days=92)))
                .select_related("group")
                .order_by("-date", "group__name")
            )
        if permissions.is_business_unit(user):
            self.fields["raised_by"].queryset = people()
            self.fields["raised_by"].help_text = "The business unit can record a challenge someone else raised"
        else:
            del self.fields["raised_by"]

    def clean(self):
        data = super().clean()
        organisation, group = data.get("directed_to_organisation"), data.get("directed_to_group")
        if organisation and group:
            self.add_error("directed_to_group", "Select an organisation or a group, not both")
        elif not organisation and not group and not self.has_error("directed_to_organisation"):
            self.add_error("directed_to_organisation", "Select the organisation or the group the challenge is for")
        if data.get("response_due") and data["response_due"] < timezone.localdate():
            self.add_error("response_due", "The response due date must be today or in the future")
        return data


class ChallengeEditForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"question": "Enter the challenge"}
    response_due = date_field("Response due", "the date the response is due")

    class Meta:
        model = Challenge
        fields = ["question", "raised_during", "response_due"]
        widgets = {"question": forms.Textarea(attrs={"rows": 4})}
        labels = {"question": "The challenge", "raised_during": "Raised during (if not in a meeting)"}

    def clean(self):
        data = super().clean()
        if data.get("response_due") and self.instance.raised_on and data["response_due"] < self.instance.raised_on:
            self.add_error("response_due", "The response due date must be on or after the date it was raised")
        return data


class ChallengeAnswerForm(forms.Form):
    response = text_field(
        "Your response",
        "Enter the response",
        rows=8,
        help_text="Answer the question, and say what evidence there is",
    )


class ChallengeCloseForm(forms.Form):
    assurance_level = assurance_field("How assured is the partnership by the response?")
    comment = text_field(
        "Comment",
        "",
        rows=4,
        required=False,
        help_text="Needed if the partnership is only partly assured or not assured: say why",
    )

    def clean(self):
        data = super().clean()
        if data.get("assurance_level") and data["assurance_level"] != "assured" and not data.get("comment"):
            self.add_error("comment", "Enter why the partnership is not fully assured")
        return data


def _stage_choice(label: str = "Stage") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Escalation.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage", "invalid_choice": "Select a stage from the list"},
    )


class StageFieldsMixin:
    """The fields every stage record has."""

    def _stage_fields(self) -> None:
        self.fields["handled_by"].queryset = people()
        self.fields["mediator"].queryset = scrutineers()


def _who_field() -> forms.CharField:
    return line_field(
        "Who is involved",
        "Enter who is involved at this stage",
        max_length=300,
        help_text="Roles and organisations, for example “Head of service, children’s social care”",
    )


class ChallengeEscalateForm(StageFieldsMixin, forms.Form):
    stage = _stage_choice("Stage the escalation starts at")
    who = _who_field()
    summary = text_field("Summary", "Enter a summary of the disagreement at this stage")
    handled_by = person_field("Lead for this stage")
    mediator = person_field("Independent scrutineer mediating", empty_label="No mediation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stage_fields()
        self.fields["stage"].initial = Escalation.Stage.PARTNERSHIP


class EscalationForm(StageFieldsMixin, forms.Form):
    title = line_field(
        "Subject",
        "Enter the subject of the disagreement",
        help_text="A short description, safe to show in lists: never a child’s name",
    )
    concern = text_field("What the disagreement is about", "Enter what the disagreement is about", rows=6)
    raising_organisation = forms.ModelChoiceField(
        label="Raised by the organisation",
        queryset=None,
        required=False,
        empty_label="The partnership",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    other_organisation = forms.ModelChoiceField(
        label="Disagreement with the organisation",
        queryset=None,
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    stage = _stage_choice("Stage it has reached")
    started_on = date_field("Date the stage began", "the date the stage began")
    who = _who_field()
    summary = text_field("Summary of this stage", "Enter a summary of this stage")
    handled_by = person_field("Lead for this stage")
    mediator = person_field("Independent scrutineer mediating", empty_label="No mediation")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._stage_fields()
        self.fields["other_organisation"].queryset = organisations()
        if permissions.is_business_unit(user):
            self.fields["raising_organisation"].queryset = organisations()
        else:
            self.fields["raising_organisation"].queryset = organisations().filter(
                pk__in=permissions.led_organisation_ids(user)
            )
            self.fields["raising_organisation"].required = True
            self.fields["raising_organisation"].empty_label = "Select your organisation"
            self.fields["raising_organisation"].error_messages["required"] = "Select the organisation raising it"

    def clean(self):
        data = super().clean()
        raising, other = data.get("raising_organisation"), data.get("other_organisation")
        if raising and other and raising == other:
            self.add_error("other_organisation", "Select a different organisation from the one raising it")
        if data.get("started_on") and data["started_on"] > timezone.localdate():
            self.add_error("started_on", "The date the stage began must be today or in the past")
        return data


class StageRecordForm(ConcurrencyGuard, StageFieldsMixin, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "who": "Enter who is involved at this stage",
        "summary": "Enter a summary of this stage",
        "handled_by": "Select a person from the list",
        "mediator": "Select the independent scrutineer from the list",
    }

    class Meta:
        model = EscalationStage
        fields = ["who", "summary", "handled_by", "mediator", "outcome"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "outcome": forms.Textarea(attrs={"rows": 3})}
        labels = {"outcome": "Outcome so far (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stage_fields()
        self.fields["handled_by"].empty_label = "Nobody on the portal"
        self.fields["mediator"].empty_label = "No mediation"
        self.fields["handled_by"].required = False
        self.fields["mediator"].required = False


class EscalationAdvanceForm(StageFieldsMixin, forms.Form):
    outcome = text_field("Outcome of the current stage", "Enter the outcome of the current stage", rows=3)
    next_stage = _stage_choice("Move to the stage")
    started_on = date_field("Date the next stage began", "the date the next stage began")
    who = _who_field()
    summary = text_field("Summary of the next stage", "Enter a summary of the next stage")
    handled_by = person_field("Lead for the next stage")
    mediator = person_field("Independent scrutineer mediating", empty_label="No mediation")

    def __init__(self, *args, escalation: Escalation, **kwargs):
        super().__init__(*args, **kwargs)
        self._stage_fields()
        later = escalation.later_stages()
        self.fields["next_stage"].choices = later
        if later:
            self.fields["next_stage"].initial = later[0][0]


class EscalationResolveForm(forms.Form):
    outcome = text_field("How it was resolved", "Enter how it was resolved")
    resolved_on = date_field("Date resolved", "the date it was resolved")

    def clean_resolved_on(self):
        value = self.cleaned_data["resolved_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date resolved must be today or in the past")
        return value
