"""Small forms shared by the group, meeting and risk pages."""

from django import forms


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason"}
    )
