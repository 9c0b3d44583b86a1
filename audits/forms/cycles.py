"""Forms for cycles, invitations, moderators and challenge events."""

from django import forms

from core import calendar
from core.forms import GovukDateField
from core.roles import Role
from partnership.models import Organisation, User

from ..models import AuditCycle, AuditSubmission, Framework, FrameworkVersion
from . import GovukLengths

PAST_WINDOW = (
    "The closing date is in the past: enter a date from today, or say the cycle is being recorded after the fact"
)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FrameworkVersion) -> str:
        return f"{obj.framework.name}, version {obj.number}"


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, {obj.audit_duty_short})"


def _window_fields():
    return (
        GovukDateField(label="Opening date", label_name="the opening date", min_year=2000),
        GovukDateField(
            label="Closing date",
            label_name="the closing date",
            min_year=2000,
            help_text="The deadline for returns. Reminders go before it; organisations are chased after it.",
        ),
    )


class CycleForm(GovukLengths, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, “Section 11 audit 2026”",
        error_messages={"required": "Enter the cycle’s title"},
    )
    version = VersionChoiceField(
        label="Framework",
        queryset=FrameworkVersion.objects.none(),
        empty_label="Select a framework",
        help_text="Only published versions can be used; the cycle keeps this version even if a newer one is published",
        error_messages={"required": "Select the framework", "invalid_choice": "Select a framework from the list"},
    )
    opens_on, closes_on = _window_fields()
    recorded_after = forms.BooleanField(
        label="This cycle ran outside the portal and is being recorded after the fact",
        help_text="Only then can its window be in the past. Nobody is invited or reminded when it is launched.",
        required=False,
    )
    actions_due_on = GovukDateField(
        label="Actions due by (optional)",
        label_name="the date actions are due",
        min_year=2000,
        required=False,
        help_text="The due date of each action proposed from a weak answer. If you leave it blank, "
        "actions are due six months after the return is accepted.",
    )
    previous = forms.ModelChoiceField(
        label="Compare with (optional)",
        queryset=AuditCycle.objects.none(),
        required=False,
        empty_label="The latest earlier cycle on the same framework",
        error_messages={"invalid_choice": "Select a cycle from the list"},
    )

    def __init__(self, *args, edit: bool = False, exclude_pk: int | None = None, current_closes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_closes = current_closes
        self.fields["version"].queryset = (
            FrameworkVersion.objects.filter(
                status=FrameworkVersion.Status.PUBLISHED, framework__purpose=Framework.Purpose.SELF_ASSESSMENT
            )
            .select_related("framework")
            .order_by("framework__name", "-number")
        )
        self.fields["previous"].queryset = AuditCycle.objects.exclude(pk=exclude_pk).order_by("-opens_on")
        if edit:
            del self.fields["version"]
            self.fields["previous"].empty_label = "No comparison"

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes <= opens:
            self.add_error("closes_on", "The closing date must be after the opening date")
        elif closes and closes != self.current_closes and closes < calendar.today() and not data.get("recorded_after"):
            self.add_error("closes_on", PAST_WINDOW)
        due = data.get("actions_due_on")
        if due and closes and due <= closes:
            self.add_error("actions_due_on", "The date actions are due must be after the closing date")
        return data


class InviteForm(forms.Form):
    organisations = OrganisationChoiceField(
        label="Organisations to invite",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one organisation to invite",
            "invalid_choice": "Select organisations from the list",
            "invalid_pk_value": "Select organisations from the list",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why is the organisation being removed?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the cycle’s history. Needed once the cycle is launched.",
    )


def partnership_people():
    return (
        User.objects.filter(
            is_active=True, groups__name__in=[Role.BUSINESS_UNIT.label, Role.MEMBER.label, Role.EXECUTIVE.label]
        )
        .distinct()
        .select_related("organisation")
        .order_by("name")
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name}, {obj.organisation}" if obj.organisation_id else obj.name


class ModeratorsForm(forms.Form):
    moderators = PersonChoiceField(
        label="Peer moderators",
        help_text="They see the cycle’s returns, rate their confidence in each and comment on answers",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderators"].queryset = partnership_people()


class SubmissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AuditSubmission) -> str:
        return str(obj.organisation)


class EventForm(GovukLengths, forms.Form):
    date = GovukDateField(label="Date", label_name="the date of the event", min_year=2000)
    start_time = forms.TimeField(
        label="Start time (optional)",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="Use the 24-hour clock, like 09:30 or 14:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter a time like 09:30 or 14:00"},
    )
    location = forms.CharField(label="Where (optional)", max_length=300, required=False)
    presenting = SubmissionChoiceField(
        label="Organisations presenting",
        queryset=AuditSubmission.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Select organisations from the list",
            "invalid_pk_value": "Select organisations from the list",
        },
    )
    panel = PersonChoiceField(
        label="Challenge panel",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, cycle: AuditCycle, panel_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenting"].queryset = (
            cycle.submissions.filter(is_withdrawn=False).select_related("organisation").order_by("organisation__name")
        )
        self.fields["panel"].queryset = panel_people


class ChaseSubmissionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AuditSubmission) -> str:
        return f"{obj.organisation} ({obj.organisation.get_kind_display()}): {obj.get_status_display().lower()}"


class ChaseForm(GovukLengths, forms.Form):
    submissions = ChaseSubmissionField(
        label="Organisations to chase",
        queryset=AuditSubmission.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one organisation to chase",
            "invalid_choice": "Select organisations from the list",
            "invalid_pk_value": "Select organisations from the list",
        },
    )
    message = forms.CharField(
        label="Message",
        max_length=3000,
        help_text="Sent to each organisation’s leads, one message each, with a link to their return",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the message to send"},
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = submissions
