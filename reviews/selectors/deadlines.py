"""The deadlines of a case, a rapid review or a practice review, with their state for display."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from core import calendar
from core.models import Deadline
from core.selectors import with_state
from partnership.models import User
from partnership.selectors import business_unit_people
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import chairs_of, group_with_remit


def deadlines_for(*subjects: models.Model | None, today: date | None = None) -> list[Deadline]:
    """Every deadline of the given records, oldest first, with its state for display."""
    present = [s for s in subjects if s is not None]
    if not present:
        return []
    condition = Q()
    for subject in present:
        condition |= Q(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)
    deadlines = list(Deadline.objects.filter(condition).select_related("rule").order_by("due_date", "pk"))
    with_state(deadlines, today or calendar.today())
    return deadlines


def escalation_people() -> list[User]:
    """Who hears when a review deadline is overdue: the practice review sub-group's chairs
    (deadline titles are safe to show them) and the business unit."""
    group = group_with_remit(PartnershipGroup.Remit.PRACTICE_REVIEW)
    return (chairs_of(group) if group else []) + business_unit_people()


def live_deadline(subject: models.Model, rule_key: str) -> Deadline | None:
    """The subject's deadline under the rule that is still running (open, missed or paused)."""
    return (
        Deadline.objects.for_subject(subject)
        .filter(rule__key=rule_key, status__in=(*Deadline.LIVE_STATUSES, Deadline.Status.PAUSED))
        .order_by("-pk")
        .first()
    )
