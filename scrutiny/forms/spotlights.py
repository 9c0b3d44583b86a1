"""Forms for spotlight reports."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from partnership.forms import GovukMessagesMixin
from partnership.models import OrganisationUserObjectPermission, User
from partnership.permissions import LEAD_PERMISSION

from ..models import Spotlight, SpotlightAnswer
from .assurance import UPLOAD_HINT
from .fields import text_field


def author_pool(group, current=()):
    """Organisations' leads and the group's members: the people who write spotlight reports."""
    leads = OrganisationUserObjectPermission.objects.filter(permission__codename=LEAD_PERMISSION).values("user_id")
    members = group.memberships.filter(left_on__isnull=True).values("person_id")
    condition = Q(pk__in=leads) | Q(pk__in=members) | Q(pk__in=[a.pk for a in current])
    return User.objects.filter(condition, is_active=True).select_related("organisation").order_by("name")


class AuthorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}, {obj.organisation}" if obj.organisation_id else obj.name


class SpotlightForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "theme": "Enter the spotlight’s theme",
        "authors": "Select at least one author",
        "meeting": "Select a meeting from the list",
    }
    authors = AuthorChoiceField(
        label="Authors",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Organisations’ leads and the group’s members. Each author answers every question.",
    )

    class Meta:
        model = Spotlight
        fields = ["theme", "purpose", "meeting", "authors"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        labels = {"purpose": "Why the group asked (optional)"}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(self.instance.authors.all()) if self.instance.pk else []
        self.fields["authors"].queryset = author_pool(group, current)
        self.fields["authors"].error_messages["invalid_choice"] = "Select authors from the list"
        self.fields["authors"].error_messages["invalid_pk_value"] = "Select authors from the list"
        meetings = Q(date__gte=timezone.localdate())
        if self.instance.meeting_id:
            meetings |= Q(pk=self.instance.meeting_id)
        self.fields["meeting"].queryset = group.meetings.filter(meetings).select_related("group").order_by("date")
        self.fields["meeting"].empty_label = "No meeting yet"
        self.fields["meeting"].help_text = "The authors’ answers are due by its paper deadline"


class QuestionForm(forms.Form):
    text = text_field("Question", "Enter the question", rows=3)


class SpotlightAnswersForm(ConcurrencyGuard, forms.Form):
    """One box per question for the signed-in author; saved as a draft or submitted."""

    def __init__(self, *args, spotlight: Spotlight, author, questions, **kwargs):
        self.spotlight, self.author, self.questions = spotlight, author, list(questions)
        super().__init__(*args, **kwargs)
        existing = self._existing()
        for number, question in enumerate(self.questions, start=1):
            name = f"answer_{question.pk}"
            self.fields[name] = forms.CharField(
                label=f"{number}. {question.text}",
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={"max_length": "Enter no more than 10,000 characters"},
            )
            self.initial.setdefault(name, existing.get(question.pk, ""))
        self.fields["report"] = forms.FileField(
            label="Attach a report (optional)",
            help_text=f"If your answers draw on a report, attach it for the group. {UPLOAD_HINT}. "
            "A new file replaces the one you attached before.",
            required=False,
            validators=[paper_validator()],
            error_messages={"empty": "The selected file is empty"},
        )

    def _existing(self) -> dict[int, str]:
        return dict(
            SpotlightAnswer.objects.filter(question__spotlight=self.spotlight, author=self.author).values_list(
                "question_id", "text"
            )
        )

    def is_guarding(self) -> bool:
        return True

    def snapshot(self) -> dict[str, str]:
        existing = self._existing()
        return {f"answer_{q.pk}": existing.get(q.pk, "") for q in self.questions}

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}


class SpotlightAssureForm(forms.Form):
    assurance_level = forms.ChoiceField(
        label="How assured is the group?",
        choices=Spotlight._meta.get_field("assurance_level").choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how assured the group is",
            "invalid_choice": "Select how assured the group is",
        },
    )
    group_comment = text_field(
        "The group’s conclusion",
        "Enter the group’s conclusion",
        rows=6,
        help_text="What the answers showed, and what the group will do next. Log any challenges separately.",
    )
