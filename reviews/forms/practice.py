"""Forms for practice reviews and the reviewer directory (services/practice.py)."""

from django import forms

from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from core.pickers import use_organisation_picker
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, User

from ..models import PracticeReview, Reviewer, SeriousIncident
from .fields import (
    active_organisations,
    active_themes,
    confirm_additions,
    date_field,
    drop_empty_themes,
    not_in_future,
    people_select,
    role_holders,
    snapshot_ids,
    text_field,
    theme_boxes,
)


class PracticePanelForm(ConcurrencyGuard, forms.Form):
    members = people_select("Review panel members", help_text="Hold Ctrl (or Cmd on a Mac) to choose more than one")

    confirm_need_to_know = forms.BooleanField(
        label="Everyone I am adding needs to know about this review",
        required=False,
        help_text="People you add can read the review and the case it came from, and are told they are on the panel.",
    )

    def __init__(self, *args, panel_of, **kwargs):
        self.panel_of = panel_of
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = role_holders()

    def snapshot(self) -> dict[str, str]:
        return {"members": snapshot_ids(self.panel_of())}

    def clean(self):
        data = super().clean()
        current = {p.pk for p in self.panel_of()}
        confirm_additions(self, data, [p for p in data.get("members", []) if p.pk not in current])
        return data


class PracticeReviewCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of review",
        choices=PracticeReview.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of review"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Shown to everyone who can see the review, so never the child’s name or pseudonym",
        error_messages={"required": "Enter the review’s title"},
    )
    incident = forms.ModelChoiceField(
        label="Case (optional)",
        queryset=SeriousIncident.objects.none(),
        required=False,
        empty_label="Not about one case (for example, a thematic review)",
        error_messages={"invalid_choice": "Select a case from the list"},
    )
    decided_on = date_field(
        "Date of the decision to initiate the review",
        "the date of the decision to initiate the review",
        help_text="The 6 months to complete and publish the review count from this date",
    )
    terms_of_reference = text_field("Terms of reference (optional)", rows=6, required=False)
    themes = theme_boxes()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = SeriousIncident.objects.exclude(
            status__in=(SeriousIncident.Status.CLOSED, SeriousIncident.Status.NOTIFICATION_DUE)
        ).order_by("-aware_on")
        self.fields["themes"].queryset = active_themes()
        drop_empty_themes(self)

    def clean(self):
        data = super().clean()
        not_in_future(self, "decided_on", "The date of the decision")
        return data


class PracticeReviewForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"title": "Enter the review’s title"}
    reviewer = forms.ModelChoiceField(
        label="Commissioned reviewer",
        queryset=Reviewer.objects.none(),
        required=False,
        empty_label="Not commissioned yet",
        error_messages={"invalid_choice": "Select a reviewer from the directory"},
    )
    publication_planned_on = date_field(
        "Planned publication date (optional)",
        "the planned publication date",
        required=False,
        help_text="For a local review, the copy to the Panel and the Secretary of State is due 7 working days before",
    )
    publication_url = forms.URLField(
        label="Where it will be published (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address in the correct format, like https://www.example.org/review"},
    )
    themes = theme_boxes()

    class Meta:
        model = PracticeReview
        fields = [
            "title",
            "reviewer",
            "terms_of_reference",
            "methodology",
            "family_involvement",
            "publication_planned_on",
            "publication_url",
            "themes",
        ]
        widgets = {
            "terms_of_reference": forms.Textarea(attrs={"rows": 8}),
            "methodology": forms.Textarea(attrs={"rows": 4}),
            "family_involvement": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "methodology": "For example, a systems approach, learning events with practitioners",
            "family_involvement": "How the family was invited to contribute, and their views",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = Reviewer.objects.filter(is_active=True).order_by("name")
        self.fields["themes"].queryset = active_themes()
        drop_empty_themes(self)


class MilestoneForm(ConcurrencyGuard, forms.Form):
    title = forms.CharField(label="Milestone", max_length=200, error_messages={"required": "Enter the milestone"})
    due_on = date_field("Planned date", "the planned date")
    completed_on = date_field("Date done (optional)", "the date it was done", required=False)

    def __init__(self, *args, milestone=None, **kwargs):
        self.milestone = milestone
        super().__init__(*args, **kwargs)

    def is_guarding(self) -> bool:
        return self.milestone is not None

    def snapshot(self) -> dict[str, str]:
        self.milestone.refresh_from_db()
        return {name: str(getattr(self.milestone, name) or "") for name in ("title", "due_on", "completed_on")}

    def clean(self):
        data = super().clean()
        not_in_future(self, "completed_on", "The date it was done")
        return data


class ReportForm(forms.Form):
    which = forms.ChoiceField(
        label="Which report",
        choices=[("draft", "Draft report"), ("final", "Final report")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the draft or the final report"},
    )
    upload = forms.FileField(
        label="Report",
        validators=[paper_validator()],
        help_text="A PDF or Word file. A new upload becomes a new version; earlier versions are kept.",
        error_messages={"required": "Select the report file"},
    )


class SentCopyForm(forms.Form):
    sent_on = date_field("Date the copy was sent", "the date the copy was sent")

    def clean(self):
        data = super().clean()
        not_in_future(self, "sent_on", "The date the copy was sent")
        return data


class CompleteForm(forms.Form):
    completed_on = date_field("Date the review was completed", "the date the review was completed")

    def clean(self):
        data = super().clean()
        not_in_future(self, "completed_on", "The date the review was completed")
        return data


class PublishForm(forms.Form):
    published_on = date_field("Date published", "the date the review was published")
    may_come_down_on = date_field(
        "Date it may come down (optional)",
        "the date it may come down",
        required=False,
        help_text="At least a year after publication; leave empty for exactly the partnership’s rule",
    )
    publication_url = forms.URLField(
        label="Where it is published (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address in the correct format, like https://www.example.org/review"},
    )
    late_copy_reason = text_field(
        "If the copy went to the Panel late: why",
        rows=3,
        required=False,
        help_text="Needed when the pre-publication copy went less than the required time before publication. "
        "It is kept with the review.",
    )

    def __init__(self, *args, copy_sent_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        if copy_sent_on is None:
            del self.fields["late_copy_reason"]
        else:
            self.fields["late_copy_reason"].help_text = (
                f"The copy went on {copy_sent_on:%-d %B %Y}. " + self.fields["late_copy_reason"].help_text
            )

    def clean(self):
        data = super().clean()
        not_in_future(self, "published_on", "The date the review was published")
        return data


class FindingForm(forms.Form):
    text = text_field("Finding", "Enter the finding", rows=5)
    themes = theme_boxes()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = active_themes()
        drop_empty_themes(self)


class RecommendationForm(forms.Form):
    finding = forms.ModelChoiceField(
        label="Answers finding (optional)",
        queryset=None,
        required=False,
        empty_label="Not linked to one finding",
        error_messages={"invalid_choice": "Select a finding of this review"},
    )
    text = text_field("Recommendation", "Enter the recommendation", rows=4)

    def __init__(self, *args, review: PracticeReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = review.findings.order_by("number")
        self.fields["finding"].label_from_instance = lambda f: f"Finding {f.number}: {f.text[:80]}"


class ReviewerForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"name": "Enter the reviewer’s name", "expertise": "Enter the reviewer’s expertise"}

    class Meta:
        model = Reviewer
        fields = [
            "name",
            "organisation_name",
            "email",
            "phone",
            "expertise",
            "availability",
            "availability_note",
            "previous_reviews",
            "user",
            "is_active",
        ]
        widgets = {
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "previous_reviews": forms.Textarea(attrs={"rows": 3}),
            "availability": forms.RadioSelect,
        }
        error_messages = {"email": {"invalid": "Enter an email address in the correct format, like name@example.org"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An independent reviewer may have no partnership role: their account reads only the
        # reviews they are commissioned for, which the commissioning records say.
        self.fields["user"].queryset = User.objects.filter(is_active=True).only("pk", "name", "email").order_by("name")
        self.fields["user"].empty_label = "No portal account"
        self.fields["user"].error_messages["invalid_choice"] = "Select a person from the list"


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Agency (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not with one agency",
        help_text="A reviewer with a conflict with an agency involved in a case cannot review that case",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    description = text_field("The conflict of interest", "Describe the conflict of interest", rows=3)
    declared_on = date_field("Date declared", "the date it was declared")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = active_organisations()
        use_organisation_picker(self, "organisation")

    def clean(self):
        data = super().clean()
        not_in_future(self, "declared_on", "The date it was declared")
        return data
