"""Forms for learning themes, briefings and their dissemination (services/learning.py)."""

from django import forms

from core.concurrency import ConcurrencyGuard
from partnership.forms import GovukMessagesMixin
from subgroups.models import PartnershipGroup

from ..models import Briefing, Dissemination, LearningTheme, PracticeReview, RapidReview
from .fields import active_themes, date_field, drop_empty_themes, not_in_future, text_field, theme_boxes


class ThemeForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"name": "Enter the theme’s name"}

    class Meta:
        model = LearningTheme
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"is_active": "Themes no longer in use stay on the reviews already tagged with them"}


class BriefingForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"title": "Enter the briefing’s title"}
    themes = theme_boxes()

    class Meta:
        model = Briefing
        fields = ["title", "practice_review", "rapid_review", *(name for name, _ in Briefing.SECTIONS), "themes"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name, _ in Briefing.SECTIONS}
        help_texts = {
            "title": "It is public once published: never the child’s name or pseudonym",
            "questions_for_practice": "Questions practitioners and teams can ask themselves",
            "resources": "Policies, tools and training, with links",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = active_themes()
        drop_empty_themes(self)
        self.fields["practice_review"].queryset = PracticeReview.objects.order_by("-decided_on")
        self.fields["practice_review"].empty_label = "Not from a practice review"
        self.fields["rapid_review"].queryset = RapidReview.objects.select_related("incident").order_by("-started_on")
        self.fields["rapid_review"].empty_label = "Not from a rapid review"
        for name in ("practice_review", "rapid_review"):
            self.fields[name].error_messages["invalid_choice"] = "Select a review from the list"

    def clean(self):
        data = super().clean()
        if data.get("practice_review") and data.get("rapid_review"):
            self.add_error("rapid_review", "Choose the practice review or the rapid review, not both")
        return data


class DisseminationForm(forms.Form):
    kind = forms.ChoiceField(
        label="How it was shared",
        choices=Dissemination.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was shared"},
    )
    group = forms.ModelChoiceField(
        label="Group (if sent to a group)",
        queryset=PartnershipGroup.objects.none(),
        required=False,
        empty_label="Select the group",
        error_messages={"invalid_choice": "Select a group from the list"},
    )
    training = forms.CharField(label="Training course or event (if used in training)", max_length=200, required=False)
    on = date_field("Date", "the date it was shared")
    reach = forms.IntegerField(
        label="People reached (optional)",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the number of people as a whole number", "min_value": "Enter 0 or more"},
    )
    notes = text_field("Notes (optional)", rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Dissemination.Kind.GROUP and not data.get("group"):
            self.add_error("group", "Select the group it was sent to")
        if data.get("kind") == Dissemination.Kind.TRAINING and not (data.get("training") or "").strip():
            self.add_error("training", "Enter the training course or event")
        not_in_future(self, "on", "The date it was shared")
        return data
