"""Practice reviews (local child safeguarding practice reviews and other reviews), the
reviewer directory, and each review's milestones, pauses, findings and recommendations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core import addresses


class Reviewer(models.Model):
    """An independent reviewer the partnership may commission: the reviewer directory."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", "Available"
        LIMITED = "limited", "Limited availability"
        UNAVAILABLE = "unavailable", "Not available"

    name = models.CharField(max_length=200)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField(max_length=50, blank=True)
    organisation_name = models.CharField("company or organisation", max_length=200, blank=True)
    expertise = models.TextField(help_text="For example: neglect, child sexual abuse, systems methodology")
    availability = models.CharField(max_length=20, choices=Availability.choices, default=Availability.AVAILABLE)
    availability_note = models.CharField("about their availability", max_length=200, blank=True)
    previous_reviews = models.TextField(
        "reviews before the portal", blank=True, help_text="Reviews they wrote elsewhere or before the portal was used"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="portal account",
        help_text="So the reviewer can read and add to the reviews they are commissioned for",
    )
    is_active = models.BooleanField("in the directory", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="reviewer_name_unique_ci",
                violation_error_message="There is already a reviewer with this name",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return addresses.of("reviews:reviewer-detail", self.pk)


class ConflictOfInterest(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency the conflict is with, if it is with one",
    )
    description = models.TextField()
    declared_on = models.DateField("date declared")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-declared_on", "-pk"]

    def __str__(self) -> str:
        return f"Conflict of interest of {self.reviewer}"


class PracticeReview(models.Model):
    """A review commissioned to learn from one case or a theme across cases."""

    class Kind(models.TextChoices):
        LCSPR = "lcspr", "Local child safeguarding practice review"
        THEMATIC = "thematic", "Thematic review"
        GOOD_PRACTICE = "good_practice", "Good practice review"
        MULTI_AGENCY = "multi_agency", "Multi-agency learning review"
        SINGLE_AGENCY = "single_agency", "Single-agency review"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        PUBLISHED = "published", "Published"

    OPEN_STATUSES = (Status.IN_PROGRESS, Status.PAUSED)

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField("type of review", max_length=20, choices=Kind.choices)
    title = models.CharField(
        max_length=200, help_text="Shown to everyone who can see the review: never the child’s name or pseudonym"
    )
    incident = models.ForeignKey(
        "reviews.SeriousIncident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_reviews",
        verbose_name="case",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    decided_on = models.DateField("date of the decision to initiate the review")
    terms_of_reference = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews", verbose_name="reviewer"
    )
    methodology = models.TextField(blank=True)
    family_involvement = models.TextField("family involvement", blank=True)
    themes = models.ManyToManyField("reviews.LearningTheme", blank=True, related_name="practice_reviews")
    draft_report = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    final_report = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    publication_planned_on = models.DateField("planned publication date", null=True, blank=True)
    pre_publication_sent_on = models.DateField(
        "date the copy went to the Panel and the Secretary of State", null=True, blank=True
    )
    completed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField("date published", null=True, blank=True)
    may_come_down_on = models.DateField("date it may come down", null=True, blank=True)
    publication_url = models.URLField("where it is published", blank=True)
    late_copy_reason = models.TextField(
        "why the copy went to the Panel late",
        blank=True,
        help_text="Kept when the review is published less than the required time after the pre-publication copy",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        permissions = [("sit_on_practice_review", "Member of the review panel")]

    def __str__(self) -> str:
        return f"Practice review {self.reference}"

    def get_absolute_url(self) -> str:
        return addresses.of("reviews:practice-review-detail", self.pk)

    def clean(self) -> None:
        errors = {}
        if self.published_on and self.decided_on and self.published_on < self.decided_on:
            errors["published_on"] = "The review cannot be published before the decision to initiate it"
        if self.may_come_down_on and self.published_on and self.may_come_down_on <= self.published_on:
            errors["may_come_down_on"] = "The date it may come down must be after the date it was published"
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_lcspr(self) -> bool:
        return self.kind == self.Kind.LCSPR

    @property
    def stage(self) -> str:
        """Where the review is, in the words of the pipeline."""
        if self.status == self.Status.PUBLISHED:
            return "Published"
        if self.status == self.Status.COMPLETED:
            return "Completed"
        if self.status == self.Status.PAUSED:
            return "Paused"
        if self.pre_publication_sent_on:
            return "Copy with the Panel and the Secretary of State"
        if self.final_report_id:
            return "Final report"
        if self.draft_report_id:
            return "Draft report"
        if self.reviewer_id:
            return "Reviewer commissioned"
        return "Commissioning a reviewer"

    @property
    def stage_in_sentence(self) -> str:
        return self.stage[0].lower() + self.stage[1:]

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_paused(self) -> bool:
        return self.status == self.Status.PAUSED

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class PracticeReviewUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(PracticeReview, on_delete=models.CASCADE)


class PracticeReviewGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(PracticeReview, on_delete=models.CASCADE)


class ReviewPause(models.Model):
    """A time the review's clock stopped, for example during criminal proceedings."""

    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="pauses")
    reason = models.TextField()
    paused_on = models.DateField()
    resumed_on = models.DateField(null=True, blank=True)
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-paused_on", "-pk"]

    def __str__(self) -> str:
        return f"Pause from {self.paused_on:%-d %B %Y}"


class Milestone(models.Model):
    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField("planned date")
    completed_on = models.DateField("date done", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return self.completed_on is None and self.due_on < today


class Finding(models.Model):
    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("finding")
    themes = models.ManyToManyField("reviews.LearningTheme", blank=True, related_name="findings")
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="one_finding_number_per_review")]

    def __str__(self) -> str:
        return f"Finding {self.number}"


class Recommendation(models.Model):
    """A review's recommendation, answered by an action plan the practice review sub-group
    owns (its source is this recommendation)."""

    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField("recommendation")
    plan = models.OneToOneField(
        "subgroups.ActionPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_recommendation_number_per_review")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number} of practice review {self.review.reference}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:practice-review-detail", args=[self.review_id]) + f"#recommendation-{self.number}"
