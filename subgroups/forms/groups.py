"""Forms for groups: details, terms of reference, members, chairs and the forward plan."""

from django import forms

from core.concurrency import ConcurrencyGuard
from core.forms import GovukDateField
from core.pickers import people_with_roles, use_person_picker
from partnership.forms import GovukMessagesMixin
from partnership.models import User

from ..models import (
    ForwardPlanItem,
    PartnershipGroup,
)


class GroupForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {
        "name": "Enter the group’s name",
        "kind": "Select the kind of group",
        "purpose": "Enter the group’s purpose",
        "meeting_frequency": "Select how often the group meets",
        "quoracy_rule": "Select the quoracy rule",
        "reports_to": "Select the group it reports to from the list",
    }

    class Meta:
        model = PartnershipGroup
        fields = [
            "name",
            "kind",
            "remit",
            "purpose",
            "reports_to",
            "meeting_frequency",
            "quoracy_rule",
            "quorum_minimum",
            "risk_escalation_threshold",
            "status",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "remit": forms.RadioSelect,
            "quoracy_rule": forms.RadioSelect,
            "status": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE)
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["reports_to"].queryset = groups
        self.fields["reports_to"].empty_label = "Reports to no other group"
        for name in ("quorum_minimum", "risk_escalation_threshold"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})
            self.fields[name].error_messages["invalid"] = "Enter a whole number"
        self.fields["risk_escalation_threshold"].error_messages["required"] = (
            "Enter the score above which risks are escalated"
        )
        self.fields["risk_escalation_threshold"].validators.append(_score_threshold)


def _score_threshold(value):
    if not 1 <= value <= 24:
        raise forms.ValidationError("Enter a score from 1 to 24 (scores run from 1 to 25)")


class TermsForm(forms.Form):
    text = forms.CharField(
        label="Terms of reference",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the terms of reference"},
    )
    approved_on = GovukDateField(label="Date approved", label_name="the date the terms were approved")
    review_date = GovukDateField(label="Review date", label_name="the review date")

    def clean(self):
        data = super().clean()
        if data.get("approved_on") and data.get("review_date") and data["review_date"] <= data["approved_on"]:
            self.add_error("review_date", "The review date must be after the date it was approved")
        return data


class MembershipForm(ConcurrencyGuard, forms.Form):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        empty_label="Select a person",
        error_messages={"required": "Select the person", "invalid_choice": "Select a person from the list"},
    )
    role_in_group = forms.CharField(
        label="Role in the group",
        required=False,
        max_length=200,
        help_text="For example, “Designated nurse” or “Police lead”",
    )
    deputy = forms.ModelChoiceField(
        label="Named deputy",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named deputy",
        help_text="Attends in their place and counts towards quoracy",
        error_messages={"invalid_choice": "Select a deputy from the list"},
    )

    def __init__(self, *args, membership=None, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)
        use_person_picker(self, "person")
        use_person_picker(self, "deputy")
        if membership is not None:
            del self.fields["person"]
            self.fixed_person = membership.person

    def is_guarding(self) -> bool:
        return self.membership is not None

    def snapshot(self) -> dict[str, str]:
        self.membership.refresh_from_db(fields=["role_in_group", "deputy"])
        return {"role_in_group": self.membership.role_in_group, "deputy": str(self.membership.deputy_id or "")}

    def clean(self):
        data = super().clean()
        person = data.get("person") or getattr(self, "fixed_person", None)
        if person is not None and data.get("deputy") == person:
            self.add_error("deputy", "A member cannot be their own deputy")
        return data


class ChairForm(ConcurrencyGuard, forms.Form):
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        required=False,
        empty_label="No chair",
        error_messages={"invalid_choice": "Select a member"},
    )
    vice_chair = forms.ModelChoiceField(
        label="Vice-chair",
        queryset=User.objects.none(),
        required=False,
        empty_label="No vice-chair",
        error_messages={"invalid_choice": "Select a member"},
    )

    def __init__(self, *args, group: PartnershipGroup, **kwargs):
        self.group = group
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__group=group, memberships__left_on__isnull=True).distinct()
        use_person_picker(self, "chair", people_with_roles().filter(pk__in=members.values("pk")))
        use_person_picker(self, "vice_chair", people_with_roles().filter(pk__in=members.values("pk")))

    def snapshot(self) -> dict[str, str]:
        from ..selectors.groups import group_roles

        current = {label: str(user_id) for user_id, label in group_roles(self.group).items()}
        return {"chair": current.get("Chair", ""), "vice_chair": current.get("Vice-chair", "")}

    def clean(self):
        data = super().clean()
        if data.get("chair") and data.get("chair") == data.get("vice_chair"):
            self.add_error("vice_chair", "The vice-chair must be a different person from the chair")
        return data


class ForwardPlanForm(ConcurrencyGuard, GovukMessagesMixin, forms.ModelForm):
    messages = {"title": "Enter what is planned", "kind": "Select the kind of item"}
    planned_month = GovukDateField(
        label="Planned month (if no meeting yet)",
        label_name="the planned date",
        required=False,
        min_year=2000,
        max_year=2100,
        help_text="Any day in the month, for example 1 3 2027",
    )

    class Meta:
        model = ForwardPlanItem
        fields = ["title", "kind", "planned_meeting", "planned_month", "lead", "notes"]
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group: PartnershipGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_meeting"].queryset = group.meetings.order_by("date")
        self.fields["planned_meeting"].empty_label = "No meeting chosen yet"
        use_person_picker(self, "lead")
        self.fields["lead"].empty_label = "No lead yet"

    def clean(self):
        data = super().clean()
        if not data.get("planned_meeting") and not data.get("planned_month") and "planned_month" not in self.errors:
            self.add_error("planned_meeting", "Choose the meeting or the month it is planned for")
        return data
