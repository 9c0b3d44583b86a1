"""What the training programme holds about a person (subject access requests, the privacy
notice) and how long it is kept (retention)."""

from django.db.models import F
from django.db.models.functions import TruncDate

from core import kept, personal_data, retention

from .models import Booking, Evaluation, FollowUp, Practitioner, Trainer

# Training records show a person's safeguarding training to their employer and to inspectors
# for years after it; six years from the session is the portal's default until the partnership
# sets its own. What people said about a session stays in the course's results without their
# name after three years.
BOOKING_YEARS = 6
FEEDBACK_YEARS = 3


def _bookings(user):
    for booking in (
        Booking.objects.filter(person=user)
        .select_related("session__course", "organisation")
        .order_by("session__date", "pk")
        .iterator()
    ):
        yield [
            booking.session.course.title,
            booking.session.date,
            str(booking.organisation or ""),
            booking.get_status_display(),
            booking.get_attendance_display() if booking.status == Booking.Status.CONFIRMED else "",
            booking.booked_at,
            booking.cancelled_at,
            booking.cancellation_reason,
        ]


def _evaluations(user):
    for evaluation in (
        Evaluation.objects.filter(booking__person=user).select_related("session__course").order_by("submitted_at")
    ):
        yield [
            evaluation.session.course.title,
            evaluation.session.date,
            evaluation.confidence_before,
            evaluation.confidence_after,
            evaluation.usefulness,
            evaluation.will_do_differently,
            evaluation.comments,
            evaluation.submitted_at,
        ]


def _follow_ups(user):
    for follow_up in (
        FollowUp.objects.filter(booking__person=user).select_related("session__course").order_by("submitted_at")
    ):
        yield [
            follow_up.session.course.title,
            follow_up.session.date,
            follow_up.get_practice_changed_display(),
            follow_up.what_changed,
            follow_up.example,
            follow_up.submitted_at,
        ]


def _registration(user):
    for practitioner in Practitioner.objects.filter(user=user).select_related("organisation"):
        yield ["Registered to book training", str(practitioner.organisation), practitioner.registered_at, ""]
    for trainer in Trainer.objects.filter(person=user).select_related("organisation"):
        status = "in the pool" if trainer.is_active else "left the pool"
        yield [f"Trainer in the training pool ({status})", str(trainer.organisation), trainer.joined_on, trainer.notes]


def register() -> None:
    personal_data.register(
        personal_data.Source(
            "training_bookings",
            "Training bookings",
            "Your places on multi-agency training: the session, the agency it counted for, whether you attended "
            "and any cancellation",
            ["Course", "Session date", "Agency", "Booking", "Attendance", "Booked", "Cancelled", "Reason"],
            _bookings,
            order=60,
        )
    )
    personal_data.register(
        personal_data.Source(
            "training_evaluations",
            "Training evaluations",
            "What you said straight after a training session: your confidence before and after, how useful it "
            "was, and what you will do differently",
            [
                "Course",
                "Session date",
                "Confidence before",
                "Confidence after",
                "Usefulness",
                "Will do",
                "Other",
                "Submitted",
            ],
            _evaluations,
            order=61,
        )
    )
    personal_data.register(
        personal_data.Source(
            "training_follow_ups",
            "Training follow-ups",
            "What you said three months after a training session about what changed in your practice",
            ["Course", "Session date", "Practice changed", "What changed", "Example", "Submitted"],
            _follow_ups,
            order=62,
        )
    )
    personal_data.register(
        personal_data.Source(
            "training_roles",
            "Training registration and the training pool",
            "The agency you registered with to book training, and your place in the pool of trainers",
            ["What", "Agency", "Since", "Notes"],
            _registration,
            order=63,
        )
    )
    retention.register(
        retention.RecordType(
            key="training_bookings",
            label="Training bookings",
            holds="A person’s place on a training session, their attendance, and (until they are anonymised) "
            "their evaluation and follow-up",
            anchor_label="the date of the session",
            queryset=lambda: Booking.objects.annotate(retention_anchor=F("session__date")),
            describe=lambda b: f"Booking {b.pk} on a training session of {b.session.date:%d %B %Y}",
            default_years=BOOKING_YEARS,
            linked=False,
        )
    )
    for key, model, label in (
        ("training_evaluations", Evaluation, "Training evaluations"),
        ("training_follow_ups", FollowUp, "Training follow-ups"),
    ):
        retention.register(
            retention.RecordType(
                key=key,
                label=label,
                holds="What a person said about a training session, linked to them until anonymised; anonymised, "
                "it stays in the course’s results without their name",
                anchor_label="the date it was given",
                queryset=lambda model=model: model.objects.filter(booking__isnull=False).annotate(
                    retention_anchor=TruncDate("submitted_at")
                ),
                describe=lambda record, label=label: f"{label[:-1]} {record.pk} of {record.submitted_at:%d %B %Y}",
                default_years=FEEDBACK_YEARS,
                default_action=retention.Disposal.ANONYMISE,
                anonymise=_detach,
                linked=False,
            )
        )


def _detach(record, *, acting_user, reason: str) -> None:
    """Anonymise an evaluation or follow-up: it no longer says whose it was. Part of a
    retention decision (core.retention.dispose), which checks the acting user's role, runs in
    one transaction and logs the reason."""
    type(record).objects.filter(pk=record.pk).update(booking=None)
    kept.changed(type(record))
