"""The form people answer a survey with, built from its sections and questions; and the form
a facilitator starts a forum session with."""

from django import forms

from ..models import AgeGroup, PractitionerRole, Question
from .fields import date_field

ANSWER_MAX = 5000
PRACTITIONER = "practitioner"
CHILD = "child"


def _field(question: Question) -> forms.Field:
    label, required = question.text, question.required
    messages = {"required": f"Answer “{question.text}”" if len(question.text) < 120 else "Answer this question"}
    common = {"label": label, "required": required, "help_text": question.hint}
    if question.has_choices:
        options = [(str(choice.pk), choice.text) for choice in question.choice_list]
        if question.kind == Question.Kind.SINGLE:
            messages["invalid_choice"] = "Choose one of the answers given"
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, error_messages=messages, **common)
        messages["invalid_choice"] = "Choose from the answers given"
        messages["required"] = (
            "Choose at least one answer"
            if len(question.text) >= 120
            else f"Choose at least one answer to “{question.text}”"
        )
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, error_messages=messages, **common
        )
    if question.is_scale:
        messages["invalid_choice"] = "Choose a point on the scale"
        return forms.TypedChoiceField(
            choices=[(str(point), question.scale_label(point)) for point in question.scale_range],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages=messages,
            **common,
        )
    messages["max_length"] = f"Your answer must be {ANSWER_MAX} characters or fewer"
    return forms.CharField(
        max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 5}), error_messages=messages, **common
    )


class ResponseForm(forms.Form):
    """Every question of the survey, in its sections; with `about` (PRACTITIONER or CHILD) the
    optional questions about the person answering come first."""

    template_name = "engagement/forms/response.html"

    def __init__(self, *args, sections, about: str = "", organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.about = about
        self.questions = {}
        if about == PRACTITIONER:
            self.organisations = {str(o.pk): o for o in organisations}
            self.fields["organisation"] = forms.ChoiceField(
                label="Which agency do you work for? (optional)",
                required=False,
                choices=[
                    ("", "Not listed, or I would rather not say"),
                    *((k, o.name) for k, o in self.organisations.items()),
                ],
                help_text="Agencies with fewer than 5 answers are never shown on their own",
                error_messages={"invalid_choice": "Choose your agency from the list"},
            )
            self.fields["role"] = forms.ChoiceField(
                label="What is your role? (optional)",
                required=False,
                choices=[*PractitionerRole.choices, ("", "I would rather not say")],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose your role from the list"},
            )
        elif about == CHILD:
            self.fields["age_group"] = forms.ChoiceField(
                label="The young person’s age group (optional)",
                required=False,
                choices=AgeGroup.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose an age group from the list"},
            )
        for section in sections:
            for question in section.question_list:
                self.questions[f"q{question.pk}"] = question
                self.fields[f"q{question.pk}"] = _field(question)

    def about_fields(self):
        return [self[name] for name in ("organisation", "role", "age_group") if name in self.fields]

    def section_fields(self):
        return [(section, [self[f"q{q.pk}"] for q in section.question_list]) for section in self.sections]

    def values(self) -> dict:
        """{question: the chosen Choice (or list of them), the scale point, or the text}."""
        values = {}
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if question.has_choices:
                by_pk = {str(c.pk): c for c in question.choice_list}
                values[question] = [by_pk[v] for v in value] if isinstance(value, list) else by_pk.get(value)
            elif question.is_scale:
                values[question] = value if value not in ("", None) else None
            else:
                values[question] = (value or "").strip()
        return values

    def organisation(self):
        return (
            self.organisations.get(self.cleaned_data.get("organisation") or "") if self.about == PRACTITIONER else None
        )


class SessionForm(forms.Form):
    forum = forms.CharField(
        label="Forum",
        max_length=200,
        help_text="For example, “Youth council” or “Eastvale Academy pupil voice”. Never a child’s name.",
        error_messages={"required": "Enter the forum", "max_length": "The forum must be 200 characters or fewer"},
    )
    held_on = date_field("Date of the session", "the date of the session")
