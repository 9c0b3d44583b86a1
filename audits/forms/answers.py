"""The answer page: one block of fields per question, built from the question's kind and the
framework's scale, carrying the version and values each answer had when the page loaded."""

from dataclasses import dataclass

from django import forms

from core.documents import paper_validator
from core.pickers import PersonChoiceField

from .. import scoring
from ..models import AnswerValue, Question, SignOffInvitation
from ..models.answers import VALUE_FIELDS
from ..services.answering import AnswerInput
from ..services.signoff import domain_problem
from . import GovukLengths

EMPTY_DIGEST = scoring.values_digest()


def _numeric(width: int = 3) -> forms.TextInput:
    return forms.TextInput(
        attrs={"inputmode": "decimal", "class": f"govuk-input--width-{width}", "spellcheck": "false"}
    )


def value_field(question: Question, scale: str):
    """The field for the question's answer; None for free text (the text box is the answer)."""
    label = f"{question.reference} {question.text}"
    hint = question.guidance
    if question.kind == scoring.RATING and scale == scoring.PERCENT:
        return forms.IntegerField(
            label=label,
            help_text=hint or "A percentage from 0 to 100",
            required=False,
            min_value=0,
            max_value=100,
            widget=_numeric(),
            error_messages={
                "invalid": f"Question {question.reference}: enter a percentage from 0 to 100, like 80",
                "min_value": f"Question {question.reference}: enter a percentage from 0 to 100",
                "max_value": f"Question {question.reference}: enter a percentage from 0 to 100",
            },
        )
    if question.kind == scoring.RATING:
        return forms.TypedChoiceField(
            label=label,
            help_text=hint,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[(value, text) for value, text, _ in scoring.levels(scale)],
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": f"Question {question.reference}: select one of the ratings"},
        )
    if question.kind == scoring.YES_NO_PARTLY:
        return forms.ChoiceField(
            label=label,
            help_text=hint,
            required=False,
            choices=AnswerValue.Response.choices,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": f"Question {question.reference}: select yes, partly or no"},
        )
    if question.kind == scoring.PERCENTAGE:
        message = f"Question {question.reference}: enter a percentage from 0 to 100, like 85"
        return forms.DecimalField(
            label=label,
            help_text=hint or "A percentage from 0 to 100",
            required=False,
            min_value=0,
            max_value=100,
            max_digits=5,
            decimal_places=2,
            widget=_numeric(),
            error_messages={
                "invalid": message,
                "min_value": message,
                "max_value": message,
                "max_digits": message,
                "max_whole_digits": message,
                "max_decimal_places": f"Question {question.reference}: enter a percentage with no more than 2 "
                "decimal places",
            },
        )
    if question.kind == scoring.NUMBER:
        return forms.DecimalField(
            label=label,
            help_text=hint,
            required=False,
            max_digits=14,
            decimal_places=2,
            widget=_numeric(5),
            error_messages={
                "invalid": f"Question {question.reference}: enter a number, like 12 or 3.5",
                "max_digits": f"Question {question.reference}: enter a smaller number",
                "max_decimal_places": f"Question {question.reference}: enter a number with no more than 2 decimal "
                "places",
                "max_whole_digits": f"Question {question.reference}: enter a smaller number",
            },
        )
    return None


@dataclass
class QuestionFields:
    question: Question
    value: object  # BoundField or None
    text: object
    not_applicable: object
    hidden: list
    confirm: object = None


