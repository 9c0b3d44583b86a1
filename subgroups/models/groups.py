from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core import addresses

from ..quoracy import MINIMUM_RULE, PARTNERS_RULE
from ..risk_scoring import DEFAULT_ESCALATION_THRESHOLD


class PartnershipGroup(models.Model):
    """A group in the partnership's governance: the Executive, the board, a sub-group..."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "Executive"
        BOARD = "board", "Partnership board"
        SUBGROUP = "subgroup", "Sub-group"
        TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
        JOINT = "joint", "Joint group with the adults’ board"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every 2 months"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every 6 months"
        AS_NEEDED = "as_needed", "As needed"

    class Quoracy(models.TextChoices):
        PARTNERS = PARTNERS_RULE, "Each of the three safeguarding partners represented"
        MINIMUM = MINIMUM_RULE, "A minimum number of members"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class Remit(models.TextChoices):
        """What the group is for, so other modules can find, say, the practice review
        sub-group that owns review action plans, whatever the partnership calls it."""

        NONE = "", "No particular remit"
        EFFECTIVENESS = "effectiveness", "Safeguarding effectiveness (performance, audit, scrutiny)"
        PRACTICE_REVIEW = "practice_review", "Practice review (rapid reviews, case reviews)"
        EDUCATION = "education", "Education"
        WORKFORCE = "workforce", "Workforce development and training"
        VOICE = "voice", "Voice of the child"
        COMMUNICATIONS = "communications", "Communications and engagement"
        NEGLECT = "neglect", "Neglect"
        EXPLOITATION = "exploitation", "Complex safeguarding and exploitation"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    remit = models.CharField(max_length=30, choices=Remit.choices, blank=True, default=Remit.NONE)
    purpose = models.TextField()
    reports_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reporting_groups"
    )
    meeting_frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    quoracy_rule = models.CharField(max_length=20, choices=Quoracy.choices, default=Quoracy.PARTNERS)
    quorum_minimum = models.PositiveSmallIntegerField(
        "minimum members for quoracy", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    risk_escalation_threshold = models.PositiveSmallIntegerField(
        "escalate risks scoring above", default=DEFAULT_ESCALATION_THRESHOLD
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("chair_group", "Chair of the group"), ("vice_chair_group", "Vice-chair of the group")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return addresses.of("subgroups:group-detail", self.pk)

    def clean(self) -> None:
        errors = {}
        if self.quoracy_rule == self.Quoracy.MINIMUM and not self.quorum_minimum:
            errors["quorum_minimum"] = "Enter the minimum number of members for the meeting to be quorate"
        if self.reports_to_id and self.pk:
            seen, current = set(), self.reports_to
            while current is not None and current.pk not in seen:
                if current.pk == self.pk:
                    errors["reports_to"] = "A group cannot report to itself, directly or through others"
                    break
                seen.add(current.pk)
                current = current.reports_to
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class GroupUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(PartnershipGroup, on_delete=models.CASCADE)


class GroupGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(PartnershipGroup, on_delete=models.CASCADE)


class TermsOfReference(models.Model):
    """One version of a group's terms of reference. Versions are kept, never overwritten."""

    group = models.ForeignKey(PartnershipGroup, on_delete=models.CASCADE, related_name="terms")
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    approved_on = models.DateField()
    review_date = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-version"]
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="one_terms_version")]

    def __str__(self) -> str:
        return f"{self.group} terms of reference, version {self.version}"

    def clean(self) -> None:
        if self.approved_on and self.review_date and self.review_date <= self.approved_on:
            raise ValidationError({"review_date": "The review date must be after the date it was approved"})


class Membership(models.Model):
    """Someone's place in a group: their organisation, their role, and a named deputy."""

    group = models.ForeignKey(PartnershipGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        settings.PORTAL_ORGANISATION_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role_in_group = models.CharField("role in the group", max_length=200, blank=True)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_for",
        verbose_name="named deputy",
    )
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"], condition=models.Q(left_on__isnull=True), name="one_current_membership"
            )
        ]
        indexes = [models.Index(fields=["person", "left_on"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def clean(self) -> None:
        if self.deputy_id and self.deputy_id == self.person_id:
            raise ValidationError({"deputy": "A member cannot be their own deputy"})
