"""The programme: courses and events, the training pool's trainers, and the sessions they run."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from core import addresses


def hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"))


class Level(models.TextChoices):
    """The partnership's safeguarding training levels (a training needs analysis counts the
    staff who need each)."""

    LEVEL_1 = "1", "Level 1: awareness"
    LEVEL_2 = "2", "Level 2: working together"
    LEVEL_3 = "3", "Level 3: advanced practice"
    LEVEL_4 = "4", "Level 4: leadership and specialist"


class Course(models.Model):
    """A course or event in the multi-agency programme, run as one or more sessions."""

    class Kind(models.TextChoices):
        COURSE = "course", "Core course"
        EVENT = "event", "Learning event"
        BRIEFING = "briefing", "Lunchtime briefing"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "No longer run"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COURSE)
    level = models.CharField(max_length=1, choices=Level.choices)
    summary = models.TextField(help_text="What the course covers, for practitioners choosing it. Shown publicly.")
    outcomes = models.TextField(
        "learning outcomes", blank=True, help_text="What people will be able to do afterwards, one per line"
    )
    audience = models.CharField(
        "who it is for", max_length=300, blank=True, help_text="For example, practitioners working with families"
    )
    priorities = models.ManyToManyField(
        "partnership.StrategicPriority", blank=True, related_name="courses", verbose_name="strategic priorities"
    )
    learning = models.ManyToManyField(
        "core.LearningToChange",
        blank=True,
        related_name="courses",
        verbose_name="learning it takes up",
        help_text="Learning themes and review findings marked “training to change” that this course answers",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[priorities, learning])

    class Meta:
        ordering = ["level", "title"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                name="course_title_unique_ci",
                violation_error_message="There is already a course with this title",
            )
        ]
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.title)[:200] or "course"
            slug, number = base, 1
            while Course.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                number += 1
                slug = f"{base}-{number}"
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return addresses.of("training:course-detail", self.pk)

    def get_public_url(self) -> str:
        return reverse("training:catalogue-course", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Trainer(models.Model):
    """A volunteer in the training pool: someone from a partner agency who delivers courses.
    What they give (sessions delivered, hours donated) is worked out from the sessions."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainer")
    organisation = models.ForeignKey(
        "partnership.Organisation",
        on_delete=models.PROTECT,
        related_name="trainers",
        verbose_name="the agency they come from",
    )
    courses = models.ManyToManyField(Course, blank=True, related_name="trainers", verbose_name="courses they deliver")
    joined_on = models.DateField("joined the pool", default=timezone.localdate)
    is_active = models.BooleanField("in the pool", default=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[courses])

    # Not stored: set for display by trainer_get_for_user().
    hours_donated: Decimal

    class Meta:
        ordering = ["person__name"]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return addresses.of("training:trainer-detail", self.pk)


class Session(models.Model):
    """One running of a course: when, where (a venue, an online link or both), how many places,
    and who trains it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("online joining link", blank=True)
    joining_instructions = models.TextField("joining instructions", blank=True)
    capacity = models.PositiveSmallIntegerField(
        "places", validators=[MinValueValidator(1), MaxValueValidator(1000)], default=20
    )
    trainers = models.ManyToManyField(Trainer, blank=True, related_name="sessions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Its length, kept from the times so that hours delivered add up in the database.
    minutes = models.PositiveIntegerField(default=0, editable=False)
    # RFC 5545 SEQUENCE of the calendar files: raised each time the session moves.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[trainers])

    class Meta:
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["date", "status"]),
            models.Index(fields=["course", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.start_time and self.end_time:
            start = datetime.combine(self.date, self.start_time)
            self.minutes = max(0, (datetime.combine(self.date, self.end_time) - start) // timedelta(minutes=1))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return addresses.of("training:session-detail", self.pk)

    def clean(self) -> None:
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The end time must be after the start time"
        if not self.venue.strip() and not self.online_link:
            errors["venue"] = "Enter the venue, or an online joining link"
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end_time))

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    @property
    def where(self) -> str:
        if self.venue and self.online_link:
            return f"{self.venue} and online"
        return self.venue or "Online"
