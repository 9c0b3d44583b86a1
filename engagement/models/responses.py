"""What people answered.

Anonymous means anonymous. A response keeps the survey, the agency the person chose (or none)
and their role or age group, and nothing else: no account, no address, no cookie or session,
and no time (a timestamp could be matched with a web server's log). Responses and answers have
random identifiers rather than numbers that count up, for the same reason, and no change
history: they are written once, and a history row would record the moment and, for someone
signed in, who. The one change after that, a moderator's decision on a comment, is recorded in
its own Moderation row, with its history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .surveys import Choice, ForumSession, Question, Survey


class PractitionerRole(models.TextChoices):
    SOCIAL_WORK = "social_work", "Social worker or social care"
    EARLY_HELP = "early_help", "Early help or family support"
    HEALTH = "health", "Health (nurse, health visitor, midwife, doctor)"
    GP = "gp", "GP or primary care"
    MENTAL_HEALTH = "mental_health", "Mental health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Teacher or school staff"
    EARLY_YEARS = "early_years", "Early years"
    YOUTH = "youth", "Youth work or youth justice"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary or community sector"
    MANAGER = "manager", "Manager or senior leader"
    OTHER = "other", "Another role"


class AgeGroup(models.TextChoices):
    UNDER_11 = "under_11", "Under 11"
    AGE_11_15 = "11_15", "11 to 15"
    AGE_16_17 = "16_17", "16 or 17"
    AGE_18_25 = "18_25", "18 to 25 (care leavers and young adults)"
    NOT_SAID = "not_said", "Did not say"


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A practitioner's role (PractitionerRole) or a young person's age group (AgeGroup).
    role = models.CharField(max_length=30, blank=True)
    session = models.ForeignKey(ForumSession, on_delete=models.CASCADE, null=True, blank=True, related_name="responses")
    # An agency's answer to an agencies' survey (one per agency), not a person's.
    for_agency = models.BooleanField(default=False)

    class Meta:
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"],
                condition=models.Q(for_agency=True),
                name="one_answer_per_agency",
                violation_error_message="Your agency has already answered this survey",
            )
        ]
        indexes = [models.Index(fields=["survey", "organisation"])]

    def __str__(self) -> str:
        return f"A response to {self.survey}"


class Answer(models.Model):
    class Moderation(models.TextChoices):
        NOT_NEEDED = "", "Not free text"
        AWAITING = "awaiting", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        WITHHELD = "withheld", "Withheld"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    scale_value = models.PositiveSmallIntegerField(null=True, blank=True)
    # Free text as written until a moderator decides; then the approved wording (names removed),
    # or nothing if it was withheld. The original is not kept.
    text = models.TextField(blank=True)
    moderation = models.CharField(max_length=20, choices=Moderation.choices, blank=True, default="")

    class Meta:
        ordering = ["question", "id"]
        indexes = [
            models.Index(fields=["question", "choice"]),
            models.Index(fields=["question", "moderation"]),
        ]

    def __str__(self) -> str:
        return f"An answer to “{self.question}”"


class Moderation(models.Model):
    """A moderator's decision on one comment: approved (with any names and dates removed) or
    withheld, with the reason. Nobody but the business unit reads a comment before this."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="decision")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="moderations")
    decision = models.CharField(max_length=20, choices=Answer.Moderation.choices)
    changed = models.BooleanField("the wording was changed", default=False)
    reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-moderated_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.moderated_by}"
