"""Forms for cancelling a place, marking attendance, the evaluation and the follow-up."""

from django import forms

from partnership.forms import GovukMessagesMixin

from ..models import Booking, Evaluation, FollowUp

ANSWER_LIMIT = 5000


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, for_someone_else: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if for_someone_else:
            field.required = True
            field.error_messages["required"] = "Enter the reason for cancelling the place"
            field.help_text = "The person is told, with this reason"
        else:
            field.label = "Reason (optional)"
            field.help_text = "It helps the business unit plan the programme"


class AttendanceForm(forms.Form):
    """One choice per confirmed place: attended or did not attend (the bulk form)."""

    # The form's own template draws these two radios, in this order, for every place.
    CHOICES = [(Booking.Attendance.ATTENDED, "Attended"), (Booking.Attendance.ABSENT, "Did not attend")]
    template_name = "training/_attendance_form.html"

    def __init__(self, *args, bookings: list[Booking], **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            self.fields[self.key(booking)] = forms.ChoiceField(
                label=f"{booking.person.name or booking.person.email}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                initial=booking.attendance or None,
                help_text=str(booking.organisation or ""),
                error_messages={
                    "required": f"Select whether {booking.person.name or booking.person.email} attended",
                    "invalid_choice": f"Select whether {booking.person.name or booking.person.email} attended",
                },
            )

    @staticmethod
    def key(booking: Booking) -> str:
        return f"booking_{booking.pk}"

    def marks(self) -> dict[int, str]:
        return {booking.pk: self.cleaned_data[self.key(booking)] for booking in self.bookings}


class EvaluationForm(GovukMessagesMixin, forms.ModelForm):
    messages = {
        "confidence_before": "Select how confident you felt before the session",
        "confidence_after": "Select how confident you feel after the session",
        "usefulness": "Select how useful the session was",
        "will_do_differently": "Enter what you will do differently",
    }

    class Meta:
        model = Evaluation
        fields = ["confidence_before", "confidence_after", "usefulness", "will_do_differently", "comments"]
        widgets = {
            "confidence_before": forms.RadioSelect,
            "confidence_after": forms.RadioSelect,
            "usefulness": forms.RadioSelect,
            "will_do_differently": forms.Textarea(attrs={"rows": 4}),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "confidence_before": "Before the session, how confident were you in this area of practice?",
            "confidence_after": "Now, how confident are you?",
            "usefulness": "How useful was the session for your work?",
            "will_do_differently": "What will you do differently in your practice?",
            "comments": "Anything else you want to tell us (optional)",
        }
        help_texts = {
            "confidence_before": "1 is not at all confident, 5 is very confident",
            "confidence_after": "1 is not at all confident, 5 is very confident",
            "usefulness": "1 is not useful, 5 is very useful",
            "will_do_differently": "Leave out the names of children and families",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("confidence_before", "confidence_after", "usefulness"):
            self.fields[name].choices = Evaluation.SCALE
        for name in ("will_do_differently", "comments"):
            self.fields[name].max_length = ANSWER_LIMIT
            self.fields[name].validators.append(_limit)


class FollowUpForm(GovukMessagesMixin, forms.ModelForm):
    messages = {
        "practice_changed": "Select whether your practice has changed",
        "what_changed": "Enter what changed in your practice, or why it has not",
    }

    class Meta:
        model = FollowUp
        fields = ["practice_changed", "what_changed", "example"]
        widgets = {
            "practice_changed": forms.RadioSelect,
            "what_changed": forms.Textarea(attrs={"rows": 4}),
            "example": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "practice_changed": "Three months on, has the session changed what you do?",
            "what_changed": "What changed in your practice? If nothing yet, what got in the way?",
            "example": "An example with a child or family (optional)",
        }
        help_texts = {"example": "Leave out names and anything that could identify them"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("what_changed", "example"):
            self.fields[name].validators.append(_limit)


def _limit(value: str) -> None:
    if len(value) > ANSWER_LIMIT:
        raise forms.ValidationError(f"Answers must be {ANSWER_LIMIT:,} characters or fewer")
