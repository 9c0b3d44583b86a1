"""Practitioners, their bookings (with the waiting list and attendance), what they said straight
after the session and three months later, and the ledger of what the portal sent them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses, calendar

from ..years import follow_up_due
from .courses import Session


class Practitioner(models.Model):
    """Someone from an agency in the directory who registered (with a work email whose domain
    belongs to it) to book training. Their agency is recorded here, not on the account: an
    account's organisation opens that organisation's deadlines and plans, which a practitioner
    must not see."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner")
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="practitioners", verbose_name="agency"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Booking(models.Model):
    """A person's place on a session, or their place in its waiting list. A cancelled place is
    offered to the first on the waiting list at once."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Place confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        NOT_RECORDED = "", "Not recorded yet"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Did not attend"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_bookings")
    # The agency the place counts for (attendance against its training needs, non-attendance),
    # as it was when they booked.
    organisation = models.ForeignKey(
        "partnership.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_bookings",
        verbose_name="agency",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default="", blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    # Not stored: set for display where a person's feedback is asked for.
    evaluation_open: bool
    follow_up_open: bool

    class Meta:
        ordering = ["session__date", "session__start_time", "booked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_person_and_session",
                violation_error_message="You already have a place or a waiting-list place on this session",
            ),
            models.CheckConstraint(
                condition=Q(attendance="") | Q(status="confirmed"),
                name="attendance_only_for_confirmed_places",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["organisation", "attendance"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.session}"

    def get_absolute_url(self) -> str:
        return addresses.of("training:booking-detail", self.pk)

    def clean(self) -> None:
        if self.attendance and self.status != self.Status.CONFIRMED:
            raise ValidationError({"attendance": "Attendance can be recorded for confirmed places only"})

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def attended(self) -> bool:
        return self.attendance == self.Attendance.ATTENDED

    @property
    def is_open_for_evaluation(self) -> bool:
        """The person may evaluate the session: their place was confirmed, they were not marked
        absent, and the session took place and has ended."""
        return (
            self.status == self.Status.CONFIRMED
            and self.attendance != self.Attendance.ABSENT
            and not self.session.is_cancelled
            and self.session.has_ended()
        )

    @property
    def is_open_for_follow_up(self) -> bool:
        """The three-month follow-up is due: they attended and the follow-up date has come."""
        return self.attended and follow_up_due(self.session.date) <= calendar.today()

    @property
    def certificate_number(self) -> str:
        return f"T{self.session_id:05d}-{self.pk:06d}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Evaluation(models.Model):
    """What someone said straight after the session. Kept with the session for the course's
    results; after its retention period it is detached from the booking (anonymised)."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="evaluations")
    booking = models.OneToOneField(Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluation")
    confidence_before = models.PositiveSmallIntegerField(
        "confidence before the session", choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    confidence_after = models.PositiveSmallIntegerField(
        "confidence after the session", choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        "how useful the session was", choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    will_do_differently = models.TextField("what you will do differently")
    comments = models.TextField("anything else", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["session", "submitted_at"])]

    def __str__(self) -> str:
        return f"Evaluation of {self.session}"

    @property
    def confidence_change(self) -> int:
        return self.confidence_after - self.confidence_before


class FollowUp(models.Model):
    """What changed in someone's practice, asked three months after the session."""

    class Changed(models.TextChoices):
        YES = "yes", "Yes, my practice has changed"
        PARTLY = "partly", "Partly"
        NO = "no", "No, not yet"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="follow_ups")
    booking = models.OneToOneField(Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up")
    practice_changed = models.CharField("has your practice changed", max_length=10, choices=Changed.choices)
    what_changed = models.TextField("what changed in your practice")
    example = models.TextField("an example with a child or family, without names", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["session", "submitted_at"])]

    def __str__(self) -> str:
        return f"Follow-up of {self.session}"


class BookingMessage(models.Model):
    """The ledger of what the sweep sent about a booking: one row per (booking, stage), so a
    reminder, an evaluation request, the 3-month follow-up and its one chase are each sent
    exactly once however often or concurrently the sweep runs (as core's SentReminder does
    for deadlines; like it, a log itself, so without history)."""

    class Stage(models.TextChoices):
        REMINDER = "reminder", "Reminder before the session"
        EVALUATION = "evaluation", "Evaluation request"
        FOLLOW_UP = "follow_up", "3-month follow-up"
        CHASE = "follow_up_chase", "Follow-up reminder"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "stage"], name="one_training_message_per_booking_and_stage")
        ]
        indexes = [models.Index(fields=["stage", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} for booking {self.booking_id}"
