"""The voice of children and families: what they told the partnership, and what it did.

Each entry in the "you said, we did" log starts with what was said (from the youth council, a
forum, the listening hub, a family's contribution to a case review...), gets an owner and a
date by which they say what was done (a deadline on the clock, with reminders), is reviewed by
the chair of the group it belongs to, and can be published on the public page. What is
published is written for the public and checked for names; the record of what was said stays
inside the portal.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import addresses

from .surveys import Survey


class YouSaid(models.Model):
    class Source(models.TextChoices):
        YOUTH_COUNCIL = "youth_council", "The youth council"
        FORUM = "forum", "A children’s or young people’s forum"
        LISTENING_HUB = "listening_hub", "The listening hub"
        CASE_REVIEW = "case_review", "A family’s contribution to a case review"
        SURVEY = "survey", "A survey of children and young people"
        PARENTS = "parents", "A parents’ or carers’ group"
        OTHER = "other", "Somewhere else"

    class Voice(models.TextChoices):
        CHILDREN = "children", "Children and young people"
        FAMILIES = "families", "Parents, carers and families"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        WITH_OWNER = "with_owner", "With its owner"
        REVIEW = "review", "Awaiting the chair’s review"
        DONE = "done", "Done"

    STATUS_COLOURS = {
        Status.RECORDED: "grey",
        Status.WITH_OWNER: "blue",
        Status.REVIEW: "yellow",
        Status.DONE: "green",
    }

    summary = models.CharField(
        "you said",
        max_length=300,
        help_text="What was said, in a sentence the public page can show. No names, ages or places that "
        "identify anyone.",
    )
    said = models.TextField(
        "what they told us",
        help_text="In more detail, for the partnership. Still no names: say “a young person” or use the "
        "review’s pseudonym.",
    )
    voice = models.CharField("who said it", max_length=20, choices=Voice.choices, default=Voice.CHILDREN)
    source = models.CharField("where we heard it", max_length=30, choices=Source.choices)
    source_detail = models.CharField(
        "which forum, session or review", max_length=200, blank=True, help_text="Optional. Never a name."
    )
    heard_on = models.DateField("date we heard it")
    priorities = models.ManyToManyField(
        "partnership.StrategicPriority", blank=True, related_name="you_said", verbose_name="strategic priorities"
    )
    organisations = models.ManyToManyField(
        settings.PORTAL_ORGANISATION_MODEL,
        blank=True,
        related_name="+",
        verbose_name="agencies it concerns",
        help_text="The agencies that acted on it can cite it as evidence of listening",
    )
    group = models.ForeignKey(
        "subgroups.PartnershipGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="group that reviews it",
        help_text="Its chair reviews what was done. Usually the voice of the child sub-group.",
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.SET_NULL, null=True, blank=True, related_name="you_said", verbose_name="survey"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="you_said_owned"
    )
    response_due = models.DateField("“we did” due", null=True, blank=True)
    we_will = models.TextField("what we will do", blank=True)
    we_did = models.TextField(
        "we did",
        blank=True,
        help_text="What changed because of it, or why it could not change. Written for the public page.",
    )
    done_on = models.DateField("date it was done", null=True, blank=True)
    review_note = models.TextField("chair’s note", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField("on the public page", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-heard_on", "-pk"]
        verbose_name = "“you said, we did” entry"
        verbose_name_plural = "“you said, we did” entries"
        indexes = [
            models.Index(fields=["status", "heard_on"]),
            models.Index(fields=["is_published", "heard_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.summary}"

    def get_absolute_url(self) -> str:
        return addresses.of("engagement:yousaid-detail", self.pk)

    @property
    def reference(self) -> str:
        return f"YS-{self.pk}"

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def public_status(self) -> str:
        """What the public page says about where it is."""
        if self.is_done:
            return "We did"
        if self.status in (self.Status.WITH_OWNER, self.Status.REVIEW):
            return "We are working on it"
        return "We have heard this"

    @property
    def is_with_owner(self) -> bool:
        return self.status == self.Status.WITH_OWNER
