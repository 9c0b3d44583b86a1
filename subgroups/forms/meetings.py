"""Forms for meetings: the meeting, its agenda, papers, attendance and minutes."""

from datetime import timedelta

from django import forms

from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from core.forms import GovukDateField
from core.pickers import use_person_picker
from partnership.forms import GovukMessagesMixin
from partnership.models import StrategicPriority, User

from ..models import (
    AgendaItem,
    Attendance,
    ForwardPlanItem,
    Meeting,
    MinuteEntry,
    PartnershipGroup,
)


def _time_field(label: str, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"],
        help_text="Use the 24-hour clock, like 09:30 or 14:00",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a time like 09:30 or 14:00"},
    )


class MeetingForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    date = GovukDateField(label="Date", label_name="the date of the meeting", min_year=2000, max_year=2100)
    start_time = _time_field("Start time")
    end_time = _time_field("End time", required=False)
    online_link = forms.URLField(
        label="Online meeting link",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a web address in the correct format, like https://meet.example.org/abc"},
    )

    forward_items = forms.ModelMultipleChoiceField(
        label="Items from the forward plan for the agenda",
        queryset=ForwardPlanItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each becomes an agenda item for this meeting",
        error_messages={"invalid_choice": "Select items from the forward plan"},
    )

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "location", "online_link"]

    def __init__(self, *args, group: PartnershipGroup | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or group is None:
            del self.fields["forward_items"]
            return
        items = ForwardPlanItem.objects.filter(group=group, agenda_item__isnull=True).order_by("planned_month", "pk")
        self.fields["forward_items"].queryset = items
        self.fields["forward_items"].label_from_instance = lambda item: (
            f"{item.title} ({item.get_kind_display().lower()}"
            + (f", planned for {item.planned_month:%B %Y}" if item.planned_month else "")
            + ")"
        )
        if not items.exists():
            del self.fields["forward_items"]


class AgendaItemForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "title": "Enter the item’s title",
        "kind": "Select what the item is for",
        "presenter": "Select the presenter from the list",
        "priority": "Select a strategic priority from the list",
        "minutes_allocated": "Enter the time for the item in minutes",
    }
    forward_plan_item = forms.ModelChoiceField(
        label="From the forward plan",
        queryset=ForwardPlanItem.objects.none(),
        required=False,
        empty_label="Not from the forward plan",
        help_text="Choosing one takes its title if you leave the title empty",
        error_messages={"invalid_choice": "Select an item from the forward plan"},
    )

    class Meta:
        model = AgendaItem
        fields = ["forward_plan_item", "title", "kind", "presenter", "presenter_name", "minutes_allocated", "priority"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        use_person_picker(self, "presenter")
        self.fields["presenter"].empty_label = "Nobody on the portal"
        self.fields["priority"].queryset = StrategicPriority.objects.filter(is_active=True)
        self.fields["priority"].empty_label = "No linked priority"
        self.fields["minutes_allocated"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
        )
        self.fields["minutes_allocated"].error_messages["invalid"] = "Enter the time in whole minutes, like 15"
        self.fields["minutes_allocated"].validators.append(_sensible_minutes)
        if self.instance.pk:
            del self.fields["forward_plan_item"]
        else:
            self.fields["forward_plan_item"].queryset = ForwardPlanItem.objects.filter(
                group=meeting.group, agenda_item__isnull=True
            )
            self.fields["title"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("forward_plan_item") and "title" not in self.errors:
            self.add_error("title", "Enter the item’s title")
        return data


def _sensible_minutes(value):
    if not 1 <= value <= 240:
        raise forms.ValidationError("Enter a time between 1 and 240 minutes")


class PaperRequestForm(forms.Form):
    title = forms.CharField(label="Paper title", max_length=300, error_messages={"required": "Enter the paper’s title"})
    owner = forms.ModelChoiceField(
        label="Who owes the paper",
        queryset=User.objects.none(),
        empty_label="Select a person",
        error_messages={"required": "Select who owes the paper", "invalid_choice": "Select a person from the list"},
    )
    summary = forms.CharField(
        label="Summary for the cover sheet (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_person_picker(self, "owner")


class PaperUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the paper",
        help_text="PDF, Word, Excel, PowerPoint, ODT, PNG or JPEG, smaller than 20MB",
        validators=[paper_validator()],
        error_messages={"required": "Select the paper to upload", "empty": "The selected file is empty"},
    )
    summary = forms.CharField(
        label="Summary for the cover sheet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the paper says and what the group is asked to do, in a few sentences",
    )


class MinutesForm(ConcurrencyGuard, forms.Form):
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)

    def snapshot(self) -> dict[str, str]:
        self.item.refresh_from_db(fields=["minutes"])
        return {"minutes": self.item.minutes}


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=MinuteEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select decision or challenge"},
    )
    text = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the decision or the challenge"},
    )
    raised_by = forms.ModelChoiceField(
        label="Raised by (for a challenge)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    directed_to = forms.CharField(
        label="Asked of (for a challenge)",
        required=False,
        max_length=200,
        help_text="An organisation, a group or a person",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_person_picker(self, "raised_by")


class PaperReuseForm(forms.Form):
    presented_at = forms.ModelChoiceField(
        label="Presented before at",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not presented before",
        help_text="A paper should go to one meeting only: say where it went before, so the group knows",
        error_messages={"invalid_choice": "Select an earlier meeting from the list"},
    )

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = paper.item.meeting
        self.fields["presented_at"].queryset = (
            Meeting.objects.filter(date__lt=meeting.date, date__gte=meeting.date - timedelta(days=3 * 366))
            .select_related("group")
            .order_by("-date", "group__name")
        )
        self.fields["presented_at"].label_from_instance = lambda m: f"{m.group}, {m.date:%-d %B %Y}"


class MinutesApprovalForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label="Approved at",
        queryset=Meeting.objects.none(),
        empty_label="Select the meeting",
        error_messages={
            "required": "Select the meeting that approved the minutes",
            "invalid_choice": "Select a meeting from the list",
        },
    )
    amendments = forms.CharField(
        label="Amendments (if any)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As agreed at the meeting, for example “Item 4: ‘CAMHS’ should read ‘the ICB’”",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(
            group=meeting.group, date__gt=meeting.date
        ).order_by("date")


ATTENDANCE_CHOICES = [
    ("", "Not recorded"),
    (Attendance.Status.PRESENT, "Present"),
    (Attendance.Status.APOLOGIES, "Apologies"),
    (Attendance.Status.DEPUTY, "Named deputy attended"),
    (Attendance.Status.ABSENT, "Absent without apologies"),
]


class AttendanceForm(ConcurrencyGuard, forms.Form):
    """One status per member; their named deputy counts when they attend instead. Observers
    and guest speakers are added by name."""

    observers = forms.CharField(
        label="Observers (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the lead member for children’s services",
    )
    guests = forms.CharField(
        label="Guest speakers (one per line, optionally “Name: item title”)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, memberships, existing: dict, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            field = forms.ChoiceField(
                label=f"{membership.person}" + (f", {membership.organisation}" if membership.organisation else ""),
                choices=ATTENDANCE_CHOICES,
                required=False,
                widget=forms.Select,
                help_text=f"Named deputy: {membership.deputy}" if membership.deputy else "No named deputy",
                error_messages={"invalid_choice": "Select an attendance status from the list"},
            )
            field.initial = existing.get(membership.person_id, "")
            self.fields[f"member_{membership.person_id}"] = field
        self.fields["observers"].initial = existing.get("observers", "")
        self.fields["guests"].initial = existing.get("guests", "")
        self.order_fields([f"member_{m.person_id}" for m in self.memberships] + ["observers", "guests"])

    def clean(self):
        data = super().clean()
        member_ids = {m.person_id for m in self.memberships}
        for membership in self.memberships:
            name = f"member_{membership.person_id}"
            if data.get(name) != Attendance.Status.DEPUTY:
                continue
            if not membership.deputy_id:
                self.add_error(name, f"{membership.person} has no named deputy: record another status")
            elif membership.deputy_id in member_ids and data.get(f"member_{membership.deputy_id}"):
                self.add_error(
                    name, f"{membership.deputy} is a member in their own right: record their own attendance instead"
                )
        return data

    def snapshot(self) -> dict[str, str]:
        rows = sorted(
            f"{row.person_id or row.name}:{row.status}:{row.deputy_for_id or ''}"
            for row in self.meeting.attendance.all()
        )
        return {"attendance": "; ".join(rows)}

    def field_label(self, name: str) -> str:
        return "The attendance recorded" if name == "attendance" else super().field_label(name)

    def describe(self, name: str, value: str) -> str:
        return "changed" if name == "attendance" else super().describe(name, value)

    def rows(self, items) -> list[dict]:
        by_title = {item.title.lower(): item for item in items}
        rows = []
        for membership in self.memberships:
            status = self.cleaned_data.get(f"member_{membership.person_id}")
            if not status:
                continue
            rows.append({"person": membership.person, "organisation": membership.organisation, "status": status})
            if status == Attendance.Status.DEPUTY:
                rows[-1]["status"] = Attendance.Status.APOLOGIES
                rows.append(
                    {
                        "person": membership.deputy,
                        "status": Attendance.Status.DEPUTY,
                        "deputy_for": membership.person,
                        "organisation": membership.organisation,
                    }
                )
        for line in _lines(self.cleaned_data.get("observers")):
            rows.append({"name": line[:200], "status": Attendance.Status.OBSERVER})
        for line in _lines(self.cleaned_data.get("guests")):
            name, _, title = line.partition(":")
            rows.append(
                {
                    "name": name.strip()[:200],
                    "status": Attendance.Status.GUEST,
                    "item": by_title.get(title.strip().lower()),
                }
            )
        return rows


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
