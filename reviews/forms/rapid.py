"""Forms for rapid reviews: panel, agency returns, safety actions, decision, the national Panel
(services/rapid.py)."""

from django import forms

from core import calendar
from core.concurrency import ConcurrencyGuard
from core.documents import paper_validator
from core.pickers import PersonChoiceField, use_organisation_picker
from partnership.forms import GovukMessagesMixin
from partnership.models import Organisation, User

from ..models import RapidReview
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


class PanelForm(ConcurrencyGuard, forms.Form):
    chair = PersonChoiceField(
        label="Chair of the panel",
        queryset=User.objects.none(),
        empty_label="Select the chair",
        error_messages={"required": "Select the chair of the panel", "invalid_choice": "Select a person from the list"},
    )
    members = people_select(
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
        self.fields["chair"].queryset = role_holders()
        self.fields["members"].queryset = role_holders()

    def snapshot(self) -> dict[str, str]:
        panel = self.panel_of()
        return {"chair": str(panel["chair"].pk if panel["chair"] else ""), "members": snapshot_ids(panel["members"])}

    def clean(self):
        data = super().clean()
        panel = self.panel_of()
        current = {p.pk for p in panel["members"]} | ({panel["chair"].pk} if panel["chair"] else set())
        chosen = [p for p in [data.get("chair"), *data.get("members", [])] if p is not None]
        confirm_additions(self, data, [p for p in chosen if p.pk not in current])
        return data


class PanelMeetingForm(forms.Form):
    date = date_field("Date of the meeting", "the date of the meeting")
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
    due_date = date_field(
        "Date the returns are due (optional)",
        "the date the returns are due",
        required=False,
        help_text="Leave empty to use the partnership’s rule",
    )

    def __init__(self, *args, involved, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = involved
        self.fields["other"].queryset = active_organisations()
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
    chronology = text_field(
        "Chronology",
        "Enter your agency’s chronology",
        rows=10,
        help_text="Your agency’s contact with the child and family, date by date, for the period the panel asked about",
    )
    analysis = text_field(
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
    themes = theme_boxes()

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
        self.fields["themes"].queryset = active_themes()
        drop_empty_themes(self)


class SafetyActionForm(forms.Form):
    description = text_field(
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
    due_date = date_field("Due date", "the due date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = role_holders()
        self.fields["owner_organisation"].queryset = active_organisations()
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
    decision_reasons = text_field(
        "Reasons for the decision",
        "Enter the reasons for the decision",
        help_text="Whether the criteria for a local child safeguarding practice review are met, and why",
    )
    decided_on = date_field("Date of the decision", "the date of the decision")

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
    sent_on = date_field(
        "Date the rapid review was sent to the Panel", "the date the rapid review was sent to the Panel"
    )

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
    panel_response_on = date_field("Date of the Panel’s response", "the date of the Panel’s response")
    panel_response_notes = text_field("What the Panel said (optional)", rows=4, required=False)

    def clean(self):
        data = super().clean()
        not_in_future(self, "panel_response_on", "The date of the Panel’s response")
        return data
