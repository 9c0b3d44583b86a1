"""How the training programme answers learning marked "training to change" (core.learning):
the courses that took each piece of learning up, and how many people attended them since it
was marked. Registered in setup.py."""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from core.learning import Uptake, UptakeProvider
from core.models import LearningToChange

from . import permissions
from .models import Booking, Course


def uptakes(marks: list[LearningToChange], user) -> dict[int, list[Uptake]]:
    """Two queries whatever the number of marks: the course links, and attended places per
    course and session date (summed from each mark's date here)."""
    links = list(
        Course.learning.through.objects.filter(learningtochange_id__in=[m.pk for m in marks]).select_related("course")
    )
    if not links:
        return {}
    attended: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        Booking.objects.filter(
            session__course_id__in={link.course_id for link in links}, attendance=Booking.Attendance.ATTENDED
        )
        .order_by()
        .values("session__course_id", "session__date")
        .annotate(n=Count("pk"))
    ):
        attended[row["session__course_id"]].append((row["session__date"], row["n"]))
    marked_on = {m.pk: timezone.localdate(m.marked_at) for m in marks}
    reads = permissions.can_view_courses(user)
    taken: dict[int, list[Uptake]] = defaultdict(list)
    for link in sorted(links, key=lambda link: link.course.title):
        since = marked_on[link.learningtochange_id]
        count = sum(n for day, n in attended[link.course_id] if day >= since)
        course = link.course
        url = course.get_absolute_url() if reads else (course.get_public_url() if course.is_published else "")
        taken[link.learningtochange_id].append(
            Uptake(
                label=f"{course.title} ({course.get_level_display()})",
                url=url,
                detail=f"{count} {'person' if count == 1 else 'people'} attended since {since:%-d %B %Y}",
                key=f"course-{course.pk}",
            )
        )
    return dict(taken)


PROVIDER = UptakeProvider(
    change=LearningToChange.Change.TRAINING,
    uptakes=uptakes,
    page_url_name="training:learning-list",
    can_open_page=permissions.can_view_courses,
)
