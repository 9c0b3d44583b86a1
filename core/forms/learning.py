"""The form for marking learning as needing a change."""

from django import forms


class LearningMarkForm(forms.Form):
    note = forms.CharField(
        label="What needs to change",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For the people who will change the training. Leave out any child’s name and case detail.",
        error_messages={"max_length": "What needs to change must be 2,000 characters or fewer"},
    )
