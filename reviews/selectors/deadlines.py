"""The deadlines of a case, a rapid review or a practice review, with their state for display."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core import calendar
from core.models import Deadline
from core.selectors import with_state


def deadlines_for(*subjects, today: date | None = None) -> list[Deadline]:
    """Every deadline of the given records, oldest first, with its state for display."""
    subjects = [s for s in subjects if s is not None]
    if not subjects:
        return []
    condition = Q()
    for subject in subjects:
        condition |= Q(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)
    deadlines = list(Deadline.objects.filter(condition).select_related("rule").order_by("due_date", "pk"))
    with_state(deadlines, today or calendar.today())
    return deadlines
