"""Surveys the partnership runs: of practitioners (a public link, anonymous), of agencies (their
leads answer in the portal for their agency), and of children and young people (a forum's
facilitator enters what each young person said). A survey is one run: re-running it copies its
sections, questions and choices, each remembering what it was copied from, so that the results
of the two runs can be compared question by question."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses


class Survey(models.Model):
    class Audience(models.TextChoices):
        PRACTITIONERS = "practitioners", "Practitioners across the partnership"
        AGENCY_LEADS = "agency_leads", "Agencies’ leads, answering for their agency"
        CHILDREN = "children", "Children and young people, through a forum’s facilitator"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.PUBLISHED: "blue", Status.CLOSED: "green"}
    AUDIENCE_HINTS = {
        Audience.PRACTITIONERS: "Anyone with the link answers anonymously, without an account. They say which agency "
        "they work for and their role.",
        Audience.AGENCY_LEADS: "Each invited agency’s lead answers once, in the portal, for their agency. Answers "
        "are not anonymous: they are the agency’s.",
        Audience.CHILDREN: "The facilitators you name enter each young person’s answers after a forum session. "
        "Nothing that identifies the young person is kept.",
    }

    title = models.CharField(max_length=200)
    purpose = models.TextField(
        "what the survey is for", help_text="Shown to the people answering it, above the questions"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField("opens")
    closes_on = models.DateField("closes")
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
        verbose_name="the earlier run it repeats",
    )
    run_number = models.PositiveSmallIntegerField(default=1)
    # The secret part of the public link (practitioners' surveys only); a new link replaces it.
    link_code = models.CharField(max_length=64, blank=True, default="", editable=False)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_surveys", verbose_name="facilitators"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    results_released_at = models.DateTimeField("results shared with the partnership", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["link_code"], condition=~models.Q(link_code=""), name="survey_link_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_on"])]

    def __str__(self) -> str:
        return self.title if self.run_number == 1 else f"{self.title} (run {self.run_number})"

    def get_absolute_url(self) -> str:
        return addresses.of("engagement:survey-detail", self.pk)

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be the same as or after the opening date"})

    @property
    def reference(self) -> str:
        return f"S-{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    def accepts_answers(self, today) -> bool:
        return self.status == self.Status.PUBLISHED and self.opens_on <= today <= self.closes_on

    def state_label(self, today) -> str:
        if self.status == self.Status.PUBLISHED and today < self.opens_on:
            return "Opens soon"
        if self.status == self.Status.PUBLISHED and today > self.closes_on:
            return "Past its closing date"
        if self.status == self.Status.PUBLISHED:
            return "Open"
        return self.get_status_display()

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PRACTITIONERS

    @property
    def public_url(self) -> str:
        if not self.is_public or not self.link_code:
            return ""
        return reverse("engagement:public-survey", args=[self.link_code])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    intro = models.TextField("introduction", blank=True, help_text="Shown above the section’s questions (optional)")
    position = models.PositiveSmallIntegerField(default=0)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.survey.get_absolute_url()}#section-{self.pk}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Choose one answer"
        MULTIPLE = "multiple", "Choose all that apply"
        SCALE = "scale", "A scale (for example 1 to 5)"
        TEXT = "text", "Free text"

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("question", max_length=500)
    hint = models.CharField(max_length=300, blank=True, help_text="Shown under the question (optional)")
    kind = models.CharField("type of answer", max_length=20, choices=Kind.choices)
    required = models.BooleanField("an answer is required", default=True)
    position = models.PositiveSmallIntegerField(default=0)
    scale_points = models.PositiveSmallIntegerField(
        "points on the scale", default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    scale_low_label = models.CharField("what the lowest point means", max_length=60, blank=True)
    scale_high_label = models.CharField("what the highest point means", max_length=60, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="the same question in the earlier run",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__position", "section_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"{self.survey.get_absolute_url()}#question-{self.pk}"

    def clean(self) -> None:
        if self.section_id and self.survey_id and self.section.survey_id != self.survey_id:
            raise ValidationError("The section belongs to another survey")

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_scale(self) -> bool:
        return self.kind == self.Kind.SCALE

    @property
    def is_text(self) -> bool:
        return self.kind == self.Kind.TEXT

    @property
    def scale_range(self) -> range:
        return range(1, self.scale_points + 1)

    def scale_label(self, point: int) -> str:
        if point == 1 and self.scale_low_label:
            return f"1 – {self.scale_low_label}"
        if point == self.scale_points and self.scale_high_label:
            return f"{point} – {self.scale_high_label}"
        return str(point)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class InvitedAgency(models.Model):
    """An agency the survey went to: its staff (practitioners' surveys) or its lead (agencies'
    surveys). The number of staff it went to makes the agency's response rate."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invited")
    organisation = models.ForeignKey(settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+")
    staff_invited = models.PositiveIntegerField(
        "staff it went to",
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
        help_text="How many of the agency’s staff were sent the link, for the response rate (optional)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "invited agency"
        verbose_name_plural = "invited agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"],
                name="agency_invited_once",
                violation_error_message="That agency is already invited",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.survey})"


class ForumSession(models.Model):
    """A session of a children's forum at which a facilitator heard young people's answers.
    The young people are not recorded, only how many answered (their responses)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sessions")
    forum = models.CharField(
        max_length=200, help_text="For example, the youth council or a school’s pupil forum. Never a child’s name."
    )
    held_on = models.DateField("date of the session")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.forum}, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:session-enter", args=[self.survey_id, self.pk])


class RateReminder(models.Model):
    """One send of response-rate reminders for a survey (the ledger: each automatic stage is
    sent once, whatever the sweep does)."""

    class Stage(models.TextChoices):
        HALFWAY = "halfway", "Halfway through"
        CLOSING = "closing", "A few working days before it closes"
        BY_HAND = "by_hand", "Sent by the business unit"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rate_reminders")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "stage"],
                condition=~models.Q(stage="by_hand"),
                name="automatic_rate_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.survey}"
