from django import forms

from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation

from ..models import Question, Section, Survey
from .fields import CONFIRM_NO_NAMES, PeopleChoiceField, date_field, people_with_roles, text_area


class SurveyForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    opens_on = date_field("Opens", "the date the survey opens", help_text="For example, 2 3 2026")
    closes_on = date_field("Closes", "the date the survey closes")
    messages = {
        "title": "Enter the survey’s title",
        "purpose": "Enter what the survey is for",
        "audience": "Select who the survey is for",
    }

    class Meta:
        model = Survey
        fields = ["title", "purpose", "audience", "opens_on", "closes_on"]
        widgets = {"audience": forms.RadioSelect, "purpose": forms.Textarea(attrs={"rows": 4})}
        labels = {"audience": "Who it is for"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [
            (value, f"{label}. {Survey.AUDIENCE_HINTS[value]}") for value, label in Survey.Audience.choices
        ]
        self.fields["purpose"].max_length = 5000
        if self.instance.pk and not self.instance.is_draft:
            del self.fields["audience"]
            self.fields["opens_on"].help_text = "It can change only until the survey opens"

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The closing date must be the same as or after the opening date")
        return data


class SectionForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"title": "Enter the section’s title"}

    class Meta:
        model = Section
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intro"].max_length = 2000


class QuestionForm(ConcurrencyGuard, forms.Form):
    section = forms.ModelChoiceField(
        label="Section",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select the section", "invalid_choice": "Select a section from the list"},
    )
    text = forms.CharField(
        label="Question",
        max_length=500,
        error_messages={"required": "Enter the question", "max_length": "The question must be 500 characters or fewer"},
    )
    hint = forms.CharField(
        label="Hint (optional)",
        max_length=300,
        required=False,
        help_text="Shown under the question, for example to explain a term",
        error_messages={"max_length": "The hint must be 300 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Type of answer",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of answer", "invalid_choice": "Select the type of answer"},
    )
    optional = forms.BooleanField(label="People may leave this question unanswered", required=False)
    choices = text_area(
        "Answers to choose from",
        rows=5,
        required=False,
        max_length=4000,
        help_text="For “choose one” and “choose all that apply”: one answer on each line",
    )
    scale_points = forms.TypedChoiceField(
        label="Points on the scale",
        coerce=int,
        choices=[(n, str(n)) for n in range(2, 11)],
        initial=5,
        required=False,
        help_text="For a scale",
        error_messages={"invalid_choice": "Select the number of points from the list"},
    )
    scale_low_label = forms.CharField(
        label="What the lowest point means (optional)",
        max_length=60,
        required=False,
        help_text="For example, “Strongly disagree”",
        error_messages={"max_length": "This must be 60 characters or fewer"},
    )
    scale_high_label = forms.CharField(
        label="What the highest point means (optional)",
        max_length=60,
        required=False,
        help_text="For example, “Strongly agree”",
        error_messages={"max_length": "This must be 60 characters or fewer"},
    )

    def __init__(self, *args, survey, question: Question | None = None, **kwargs):
        self.question = question
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "section": question.section_id,
                    "text": question.text,
                    "hint": question.hint,
                    "kind": question.kind,
                    "optional": not question.required,
                    "choices": "\n".join(c.text for c in question.choices.all()),
                    "scale_points": question.scale_points,
                    "scale_low_label": question.scale_low_label,
                    "scale_high_label": question.scale_high_label,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = survey.sections.order_by("position", "pk")

    def is_guarding(self) -> bool:
        return self.question is not None

    def snapshot(self) -> dict[str, str]:
        question = Question.objects.get(pk=self.question.pk)
        return {
            "section": str(question.section_id),
            "text": question.text,
            "kind": question.kind,
            "required": str(question.required),
            "choices": "|".join(question.choices.values_list("text", flat=True)),
        }

    def clean(self):
        data = super().clean()
        data["choices"] = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        kind = data.get("kind")
        if kind in Question.CHOICE_KINDS:
            if len(data["choices"]) < 2:
                self.add_error("choices", "Enter at least 2 answers to choose from, one on each line")
            elif any(len(choice) > 200 for choice in data["choices"]):
                self.add_error("choices", "Each answer to choose from must be 200 characters or fewer")
            elif len({c.lower() for c in data["choices"]}) != len(data["choices"]):
                self.add_error("choices", "Each answer to choose from must be different")
        data["required"] = not data.pop("optional", False)
        data["scale_points"] = data.get("scale_points") or 5
        return data


class RerunForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the title", "max_length": "The title must be 200 characters or fewer"},
    )
    opens_on = date_field("Opens", "the date the new run opens")
    closes_on = date_field("Closes", "the date the new run closes")

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The closing date must be the same as or after the opening date")
        return data


class InviteAgenciesForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Agencies",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one agency",
            "invalid_choice": "Select agencies from the list",
            "invalid_pk_value": "Select agencies from the list",
        },
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = queryset


class StaffNumbersForm(forms.Form):
    """A number box per invited agency: how many of its staff the link went to."""

    def __init__(self, *args, invited, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited = list(invited)
        for row in self.invited:
            self.fields[f"staff_{row.pk}"] = forms.IntegerField(
                label=f"Staff at {row.organisation}",
                required=False,
                min_value=0,
                max_value=1_000_000,
                initial=row.staff_invited,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
                error_messages={
                    "invalid": f"Enter the number of staff at {row.organisation} as a whole number",
                    "min_value": f"The number of staff at {row.organisation} must be 0 or more",
                    "max_value": f"The number of staff at {row.organisation} must be 1,000,000 or fewer",
                },
            )

    def numbers(self) -> dict[int, int | None]:
        return {row.pk: self.cleaned_data.get(f"staff_{row.pk}") for row in self.invited}


class FacilitatorsForm(forms.Form):
    people = PeopleChoiceField(
        label="Facilitators",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The people who run the forum sessions and enter each young person’s answers",
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people_with_roles()


class ModerationForm(forms.Form):
    DECISIONS = [("approve", "Approve it as shown above"), ("withhold", "Withhold it: nobody else will read it")]

    decision = forms.ChoiceField(
        label="Decision",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or withhold the comment"},
    )
    text = text_area(
        "The comment as it will be shown",
        rows=4,
        required=False,
        help_text="Any possible names and dates are already replaced; change what else needs changing",
    )
    confirmed = forms.BooleanField(label=CONFIRM_NO_NAMES, required=False)
    reason = forms.CharField(
        label="Reason (needed to withhold)",
        max_length=500,
        required=False,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not (data.get("text") or "").strip():
            self.add_error("text", "Enter the comment as it should be shown, or withhold it")
        if data.get("decision") == "withhold" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the comment is withheld")
        return data
