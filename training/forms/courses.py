"""Forms for courses and sessions (the business unit's)."""

from django import forms

from core import learning
from core.concurrency import ConcurrencyGuard
from core.forms import GovukDateField
from partnership.forms import GovukMessagesMixin
from partnership.models import StrategicPriority

from ..models import Course, Level, Session, Trainer


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"],
        help_text="Use the 24-hour clock, like 09:30 or 14:00",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a time like 09:30 or 14:00"},
    )


class LearningChoiceField(forms.ModelMultipleChoiceField):
    """Learning marked "training to change", each described the way its source describes it."""

    descriptions: dict[int, str] = {}

    def label_from_instance(self, obj):
        return self.descriptions.get(obj.pk, str(obj))


class CourseForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "title": "Enter the course’s title",
        "kind": "Select the kind of course",
        "level": "Select the course’s level",
        "summary": "Enter what the course covers",
        "priorities": "Select strategic priorities from the list",
        "learning": "Select learning from the list",
    }
    learning = LearningChoiceField(
        label="Learning it takes up",
        queryset=learning.marks_of().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Learning themes and review findings marked “training to change” that this course answers",
    )

    class Meta:
        model = Course
        fields = ["title", "kind", "level", "summary", "outcomes", "audience", "priorities", "learning"]
        widgets = {
            "kind": forms.RadioSelect,
            "level": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "priorities": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"max_length": "The title must be 200 characters or fewer"},
            "audience": {"max_length": "Who it is for must be 300 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = StrategicPriority.objects.filter(is_active=True)
        marks = learning.marks_of()
        self.fields["learning"].queryset = marks
        self.fields["learning"].descriptions = {m.mark.pk: m.description for m in learning.marked(marks, user=None)}
        self.fields["title"].widget.attrs["spellcheck"] = "true"

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        clash = Course.objects.filter(title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a course with this title")
        return title


class CourseFilterForm(forms.Form):
    q = forms.CharField(label="Search by title", required=False, max_length=100)
    level = forms.ChoiceField(label="Level", required=False, choices=[("", "Any level"), *Level.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *Course.Status.choices])

    def values(self) -> dict:
        if not self.is_valid():
            return {"query": "", "level": "", "status": ""}
        return {
            "query": self.cleaned_data["q"],
            "level": self.cleaned_data["level"],
            "status": self.cleaned_data["status"],
        }


class SessionForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"capacity": "Enter the number of places", "trainers": "Select trainers from the list"}
    date = GovukDateField(label="Date", label_name="the date of the session", min_year=2000, max_year=2100)
    start_time = time_field("Start time")
    end_time = time_field("End time")
    online_link = forms.URLField(
        label="Online joining link",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Sent only to people with a confirmed place",
        error_messages={"invalid": "Enter a web address in the correct format, like https://meet.example.org/abc"},
    )

    class Meta:
        model = Session
        fields = [
            "date",
            "start_time",
            "end_time",
            "venue",
            "online_link",
            "joining_instructions",
            "capacity",
            "trainers",
        ]
        widgets = {
            "joining_instructions": forms.Textarea(attrs={"rows": 3}),
            "trainers": forms.CheckboxSelectMultiple,
            "capacity": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        }
        error_messages = {"venue": {"max_length": "The venue must be 300 characters or fewer"}}
        help_texts = {"venue": "The address, or leave it empty for an online session"}

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        trainers = Trainer.objects.filter(is_active=True).select_related("person", "organisation")
        if self.instance.pk:
            trainers = trainers | Trainer.objects.filter(pk__in=self.instance.trainers.values("pk"))
        self.fields["trainers"].queryset = trainers.order_by("person__name")
        self.fields["trainers"].label_from_instance = lambda t: f"{t.person}, {t.organisation}"
        self.fields["trainers"].required = False
        capacity = self.fields["capacity"]
        capacity.error_messages["invalid"] = "Enter the number of places as a whole number, like 20"
        capacity.error_messages["min_value"] = "A session needs at least 1 place"
        capacity.error_messages["max_value"] = "A session can have at most 1,000 places"

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        # "Enter the venue, or an online joining link" comes from the model's own check.
        return data