class AnswersForm(forms.Form):
    """Answers to some questions (a standard, or a section of a case audit tool)."""

    def __init__(self, *args, questions: list[Question], scale: str, answers: dict[int, AnswerValue], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.scale = scale
        self.conflicts = {}
        for question in questions:
            answer = answers.get(question.pk)
            name = f"q{question.pk}"
            field = value_field(question, scale)
            if field is not None:
                self.fields[f"{name}_value"] = field
                self.initial[f"{name}_value"] = _initial_value(question, answer)
            is_text = question.kind == scoring.TEXT
            self.fields[f"{name}_text"] = forms.CharField(
                label=f"{question.reference} {question.text}" if is_text else "Explain your answer (optional)",
                help_text=question.guidance if is_text else "What is in place, and what the evidence shows",
                required=False,
                widget=forms.Textarea(attrs={"rows": 5 if is_text else 3}),
            )
            if question.allows_not_applicable:
                self.fields[f"{name}_na"] = forms.BooleanField(label="Not applicable", required=False)
            if answer is not None and getattr(answer, "needs_confirming", False):
                self.fields[f"{name}_confirm"] = forms.BooleanField(
                    label=f"This answer to {question.reference} is still true", required=False
                )
            self.fields[f"{name}_version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
            self.fields[f"{name}_loaded"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
            if answer is not None:
                self.initial[f"{name}_text"] = answer.text
                self.initial[f"{name}_na"] = answer.not_applicable
            self.initial[f"{name}_version"] = answer.version if answer else 0
            self.initial[f"{name}_loaded"] = answer.digest if answer else EMPTY_DIGEST

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            value = data.get(f"{name}_value")
            if data.get(f"{name}_na") and value not in (None, ""):
                self.add_error(
                    f"{name}_value",
                    f"Question {question.reference}: either answer it or tick “Not applicable”, not both",
                )
        return data

    def first_field_name(self, question: Question) -> str:
        name = f"q{question.pk}"
        return f"{name}_value" if f"{name}_value" in self.fields else f"{name}_text"

    def blocks(self) -> list[QuestionFields]:
        blocks = []
        for question in self.questions:
            name = f"q{question.pk}"
            blocks.append(
                QuestionFields(
                    question=question,
                    value=self[f"{name}_value"] if f"{name}_value" in self.fields else None,
                    text=self[f"{name}_text"],
                    not_applicable=self[f"{name}_na"] if f"{name}_na" in self.fields else None,
                    hidden=[self[f"{name}_version"], self[f"{name}_loaded"]],
                    confirm=self[f"{name}_confirm"] if f"{name}_confirm" in self.fields else None,
                )
            )
        return blocks

    def inputs(self) -> list[AnswerInput]:
        data = self.cleaned_data
        inputs = []
        for question in self.questions:
            name = f"q{question.pk}"
            values = dict.fromkeys(VALUE_FIELDS)
            values.update(rating=None, response="", number=None, text="", not_applicable=False)
            value = data.get(f"{name}_value")
            if question.kind == scoring.RATING:
                values["rating"] = value
            elif question.kind == scoring.YES_NO_PARTLY:
                values["response"] = value or ""
            elif question.kind in scoring.NUMERIC_KINDS:
                values["number"] = value
            values["text"] = (data.get(f"{name}_text") or "").strip()
            values["not_applicable"] = bool(data.get(f"{name}_na"))
            inputs.append(
                AnswerInput(
                    question=question,
                    values=values,
                    base_version=data.get(f"{name}_version") or 0,
                    loaded_digest=data.get(f"{name}_loaded") or EMPTY_DIGEST,
                    confirm=bool(data.get(f"{name}_confirm")),
                )
            )
        return inputs


def _initial_value(question: Question, answer: AnswerValue | None):
    if answer is None:
        return None
    if question.kind == scoring.RATING:
        return answer.rating
    if question.kind == scoring.YES_NO_PARTLY:
        return answer.response
    if question.kind in scoring.NUMERIC_KINDS:
        return answer.number
    return None


def rebased(data, conflicts) -> object:
    """The posted data with each conflicting question's version and fingerprint moved on to
    the other person's answer: saving again then deliberately replaces theirs."""
    data = data.copy()
    for conflict in conflicts:
        name = f"q{conflict.question.pk}"
        data[f"{name}_version"] = str(conflict.theirs.version)
        data[f"{name}_loaded"] = conflict.theirs.digest
    return data


class EvidenceForm(GovukLengths, forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or an image (PNG or JPEG)",
        validators=[paper_validator()],
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )
    title = forms.CharField(
        label="Describe the evidence (optional)",
        required=False,
        max_length=200,
        help_text="For example, “Board minutes, March”",
    )


class SignOffRequestForm(forms.Form):
    """The lead names the senior officer who will read and sign off the return."""

    signatory = PersonChoiceField(
        label="Senior officer who will sign off the return",
        help_text="Someone in your organisation in the partnership’s directory. They are asked to read the return "
        "and sign it off in the portal; it is submitted only then.",
        error_messages={
            "required": "Select the senior officer who will sign off the return",
            "invalid_choice": "Select a senior officer from the list",
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = people


class SignOffInviteForm(GovukLengths, forms.Form):
    """The lead invites a senior officer who is not in the directory, by their work email."""

    name = forms.CharField(
        label="Senior officer’s full name",
        max_length=200,
        error_messages={"required": "Enter the senior officer’s full name"},
    )
    email = forms.EmailField(
        label="Their work email address",
        max_length=254,
        error_messages={
            "required": "Enter the senior officer’s work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        domains = " or ".join(f"@{d}" for d in organisation.domain_list)
        self.fields["email"].help_text = (
            f"An address at {organisation} (ending {domains}). If they already have an account in the portal, "
            "they are asked at once; otherwise they are emailed a link to set one up, which works for "
            f"{SignOffInvitation.VALID_DAYS} days."
            if domains
            else f"{organisation} has no email domains in the partnership’s directory yet: ask the business unit "
            "to add them."
        )
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        problem = domain_problem(self.organisation, email)
        if problem:
            raise forms.ValidationError(problem)
        return email


class InvitedAccountForm(GovukLengths, forms.Form):
    """The invited senior officer sets up their account: the address is the one the
    invitation went to; the password follows the portal's rules."""

    name = forms.CharField(label="Your full name", max_length=200, error_messages={"required": "Enter your full name"})
    job_title = forms.CharField(
        label="Your job title",
        max_length=200,
        help_text="It goes on record with your sign-off",
        error_messages={"required": "Enter your job title"},
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter your password again"},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match: enter the same password twice")
        elif first:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.password_validation import validate_password

            person = get_user_model()(email=self.email, name=data.get("name", ""))
            try:
                validate_password(first, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SignOffForm(GovukLengths, forms.Form):
    """The senior officer's own sign-off: they confirm their job title as it goes on record."""

    job_title = forms.CharField(
        label="Your job title",
        max_length=200,
        error_messages={"required": "Enter your job title"},
    )


class DeclineSignOffForm(forms.Form):
    reason = forms.CharField(
        label="What needs to change before you can sign it off?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to change before you can sign off the return"},
    )


class QuestionCommentsForm(forms.Form):
    """A comment box per question (all optional) and an overall comment."""

    overall_label = "Overall comment (optional)"

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["overall"] = forms.CharField(
            label=self.overall_label, required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        for question in questions:
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label=f"Comment on {question.reference}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comments(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"comment_{q.pk}", "") for q in self.questions}

    def comment_field(self, question: Question):
        return self[f"comment_{question.pk}"]


class ReturnForm(QuestionCommentsForm):
    overall_label = "Overall comment for the organisation (optional)"

    def clean(self):
        data = super().clean()
        if not data.get("overall", "").strip() and not any(v.strip() for v in self.comments().values()):
            self.add_error(None, "Enter a comment on at least one question, or an overall comment")
        return data


AGREE = "Agree with the self-assessment"


def agreed_field(question: Question, scale: str):
    """The moderation's agreed rating for a scored question: blank agrees with the organisation."""
    label = f"Agreed rating for {question.reference}"
    if question.kind == scoring.RATING and scale == scoring.PERCENT:
        message = f"Question {question.reference}: enter an agreed percentage from 0 to 100, or leave it blank"
        return forms.IntegerField(
            label=f"{label} (percentage, optional)",
            help_text="Leave blank to agree with the self-assessment",
            required=False,
            min_value=0,
            max_value=100,
            widget=_numeric(),
            error_messages={"invalid": message, "min_value": message, "max_value": message},
        )
    if question.kind == scoring.RATING:
        choices = [(value, text) for value, text, _ in scoring.levels(scale)]
        coerce = int
    else:
        choices = list(AnswerValue.Response.choices)
        coerce = str
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=coerce,
        empty_value=None,
        choices=[("", AGREE), *choices],
        error_messages={"invalid_choice": f"Question {question.reference}: select one of the agreed ratings listed"},
    )


class ModerationForm(QuestionCommentsForm):
    """The moderator's confidence in the return, notes on answers and, for each scored answer,
    the agreed rating (blank to agree with the self-assessment) with its reason and the
    improvement expected."""

    overall_label = "Notes on particular answers are below; anything else (optional)"
    confidence = forms.ChoiceField(
        label="How confident are you that the self-assessment is accurate?",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how confident you are", "invalid_choice": "Select how confident you are"},
    )
    summary = forms.CharField(
        label="Reasons for your rating",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, answers: dict | None = None, scale: str = scoring.RAG, **kwargs):
        from ..models import ModerationRating

        super().__init__(*args, **kwargs)
        self.fields["confidence"].choices = ModerationRating.Confidence.choices
        del self.fields["overall"]
        self.order_fields(["confidence", "summary"])
        self.answers = answers or {}
        self.scored = [q for q in self.questions if q.is_scored and q.pk in self.answers]
        for question in self.scored:
            answer = self.answers[question.pk]
            self.fields[f"agreed_{question.pk}"] = agreed_field(question, scale)
            self.fields[f"reason_{question.pk}"] = forms.CharField(
                label=f"Reason for the agreed rating for {question.reference}",
                help_text="Needed when the agreed rating differs from the self-assessment",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"improvement_{question.pk}"] = forms.CharField(
                label=f"Improvement expected for {question.reference} (optional)",
                help_text="Carried into the organisation’s action plan if the answer is below the threshold",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            agreed = answer.moderated_rating if question.kind == scoring.RATING else answer.moderated_response
            self.initial.setdefault(f"agreed_{question.pk}", agreed if agreed not in (None, "") else "")
            self.initial.setdefault(f"reason_{question.pk}", answer.moderation_reason)
            self.initial.setdefault(f"improvement_{question.pk}", answer.expected_improvement)

    def clean(self):
        data = super().clean()
        for question in self.scored:
            answer = self.answers[question.pk]
            value = data.get(f"agreed_{question.pk}")
            own = answer.rating if question.kind == scoring.RATING else answer.response
            differs = value not in (None, "") and (value != own or answer.not_applicable)
            if differs and not (data.get(f"reason_{question.pk}") or "").strip():
                self.add_error(
                    f"reason_{question.pk}",
                    f"Question {question.reference}: enter the reason for the agreed rating",
                )
        return data

    def agreed_fields(self, question: Question) -> list:
        if question not in self.scored:
            return []
        return [self[f"{name}_{question.pk}"] for name in ("agreed", "reason", "improvement")]

    def agreed(self) -> dict:
        from ..services.submissions import Agreed

        data = self.cleaned_data
        return {
            q.pk: Agreed(
                value=data.get(f"agreed_{q.pk}"),
                reason=data.get(f"reason_{q.pk}") or "",
                improvement=data.get(f"improvement_{q.pk}") or "",
            )
            for q in self.scored
        }


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of moderation and challenge",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )
    notes = forms.CharField(
        label="Feedback for the organisation",
        help_text="This goes in the feedback letter: what the panel found, and what the organisation should do next",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the feedback for the organisation"},
    )

    def __init__(self, *args, **kwargs):
        from ..models import AuditSubmission

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = AuditSubmission.Outcome.choices
