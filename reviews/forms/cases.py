"""Forms for serious incidents and referrals (services/cases.py)."""

from django import forms

from core import pseudonyms
from core.concurrency import ConcurrencyGuard
from core.pickers import OrganisationMultipleChoiceField, use_organisation_picker
from partnership.models import Organisation

from ..models import SeriousIncident
from .fields import active_organisations, date_field, not_in_future, snapshot_ids, text_field


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
    incident_on = date_field("Date of the incident", "the date of the incident", help_text="For example, 27 3 2026")
    aware_on = date_field(
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
    summary = text_field(
        "Summary of the case",
        "Enter a summary of the case",
        rows=6,
        help_text="What happened and what is known so far. Use the pseudonym throughout.",
    )

    def __init__(self, *args, incident=None, **kwargs):
        self.incident = incident
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = active_organisations()

    def is_guarding(self) -> bool:
        return self.incident is not None

    def snapshot(self) -> dict[str, str]:
        incident = SeriousIncident.objects.get(pk=self.incident.pk)
        values = {name: str(getattr(incident, name)) for name in self.CASE_FIELDS}
        values["agencies"] = snapshot_ids(incident.agencies.all())
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
    referral_reason = text_field(
        "Why you are referring the case",
        "Enter the reason for the referral",
        help_text="Why the case may meet the criteria for a rapid review, or what the partnership could learn from it",
    )

    field_order = ["organisation", "referral_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = active_organisations()
        use_organisation_picker(self, "organisation")


class NotifyForm(forms.Form):
    notified_on = date_field("Date the notification was sent to the Panel", "the date the notification was sent")
    panel_reference = forms.CharField(
        label="Panel’s reference (optional)", max_length=50, required=False, help_text="If the Panel has given one"
    )
    partners_told_on = date_field(
        "Date the safeguarding partners were told (optional)",
        "the date the safeguarding partners were told",
        required=False,
    )

    def clean(self):
        data = super().clean()
        not_in_future(self, "notified_on", "The date the notification was sent")
        not_in_future(self, "partners_told_on", "The date the safeguarding partners were told")
        return data
