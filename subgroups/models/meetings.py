from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .groups import PartnershipGroup


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        PAPERS_CIRCULATED = "papers_circulated", "Papers circulated"
        HELD = "held", "Held"
        MINUTES_DRAFT = "minutes_draft", "Draft minutes circulated"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"

    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("online meeting link", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    is_quorate = models.BooleanField(null=True, blank=True)
    quoracy_explanation = models.CharField(max_length=300, blank=True)
    pack = models.ForeignKey("core.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    pack_circulated_at = models.DateTimeField(null=True, blank=True)
    pack_out_of_date = models.BooleanField(
        default=False, help_text="The meeting moved after the pack went out: circulate it again"
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text="Goes up each time the date, time or place changes, so calendars update the event"
    )
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name="minutes approved at",
    )
    minutes_amendments = models.TextField("amendments to the minutes", blank=True)
    business_summary = models.TextField(
        "business manager’s summary", blank=True, help_text="For-information items summarised instead of presented"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["group", "date"])]

    def __str__(self) -> str:
        return f"{self.group} on {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return addresses.of("subgroups:meeting-detail", self.pk)

    def clean(self) -> None:
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The end time must be after the start time"})
        if not self.location and not self.online_link:
            raise ValidationError({"location": "Enter where the meeting is, or an online meeting link"})

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()

    @property
    def has_happened(self) -> bool:
        """Held, or at least begun: attendance, minutes and decisions can be recorded."""
        return self.date <= timezone.localdate()

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def has_draft_minutes(self) -> bool:
        return self.status == self.Status.MINUTES_DRAFT

    @property
    def has_approved_minutes(self) -> bool:
        return self.status == self.Status.MINUTES_APPROVED


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        ASSURANCE = "assurance", "Assurance or spotlight"
        INFORMATION = "information", "For information"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    presenter_name = models.CharField(
        "presenter (if not on the portal)", max_length=200, blank=True, help_text="For example, a guest speaker"
    )
    minutes_allocated = models.PositiveSmallIntegerField("time (minutes)", default=15)
    priority = models.ForeignKey(
        "partnership.StrategicPriority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="strategic priority",
    )
    in_business_summary = models.BooleanField("moved to the business manager’s summary", default=False)
    minutes = models.TextField(blank=True)
    forward_plan_item = models.OneToOneField(
        "subgroups.ForwardPlanItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_item"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"

    @property
    def presenter_label(self) -> str:
        return str(self.presenter) if self.presenter else self.presenter_name


class Paper(models.Model):
    """A paper for an agenda item: its owner owes it by the paper deadline."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="papers_owned")
    summary = models.TextField(
        blank=True, help_text="For the cover sheet: what the paper says and what the group is asked to do"
    )
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    previously_presented_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The same paper was already presented at this meeting",
    )
    pack_first_page = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pack_last_page = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("subgroups:paper-detail", self.pk)

    @property
    def meeting(self) -> Meeting:
        return self.item.meeting


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        DEPUTY = "deputy", "Deputy attending"
        ABSENT = "absent", "Absent without apologies"
        OBSERVER = "observer", "Observer"
        GUEST = "guest", "Guest speaker"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    name = models.CharField("name (if not on the portal)", max_length=200, blank=True)
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    deputy_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="attending for",
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guests",
        verbose_name="guest speaker for",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "status", "person__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=models.Q(person__isnull=False), name="one_attendance_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person else self.name


class MinuteEntry(models.Model):
    """A decision or a challenge recorded in the minutes of an agenda item.

    Challenges are kept here, linked by nothing but their own identity, so that the scrutiny
    module's challenge log can take them up (a generic link) without this app knowing it.
    """

    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        CHALLENGE = "challenge", "Challenge or question"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    directed_to = models.CharField("asked of", max_length=200, blank=True)
    needs_ratification = models.BooleanField(default=False)
    ratified_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="ratified_entries"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "item__position", "pk"]
        verbose_name_plural = "minute entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#entry-{self.pk}"
