from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import addresses
from .. import deadline_rules as defs
from ..working_days import add_months, add_working_days, working_days_between


class DeadlineRule(models.Model):
    """A named rule for a due date, with the partnership's current number and start point."""

    class Unit(models.TextChoices):
        WORKING_DAYS = defs.WORKING_DAYS, "working days"
        DAYS = defs.DAYS, "days"
        MONTHS = defs.MONTHS, "months"

    class Direction(models.TextChoices):
        AFTER = defs.AFTER, "after"
        BEFORE = defs.BEFORE, "before"

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    is_statutory = models.BooleanField("statutory", default=False)
    amount = models.PositiveSmallIntegerField("number")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.AFTER)
    start_point = models.CharField(max_length=40)
    reminder_lead_days = models.PositiveSmallIntegerField(
        "first reminder (working days before the due date)",
        default=2,
        validators=[MaxValueValidator(20)],
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "escalate after (working days overdue)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_statutory", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:rule-edit", args=[self.key])

    @property
    def definition(self) -> defs.RuleDefinition:
        return defs.definition(self.key)

    @property
    def start_point_label(self) -> str:
        return self.definition.start_points.get(self.start_point, self.start_point)

    def summary(self) -> str:
        """In words, e.g. "15 working days after the serious incident notification was sent"."""
        unit = self.get_unit_display()
        if self.amount == 1:
            unit = unit.rstrip("s")
        return f"{self.amount} {unit} {self.direction} {self.start_point_label}"

    def clean(self) -> None:
        errors = {}
        limit = defs.LIMITS.get(self.unit)
        if self.amount is not None and limit is not None and not 1 <= self.amount <= limit:
            errors["amount"] = f"Enter a number between 1 and {limit} for {self.get_unit_display()}"
        if self.key in defs.RULES and self.start_point not in self.definition.start_points:
            errors["start_point"] = "Select a start point from the list"
        if errors:
            raise ValidationError(errors)

    def due_date(self, start: date, closures: Iterable[date] = frozenset()) -> date:
        sign = -1 if self.direction == self.Direction.BEFORE else 1
        if self.unit == self.Unit.WORKING_DAYS:
            return add_working_days(start, sign * self.amount, closures)
        if self.unit == self.Unit.MONTHS:
            return add_months(start, sign * self.amount)
        return start + timedelta(days=sign * self.amount)


class ClosureDay(models.Model):
    """A day the partnership counts as not working (beyond weekends and bank holidays)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.reason}"


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def live(self) -> "DeadlineQuerySet":
        """Still to be met: open, or past its due date and not met."""
        return self.filter(status__in=Deadline.LIVE_STATUSES)

    def overdue(self, today: date) -> "DeadlineQuerySet":
        return self.live().filter(due_date__lt=today)

    def due_between(self, first: date, last: date) -> "DeadlineQuerySet":
        return self.live().filter(due_date__range=(first, last))

    def for_subject(self, subject: models.Model) -> "DeadlineQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)

    def latest_for(self, subject: models.Model) -> "Deadline | None":
        """The subject's current deadline: its newest row (a clock that restarts adds one)."""
        return self.for_subject(subject).select_related("rule").order_by("-pk").first()


class Deadline(models.Model):
    """One statutory or local due date, stored so that "everything due" is one query."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MISSED = "missed", "Missed"
        MET = "met", "Met"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"

    LIVE_STATUSES = (Status.OPEN, Status.MISSED)

    # No index of its own: the subject index (content_type, object_id) leads with it, and every
    # index is one more write per deadline the sweep marks missed.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines")
    title = models.CharField(
        max_length=200, help_text="Safe to show in an office calendar: never a child's name or pseudonym"
    )
    start_date = models.DateField()
    due_date = models.DateField()
    original_due_date = models.DateField()
    rule_summary = models.CharField(max_length=300, help_text="The rule as it stood when the deadline was set")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(blank=True)
    responsible_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="deadlines")
    responsible_organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
        db_index=False,  # deadline_org_status_due leads with it
    )
    escalation_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    met_at = models.DateTimeField(null=True, blank=True)
    # Indexed only where set (deadline_met_by): a deadline the sweep marks missed has none,
    # so marking it writes no entry there.
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    paused_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The history rows are read by record (id) and by date; indexes on their copies of the
    # foreign keys would only be written, once per deadline the sweep marks missed.
    history = HistoricalRecords(
        m2m_fields=[responsible_users], no_db_index=["content_type", "rule", "responsible_organisation", "met_by"]
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="deadline_status_due"),
            models.Index(fields=["responsible_organisation", "status", "due_date"], name="deadline_org_status_due"),
            models.Index(fields=["content_type", "object_id"], name="deadline_subject"),
            models.Index(fields=["met_by"], name="deadline_met_by", condition=models.Q(met_by__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_date:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return addresses.of("core:deadline-detail", self.pk)

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def met_on_time(self) -> bool | None:
        if self.status != self.Status.MET or self.met_at is None:
            return None
        return timezone.localdate(self.met_at) <= self.due_date

    def working_days_left(self, today: date, closures: Iterable[date] = frozenset()) -> int:
        """Working days from today to the due date: 0 on the day, negative once overdue."""
        return working_days_between(today, self.due_date, closures)

    # The columns state() reads (its own, and its rule's reminder lead): a list that shows the
    # state reads these with .only(), and whatever else it shows.
    STATE_FIELDS = ("status", "due_date", "met_at", "rule__reminder_lead_days")

    def state(self, today: date, closures: Iterable[date] = frozenset()) -> tuple[str, str]:
        """A short label and a tag colour for lists: due soon, due today, overdue..."""
        if self.status == self.Status.MET:
            return ("Met on time", "green") if self.met_on_time else ("Met late", "orange")
        if self.status == self.Status.CANCELLED:
            return "Cancelled", "grey"
        if self.status == self.Status.PAUSED:
            return "Paused", "purple"
        if self.due_date == today:
            return "Due today", "orange"
        if self.due_date < today:
            days = -self.working_days_left(today, closures)
            return (f"Overdue by {days} working day{'s' if days != 1 else ''}" if days else "Overdue"), "red"
        days = self.working_days_left(today, closures)
        if days <= self.rule.reminder_lead_days or days <= 2:
            return f"Due in {days} working day{'s' if days != 1 else ''}", "yellow"
        return f"{days} working days left", "blue"

    @property
    def is_met(self) -> bool:
        return self.status == self.Status.MET

    @property
    def is_paused(self) -> bool:
        return self.status == self.Status.PAUSED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SentReminder(models.Model):
    """The ledger of reminders: one row per deadline and stage, so a stage is sent once.

    The stage names the due date it was for ("before@2026-01-14"), so moving a deadline starts
    its reminders afresh for the new date.
    """

    # The unique (deadline, stage) index serves every lookup by deadline: a second index on
    # deadline alone would only slow the sweep's insert of tens of thousands of rows. No
    # database constraint either: its check, one per row at commit, was an eighth of the
    # worst-case sweep, and the rows are only ever written by the sweep's INSERT ... SELECT
    # from the deadlines themselves, under its lock; deleting a deadline deletes its rows
    # (Django's cascade, as for every model here).
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders", db_index=False, db_constraint=False
    )
    stage = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)
    # The ids of the grouped messages this stage went out in (one per person told): the ledger
    # made visible on the deadline's page. A list, not a many-to-many table, so that a sweep of
    # tens of thousands of stages writes one row each (a message may since have been deleted
    # under the retention rules; readers filter on the ids that still exist).
    notification_ids = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "stage"], name="one_reminder_per_stage")]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.stage}"


class CalendarDay(models.Model):
    """The working-day calendar stored for set-based arithmetic: every day with whether it is
    a working day and `ordinal`, the number of working days from the table's first day up to
    and including it (a non-working day shares the ordinal of the working day before it).

    Then "the Nth working day after D" is the working day whose ordinal is ordinal(D) + N, and
    the working days after A up to B are ordinal(B) - ordinal(A): a join, not a loop. Built by
    core.calendar.sync_calendar_days from core.working_days (the `holidays` source and the
    closure days), which stays the reference it is tested against.
    """

    day = models.DateField(primary_key=True)
    ordinal = models.IntegerField()
    is_working = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["ordinal"], name="calendarday_ordinal")]

    def __str__(self) -> str:
        return f"{self.day} ({self.ordinal}{'' if self.is_working else ', not working'})"
