"""Reads of the "you said, we did" log: the partnership's (permission-scoped) and the public
page's (published entries only, through its own selector)."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from core import calendar
from partnership.models import StrategicPriority, User
from subgroups.models import PartnershipGroup

from .. import permissions
from ..models import YouSaid

FILTERS = ("status", "source", "priority", "group", "mine")
# What the log's table shows, and no more: its rows carry long free text.
LIST_FIELDS = (
    "pk",
    "summary",
    "is_published",
    "heard_on",
    "source",
    "status",
    "response_due",
    "owner__name",
    "owner__email",
)


def you_said_list_for_user(
    user: User,
    *,
    status: str = "",
    source: str = "",
    priority: StrategicPriority | None = None,
    group: PartnershipGroup | None = None,
    mine: bool = False,
) -> QuerySet[YouSaid]:
    items = permissions.you_said_visible_to(user)
    if status == "overdue":
        items = items.filter(status=YouSaid.Status.WITH_OWNER, response_due__lt=calendar.today())
    elif status in YouSaid.Status.values:
        items = items.filter(status=status)
    if source in YouSaid.Source.values:
        items = items.filter(source=source)
    if priority is not None:
        items = items.filter(priorities=priority)
    if group is not None:
        items = items.filter(group=group)
    if mine:
        items = items.filter(owner=user)
    # The table shows neither the group nor the priorities.
    return items.select_related("owner").only(*LIST_FIELDS).order_by("-heard_on", "-pk")


def you_said_get_for_user(user: User, pk: int | str) -> YouSaid:
    try:
        return (
            permissions.you_said_visible_to(user)
            .select_related("owner", "group", "survey", "recorded_by", "reviewed_by")
            .get(pk=int(pk))
        )
    except (YouSaid.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such entry") from None


def published_you_said(*, priority: StrategicPriority | None = None) -> QuerySet[YouSaid]:
    """The public page: published entries only, with nothing but what the public may read."""
    items = YouSaid.objects.filter(is_published=True)
    if priority is not None:
        items = items.filter(priorities=priority)
    return (
        items.only(
            "pk", "summary", "source", "voice", "heard_on", "status", "we_will", "we_did", "done_on", "is_published"
        )
        .prefetch_related("priorities")
        .order_by("-heard_on", "-pk")
    )


def you_said_counts(start: date | None = None, end: date | None = None, *, at: date | None = None) -> dict[str, int]:
    """How many were heard (by `at`, or in [start, end]) and how many have a "we did"."""
    items = YouSaid.objects.all()
    if start is not None and end is not None:
        items = items.filter(heard_on__range=(start, end))
    if at is not None:
        items = items.filter(heard_on__lte=at)
    done = Q(status=YouSaid.Status.DONE)
    if at is not None:
        done &= Q(done_on__lte=at)
    return items.aggregate(
        heard=Count("pk"),
        done=Count("pk", filter=done),
        with_owner=Count("pk", filter=Q(status__in=[YouSaid.Status.WITH_OWNER, YouSaid.Status.REVIEW])),
        published=Count("pk", filter=Q(is_published=True)),
    )


def priorities_with_published_you_said() -> list[StrategicPriority]:
    return list(StrategicPriority.objects.filter(you_said__is_published=True).distinct().order_by("position", "title"))
