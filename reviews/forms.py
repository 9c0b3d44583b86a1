"""Forms for cases, rapid reviews, practice reviews, the reviewer directory and learning.

Input shape and GOV.UK messages only; the services hold the rules that need the database
(dates against the case, statuses, permissions).
"""

import json

from django import forms

from core import calendar, pseudonyms
from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from core.forms import GovukDateField
from core.pickers import (
    OrganisationMultipleChoiceField,
    PeopleMultipleChoiceField,
    PersonChoiceField,
    people_with_roles,
    person_label,
    use_organisation_picker,
)
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, User
from subgroups.models import PartnershipGroup

from .models import (
    Briefing,
    Dissemination,
    LearningTheme,
    PracticeReview,
    RapidReview,
    Reviewer,
    SeriousIncident,
)


def _people():
    """Only people with a partnership role can be chosen: never an account with no role."""
    return people_with_roles()


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("name")


def _themes():
    return LearningTheme.objects.filter(is_active=True).order_by("name")


def _date(label: str, label_name: str, *, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label, label_name=label_name, required=required, help_text=help_text, min_year=2000, max_year=2100
    )


def _text(label: str, message: str = "", *, rows: int = 5, required: bool = True, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


def _people_select(label: str, *, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return PeopleMultipleChoiceField(
        label=label,
        queryset=User.objects.none(),
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )


def _theme_boxes(label: str = "Learning themes") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=LearningTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select themes from the list"},
    )


def drop_empty_themes(form: forms.Form) -> None:
    """No boxes to tick until the business unit has made the list of themes."""
    if "themes" in form.fields and not form.fields["themes"].queryset.exists():
        del form.fields["themes"]


def _ids(values) -> str:
    """A set of records as the concurrency snapshot writes them."""
    return json.dumps(sorted(str(v.pk) for v in values))


def not_in_future(form: forms.Form, name: str, what: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > calendar.today():
        form.add_error(name, f"{what} must be today or in the past")


# Cases ---------------------------------------------------------------------------------------------------


class CaseForm(ConcurrencyGuard, forms.Form):
    """A new case, or (with `incident`) a change to one, guarded against overwriting another
    person's change."""

    CASE_FIELDS = ("child_pseudonym", "age_band", "category", "incident_on", "aware_on", "summary")

    child_pseudonym = forms.CharField(
        label="Child’s pseudonym",
        max_length=60,
        help_text="Never the child’s real name or date of birth. For example, “Child H”.",
        error_messages={"required": "Enter the child’s pseudonym"},
    )
    pseudonym_confirmed = forms.BooleanField(
        label="I confirm this is a pseudonym, not the child’s real name",
        required=False,
        help_text="Only if the pseudonym you chose looks like a real full name",
    )
    age_band = forms.ChoiceField(
        label="Child’s age",
        choices=SeriousIncident.AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child’s age"},
    )
    category = forms.ChoiceField(
        label="What happened",
        choices=SeriousIncident.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child died or was seriously harmed"},
    )
    incident_on = _date("Date of the incident", "the date of the incident", help_text="For example, 27 3 2026")
    aware_on = _date(
        "Date the local authority became aware",
        "the date the local authority became aware",
        help_text="The 5 working days to notify the Panel count from the day after this date",
    )
    agencies = OrganisationMultipleChoiceField(
        label="Agencies involved with the child or family",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Hold Ctrl (or Cmd on a Mac) to choose more than one",
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    summary = _text(
        "Summary of the case",
        "Enter a summary of the case",
        rows=6,
        help_text="What happened and what is known so far. Use the pseudonym throughout.",
    )

    def __init__(self, *args, incident=None, **kwargs):
        self.incident = incident
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _organisations()

    def is_guarding(self) -> bool:
        return self.incident is not None

    def snapshot(self) -> dict[str, str]:
        incident = SeriousIncident.objects.get(pk=self.incident.pk)
        values = {name: str(getattr(incident, name)) for name in self.CASE_FIELDS}
        values["agencies"] = _ids(incident.agencies.all())
        return values

    def clean(self):
        data = super().clean()
        pseudonym = data.get("child_pseudonym", "")
        found = pseudonyms.problem(pseudonym)
        if found == "date":
            self.add_error(
                "child_pseudonym",
                "The pseudonym must not include a date or a date of birth: use a pseudonym like “Child H”",
            )
        elif found == "name" and not data.get("pseudonym_confirmed"):
            self.add_error(
                "child_pseudonym",
                f"“{pseudonym}” looks like a real full name. Use a pseudonym like “Child H”, or tick the box to "
                "confirm it is a pseudonym",
            )
        not_in_future(self, "aware_on", "The date the local authority became aware")
        not_in_future(self, "incident_on", "The date of the incident")
        incident_on, aware_on = data.get("incident_on"), data.get("aware_on")
        if incident_on and aware_on and incident_on > aware_on and "incident_on" not in self.errors:
            self.add_error(
                "incident_on", "The date of the incident must be on or before the date the local authority became aware"
            )
        data.pop("pseudonym_confirmed", None)
        return data


class ReferralForm(CaseForm):
    organisation = forms.ModelChoiceField(
        label="Referring agency",
        queryset=Organisation.objects.none(),
        empty_label="Select the agency",
        error_messages={"required": "Select the referring agency", "invalid_choice": "Select an agency from the list"},
    )
    referral_reason = _text(
        "Why you are referring the case",
        "Enter the reason for the referral",
        help_text="Why the case may meet the criteria for a rapid review, or what the partnership could learn from it",
    )

    field_order = ["organisation", "referral_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        use_organisation_picker(self, "organisation")


class NotifyForm(forms.Form):
    notified_on = _date("Date the notification was sent to the Panel", "the date the notification was sent")
    panel_reference = forms.CharField(
        label="Panel’s reference (optional)", max_length=50, required=False, help_text="If the Panel has given one"
    )
    partners_told_on = _date(
        "Date the safeguarding partners were told (optional)",
        "the date the safeguarding partners were told",
        required=False,
    )

    def clean(self):
        data = super().clean()
        not_in_future(self, "notified_on", "The date the notification was sent")
        not_in_future(self, "partners_told_on", "The date the safeguarding partners were told")
        return data


class ReasonForm(forms.Form):
    reason = _text("Reason", "Enter the reason", rows=3)


# Rapid reviews -----------------------------------------------------------------------------------------


def confirm_additions(form, data, added) -> None:
    """Adding someone to a need-to-know record is confirmed, naming who is added."""
    if added and not data.get("confirm_need_to_know"):
        names = ", ".join(person_label(p) for p in dict.fromkeys(added))
        form.add_error("confirm_need_to_know", f"Confirm that {names} need to know: they will be able to read it")


class PanelForm(ConcurrencyGuard, forms.Form):
    chair = PersonChoiceField(
        label="Chair of the panel",
        queryset=User.objects.none(),
        empty_label="Select the chair",
        error_messages={"required": "Select the chair of the panel", "invalid_choice": "Select a person from the list"},
    )
    members = _people_select(
        "Panel members",
        help_text="Senior people from the agencies involved, with a partnership role. Hold Ctrl (or Cmd on a Mac) "
        "to choose more than one.",
    )

    confirm_need_to_know = forms.BooleanField(
        label="Everyone I am adding needs to know about this case",
        required=False,
        help_text="People you add can read the case, its rapid review and its report, and are told they are on "
        "the panel.",
    )

    def __init__(self, *args, panel_of, **kwargs):
        self.panel_of = panel_of
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = _people()
        self.fields["members"].queryset = _people()

    def snapshot(self) -> dict[str, str]:
        panel = self.panel_of()
        return {"chair": str(panel["chair"].pk if panel["chair"] else ""), "members": _ids(panel["members"])}

    def clean(self):
        data = super().clean()
        panel = self.panel_of()
        current = {p.pk for p in panel["members"]} | ({panel["chair"].pk} if panel["chair"] else set())
        chosen = [p for p in [data.get("chair"), *data.get("members", [])] if p is not None]
        confirm_additions(self, data, [p for p in chosen if p.pk not in current])
        return data


class PracticePanelForm(ConcurrencyGuard, forms.Form):
    members = _people_select("Review panel members", help_text="Hold Ctrl (or Cmd on a Mac) to choose more than one")

    confirm_need_to_know = forms.BooleanField(
        label="Everyone I am adding needs to know about this review",
        required=False,
        help_text="People you add can read the review and the case it came from, and are told they are on the panel.",
    )

    def __init__(self, *args, panel_of, **kwargs):
        self.panel_of = panel_of
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _people()

    def snapshot(self) -> dict[str, str]:
        return {"members": _ids(self.panel_of())}

    def clean(self):
        data = super().clean()
        current = {p.pk for p in self.panel_of()}
        confirm_additions(self, data, [p for p in data.get("members", []) if p.pk not in current])
        return data


class PanelMeetingForm(forms.Form):
    date = _date("Date of the meeting", "the date of the meeting")
    purpose = forms.CharField(
        label="What the meeting is for (optional)",
        max_length=200,
        required=False,
        help_text="For example, “Rapid review meeting” or “Agree the report”",
    )


class ReturnRequestForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Agencies involved",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    other = forms.ModelChoiceField(
        label="Another agency (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="No other agency",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    due_date = _date(
        "Date the returns are due (optional)",
        "the date the returns are due",
        required=False,
        help_text="Leave empty to use the partnership’s rule",
    )

    def __init__(self, *args, involved, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = involved
        self.fields["other"].queryset = _organisations()
        use_organisation_picker(self, "other")

    def clean(self):
        data = super().clean()
        chosen = list(data.get("organisations") or [])
        if data.get("other") and data["other"] not in chosen:
            chosen.append(data["other"])
        if not chosen and not self.errors:
            self.add_error("organisations", "Select at least one agency")
        if data.get("due_date") and data["due_date"] < calendar.today():
            self.add_error("due_date", "The date the returns are due must be today or in the future")
        return {"organisations": chosen, "due_date": data.get("due_date")}


class ReturnForm(ConcurrencyGuard, forms.Form):
    chronology = _text(
        "Chronology",
        "Enter your agency’s chronology",
        rows=10,
        help_text="Your agency’s contact with the child and family, date by date, for the period the panel asked about",
    )
    analysis = _text(
        "Analysis",
        "Enter your agency’s analysis",
        rows=8,
        help_text="What went well, what could have been done differently, and what your agency has already changed",
    )
    upload = forms.FileField(
        label="Attach a document (optional)",
        required=False,
        validators=[paper_validator()],
        help_text="A PDF, Word or Excel file, for example a longer chronology",
    )

    def __init__(self, *args, agency_return, **kwargs):
        self.agency_return = agency_return
        super().__init__(*args, **kwargs)

    def snapshot(self) -> dict[str, str]:
        self.agency_return.refresh_from_db(fields=["chronology", "analysis", "status"])
        return {"chronology": self.agency_return.chronology, "analysis": self.agency_return.analysis}


class RapidReviewForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    themes = _theme_boxes()

    class Meta:
        model = RapidReview
        fields = ["facts", "practice_episodes", "learning", "context", "themes"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6}) for name in ("facts", "practice_episodes", "learning", "context")
        }
        help_texts = {
            "facts": "The facts of the case as the panel has established them",
            "practice_episodes": "Which agencies were involved, and the key episodes of practice",
            "learning": "What the partnership can learn, including good practice",
            "context": "How race, culture, inequality and disability shaped the child’s experience and the practice",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes()
        drop_empty_themes(self)


class SafetyActionForm(forms.Form):
    description = _text(
        "Action",
        "Describe the action",
        rows=3,
        help_text="What must happen to keep children safe now. Do not name the child.",
    )
    owner = PersonChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named person",
        error_messages={"invalid_choice": "Select the owner from the list"},
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owning organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="No organisation",
        error_messages={"invalid_choice": "Select the organisation from the list"},
    )
    due_date = _date("Due date", "the due date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["owner_organisation"].queryset = _organisations()
        use_organisation_picker(self, "owner_organisation")

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_organisation") and not self.errors.get("owner"):
            self.add_error("owner", "Select who owns the action: a person, an organisation or both")
        return data


class DecisionForm(ConcurrencyGuard, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=RapidReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    decision_reasons = _text(
        "Reasons for the decision",
        "Enter the reasons for the decision",
        help_text="Whether the criteria for a local child safeguarding practice review are met, and why",
    )
    decided_on = _date("Date of the decision", "the date of the decision")

    def __init__(self, *args, rapid_review, outstanding=(), **kwargs):
        self.rapid_review = rapid_review
        super().__init__(*args, **kwargs)
        if outstanding:
            # Deciding before every agency has answered is allowed, but said out loud.
            names = ", ".join(str(r.organisation) for r in outstanding)
            self.fields["decide_without_returns"] = forms.BooleanField(
                label="The panel is deciding without these returns",
                help_text=f"Still awaited from: {names}. Their requests will be closed and the agencies told.",
                required=True,
                error_messages={"required": f"Confirm that the panel is deciding without the returns from {names}"},
            )

    def snapshot(self) -> dict[str, str]:
        review = RapidReview.objects.get(pk=self.rapid_review.pk)
        return {name: str(getattr(review, name) or "") for name in ("decision", "decision_reasons", "decided_on")}

    def clean(self):
        data = super().clean()
        not_in_future(self, "decided_on", "The date of the decision")
        return data


class SentForm(forms.Form):
    sent_on = _date("Date the rapid review was sent to the Panel", "the date the rapid review was sent to the Panel")

    def clean(self):
        data = super().clean()
        not_in_future(self, "sent_on", "The date the rapid review was sent to the Panel")
        return data


class PanelResponseForm(forms.Form):
    panel_response = forms.ChoiceField(
        label="The Panel’s response",
        choices=RapidReview.PanelResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the Panel’s response"},
    )
    panel_response_on = _date("Date of the Panel’s response", "the date of the Panel’s response")
    panel_response_notes = _text("What the Panel said (optional)", rows=4, required=False)

    def clean(self):
        data = super().clean()
        not_in_future(self, "panel_response_on", "The date of the Panel’s response")
        return data


# Practice reviews ----------------------------------------------------------------------------------------


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
    decided_on = _date(
        "Date of the decision to initiate the review",
        "the date of the decision to initiate the review",
        help_text="The 6 months to complete and publish the review count from this date",
    )
    terms_of_reference = _text("Terms of reference (optional)", rows=6, required=False)
    themes = _theme_boxes()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = SeriousIncident.objects.exclude(
            status__in=(SeriousIncident.Status.CLOSED, SeriousIncident.Status.NOTIFICATION_DUE)
        ).order_by("-aware_on")
        self.fields["themes"].queryset = _themes()
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
    publication_planned_on = _date(
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
    themes = _theme_boxes()

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
        self.fields["themes"].queryset = _themes()
        drop_empty_themes(self)


class MilestoneForm(ConcurrencyGuard, forms.Form):
    title = forms.CharField(label="Milestone", max_length=200, error_messages={"required": "Enter the milestone"})
    due_on = _date("Planned date", "the planned date")
    completed_on = _date("Date done (optional)", "the date it was done", required=False)

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
    sent_on = _date("Date the copy was sent", "the date the copy was sent")

    def clean(self):
        data = super().clean()
        not_in_future(self, "sent_on", "The date the copy was sent")
        return data


class CompleteForm(forms.Form):
    completed_on = _date("Date the review was completed", "the date the review was completed")

    def clean(self):
        data = super().clean()
        not_in_future(self, "completed_on", "The date the review was completed")
        return data


class PublishForm(forms.Form):
    published_on = _date("Date published", "the date the review was published")
    may_come_down_on = _date(
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
    late_copy_reason = _text(
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
    text = _text("Finding", "Enter the finding", rows=5)
    themes = _theme_boxes()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes()
        drop_empty_themes(self)


class RecommendationForm(forms.Form):
    finding = forms.ModelChoiceField(
        label="Answers finding (optional)",
        queryset=None,
        required=False,
        empty_label="Not linked to one finding",
        error_messages={"invalid_choice": "Select a finding of this review"},
    )
    text = _text("Recommendation", "Enter the recommendation", rows=4)

    def __init__(self, *args, review: PracticeReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = review.findings.order_by("number")
        self.fields["finding"].label_from_instance = lambda f: f"Finding {f.number}: {f.text[:80]}"


# Reviewer directory ------------------------------------------------------------------------------------------


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
    description = _text("The conflict of interest", "Describe the conflict of interest", rows=3)
    declared_on = _date("Date declared", "the date it was declared")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        use_organisation_picker(self, "organisation")

    def clean(self):
        data = super().clean()
        not_in_future(self, "declared_on", "The date it was declared")
        return data


# Learning ---------------------------------------------------------------------------------------------------


class ThemeForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"name": "Enter the theme’s name"}

    class Meta:
        model = LearningTheme
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"is_active": "Themes no longer in use stay on the reviews already tagged with them"}


class BriefingForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"title": "Enter the briefing’s title"}
    themes = _theme_boxes()

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
        self.fields["themes"].queryset = _themes()
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
    on = _date("Date", "the date it was shared")
    reach = forms.IntegerField(
        label="People reached (optional)",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the number of people as a whole number", "min_value": "Enter 0 or more"},
    )
    notes = _text("Notes (optional)", rows=3, required=False)

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
