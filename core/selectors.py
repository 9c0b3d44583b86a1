"""Permission-scoped reads of deadlines and notifications."""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Count, Min, Q, QuerySet, Value, Window
from django.http import Http404

from . import calendar, permissions
from .models import (
    CalendarToken,
    ClosureDay,
    Deadline,
    DeadlineRule,
    DisposalLog,
    Document,
    LegalHold,
    Notification,
    NotificationPreference,
    PendingImport,
    RetentionReview,
    RetentionRule,
)
from .models.deadlines import DeadlineQuerySet
from .models.learning import LearningToChange
from .services import refuse, refuse_unless

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from partnership.models import User

    from .documents import Access
    from .learning import Source
    from .roles import AnyUser

    class _Heading(TypedDict):
        heading: str
        total: int

    # A deadline read for My work, carrying its heading and that heading's count.
    HeadedDeadline: TypeAlias = WithAnnotations[Deadline, _Heading]

DeadlinesT = TypeVar("DeadlinesT", bound=Iterable[Deadline])


def _with_state(deadlines: DeadlinesT, today: date) -> DeadlinesT:
    closures = calendar.closure_days()
    for deadline in deadlines:
        label, colour = deadline.state(today, closures)
        # For the status tag in templates; a Deadline has no such fields, so they go in its dict.
        vars(deadline).update(state_label=label, state_colour=colour)
    return deadlines


# What the deadlines list shows of each: its title, state, whether its rule is statutory, and
# whose it is.
_LISTED_FIELDS = ("title", *Deadline.STATE_FIELDS, "rule__is_statutory", "responsible_organisation__name")


def deadline_list_for_user(user: User, filters: dict[str, Any], *, scope: str, today: date) -> DeadlineQuerySet:
    if scope == "all" and not permissions.can_view_all_deadlines(user):
        refuse()
    if scope == "all":
        deadlines = permissions.deadlines_visible_to(user)
    else:
        deadlines = Deadline.objects.filter(pk__in=permissions.own_deadline_ids(user))
    status = filters.get("status") or "live"
    if status == "live":
        deadlines = deadlines.live()
    elif status == "overdue":
        deadlines = deadlines.overdue(today)
    elif status != "all":
        deadlines = deadlines.filter(status=status)
    if scope != "all" and filters.get("part") == "meet":
        deadlines = deadlines.filter(pk__in=permissions.deadline_ids_to_meet(user))
    elif scope != "all" and filters.get("part") == "oversee":
        deadlines = deadlines.filter(pk__in=permissions.deadline_ids_overseen(user))
    if filters.get("when") == "now":
        deadlines = deadlines.filter(due_date__lte=today)
    elif filters.get("when") == "week":
        deadlines = deadlines.filter(due_date__gt=today, due_date__lte=today + timedelta(days=WEEK))
    if filters.get("statutory"):
        deadlines = deadlines.filter(rule__is_statutory=True)
    if filters.get("due_within"):
        deadlines = deadlines.filter(due_date__lte=today + timedelta(days=filters["due_within"]))
    if filters.get("organisation"):
        deadlines = deadlines.filter(responsible_organisation_id=filters["organisation"])
    return deadlines.select_related("rule", "responsible_organisation").only(*_LISTED_FIELDS).order_by("due_date", "pk")


def deadline_get_for_user(user: AnyUser, pk: int) -> Deadline:
    deadline: Deadline | None = (
        permissions.deadlines_visible_to(user)
        .select_related("rule", "responsible_organisation", "met_by", "content_type")
        .prefetch_related("responsible_users", "escalation_users")
        .filter(pk=pk)
        .first()
    )
    if deadline is None:
        raise Http404("No such deadline")
    return deadline


WEEK = 7  # "this week" on My work: the next seven days
SHOWN = 3  # deadlines listed under each heading of My work; the rest are a link away


@dataclass
class DeadlineGroup:
    """One heading of the deadlines on My work: how many, the soonest few, and the filters
    that list them all on the deadlines page."""

    key: str
    heading: str
    count: int
    rows: Sequence[Deadline]
    query: str
    names_organisation: bool = False  # others' deadlines: say whose


# What My work shows of a deadline: its title and state and whose it is; the rest of its row,
# its rule's and its organisation's stay unread.
_MY_WORK_FIELDS = ("title", *Deadline.STATE_FIELDS, "responsible_organisation__name")


def my_work_deadlines(user: User, today: date) -> list[DeadlineGroup]:
    """The person's live deadlines as what needs doing now (overdue or due today), what is due
    this week, and others' deadlines they oversee that are overdue or due this week (waiting on
    others). One query whatever the numbers: the soonest few of each heading, together, each row
    carrying its heading's count (a heading with no rows counts none)."""
    week_end = today + timedelta(days=WEEK)
    meet, oversee = permissions.to_meet(user), permissions.overseen(user)
    groups = [
        ("now", "Overdue or due today", meet & Q(due_date__lte=today), "part=meet&when=now"),
        ("week", "Due in the next 7 days", meet & Q(due_date__gt=today, due_date__lte=week_end), "part=meet&when=week"),
        ("waiting", "Waiting on others", oversee & Q(due_date__lte=week_end), "part=oversee&due_within=7"),
    ]
    parts = [
        Deadline.objects.live()
        .filter(condition)
        .select_related("rule", "responsible_organisation")
        .only(*_MY_WORK_FIELDS)
        .annotate(heading=Value(key), total=Window(Count("pk")))
        .order_by("due_date", "pk")[:SHOWN]
        for key, _, condition, _ in groups
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(parts[0].union(*parts[1:], all=True))
    else:  # SQLite (the embedded default): no ORDER BY or LIMIT inside a UNION, so one query each
        rows = [row for part in parts for row in part]
    # Every row carries the heading and count annotated above.
    found = cast("list[HeadedDeadline]", _with_state(rows, today))
    result = []
    for key, heading, _, query in groups:
        shown = sorted((row for row in found if row.heading == key), key=lambda row: (row.due_date, row.pk))
        count = shown[0].total if shown else 0
        result.append(DeadlineGroup(key, heading, count, shown, query, names_organisation=key == "waiting"))
    return result


@dataclass
class OrganisationOverdue:
    organisation_id: int | None
    name: str
    count: int
    oldest_due: date


def overdue_by_organisation(user: AnyUser, today: date) -> list[OrganisationOverdue]:
    refuse_unless(permissions.can_view_all_deadlines(user))
    rows = (
        permissions.deadlines_visible_to(user)
        .overdue(today)
        .values("responsible_organisation", "responsible_organisation__name")
        .annotate(count=Count("pk"), oldest_due=Min("due_date"))
        .order_by("-count", "responsible_organisation__name")
    )
    return [
        OrganisationOverdue(
            organisation_id=row["responsible_organisation"],
            name=row["responsible_organisation__name"] or "No organisation (named people only)",
            count=row["count"],
            oldest_due=row["oldest_due"],
        )
        for row in rows
    ]


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    is_working_day: bool
    deadlines: list[Deadline] = field(default_factory=list)


def month_of_deadlines(user: AnyUser, year: int, month: int, today: date) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of days, each with the user's deadlines due that day."""
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    deadlines = (
        permissions.deadlines_visible_to(user)
        .filter(due_date__range=(first, last))
        .exclude(status=Deadline.Status.CANCELLED)
        .select_related("rule")
        .order_by("due_date", "pk")
    )
    by_day: dict[date, list[Deadline]] = {}
    for deadline in _with_state(list(deadlines), today):
        by_day.setdefault(deadline.due_date, []).append(deadline)
    return [
        [
            CalendarDay(
                day=day,
                in_month=day.month == month,
                is_today=day == today,
                is_working_day=calendar.is_working_day(day),
                deadlines=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]


def rules_for_user(user: AnyUser) -> QuerySet[DeadlineRule]:
    refuse_unless(permissions.can_view_rules(user))
    return DeadlineRule.objects.all()


def notifications_for_user(user: User, *, kind: str = "") -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    return rows.filter(kind=kind) if kind else rows


def notification_preferences_of(user: User) -> dict[str, str]:
    """{kind: mode} for the kinds the person has chosen a mode for."""
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))


def calendar_token_of(user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def calendar_token_for_feed(token: str) -> CalendarToken:
    """The token behind a feed's secret address: a wrong or reset token, or a deactivated
    person's, finds nothing (404)."""
    record = CalendarToken.objects.select_related("user").filter(token_hash=CalendarToken.hash(token)).first()
    if record is None or not record.user.is_active:
        raise Http404("No such calendar")
    return record


class InboxKind(TypedDict):
    key: str
    label: str
    total: int
    unread: int


class InboxGroup(TypedDict):
    """The messages of one kind on one day."""

    kind: str
    label: str
    rows: list[Notification]
    unread: int


class InboxDay(TypedDict):
    day: date
    groups: list[InboxGroup]


def inbox_kinds(user: User) -> list[InboxKind]:
    """The kinds of message in the person's inbox, with how many and how many unread, for
    the filter (one query)."""
    from django.db.models import Count, Q

    rows = (
        Notification.objects.filter(recipient=user)
        .values("kind")
        .annotate(total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))
        .order_by("kind")
    )
    kinds = [
        InboxKind(key=row["kind"], label=_kind_label(row["kind"]), total=row["total"], unread=row["unread"])
        for row in rows
    ]
    return sorted(kinds, key=lambda kind: kind["label"])


def _kind_label(key: str) -> str:
    from .notifications import KINDS

    kind = KINDS.get(key)
    return kind.label if kind else key.replace("_", " ").capitalize()


def inbox_groups(rows: Iterable[Notification]) -> list[InboxDay]:
    """A page of messages (newest first) grouped by day, then by kind within the day."""
    from django.utils import timezone

    days: dict[date, dict[str, InboxGroup]] = {}
    for row in rows:
        day = timezone.localdate(row.created_at)
        kinds = days.setdefault(day, {})
        group = kinds.setdefault(row.kind, InboxGroup(kind=row.kind, label=_kind_label(row.kind), rows=[], unread=0))
        group["rows"].append(row)
        group["unread"] += row.read_at is None
    return [InboxDay(day=day, groups=list(kinds.values())) for day, kinds in days.items()]


def notification_get_for_user(user: User, pk: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def with_state(deadlines: DeadlinesT, today: date) -> DeadlinesT:
    return _with_state(deadlines, today)


def pending_import_for_user(user: User, pending_id: int, *, kind: str) -> PendingImport | None:
    """An upload waiting for its owner's confirmation; nobody else's."""
    return PendingImport.objects.filter(pk=pending_id, kind=kind, created_by=user).first()


def open_legal_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True).select_related("placed_by")


def released_legal_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=False).select_related("placed_by", "released_by")


def open_legal_hold_get(pk: int) -> LegalHold:
    hold = LegalHold.objects.filter(pk=pk, released_at__isnull=True).first()
    if hold is None:
        raise Http404("No such legal hold")
    return hold


def last_retention_review() -> RetentionReview | None:
    return RetentionReview.objects.first()


def disposal_log_rows() -> QuerySet[DisposalLog]:
    return DisposalLog.objects.select_related("decided_by")


def recent_disposals(limit: int = 5) -> list[DisposalLog]:
    return list(DisposalLog.objects.all()[:limit])


def retention_rule_get(key: str) -> RetentionRule:
    rule = RetentionRule.objects.filter(record_type=key).first()
    if rule is None:
        raise Http404("No retention period is set for this type of record")
    return rule


def restricted_record_get(app_label: str, model: str, pk: int) -> models.Model:
    """A restricted record named by its type and id, for its access log (404 for an unknown or
    unrestricted type, or a missing record: the page cannot tell which)."""
    from .access_log import is_restricted

    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = content_type.model_class() if content_type else None
    if model_class is None or not is_restricted(model_class):
        raise Http404("No such record")
    subject = model_class._base_manager.filter(pk=pk).first()
    if subject is None:
        raise Http404("No such record")
    return subject


def document_get_for_user(user: AnyUser, pk: int) -> tuple[Document, models.Model, Access]:
    """(document, its record, the record's document access): 404 unless the person may see the
    record the document belongs to."""
    from . import documents

    document = Document.objects.filter(pk=pk).first()
    subject = document.subject if document else None
    access = documents.access_for(subject) if subject is not None else None
    if document is None or subject is None or access is None or not access.can_view(user, subject):
        raise Http404("No such document")
    return document, subject, access


def closure_day_list() -> QuerySet[ClosureDay]:
    return ClosureDay.objects.select_related("created_by")


def closure_day_get(pk: int) -> ClosureDay:
    closure = ClosureDay.objects.filter(pk=pk).first()
    if closure is None:
        raise Http404("No such closure day")
    return closure


def learning_subject_get_for_user(user: AnyUser, registered: Source, pk: int) -> models.Model:
    """The record a learning source registered (a theme, a finding), if the person may open it."""
    subject = registered.model._default_manager.filter(pk=pk).first()
    if subject is None or not registered.can_open(user):
        raise Http404("No such learning")
    return subject


def learning_mark_get(pk: int) -> LearningToChange:
    mark = LearningToChange.objects.select_related("subject_type").filter(pk=pk).first()
    if mark is None:
        raise Http404("No such mark")
    return mark


def latest_deadline_for(subject: models.Model) -> Deadline | None:
    """The record's current deadline (its newest: a clock that restarts adds one), for the
    record's page."""
    return Deadline.objects.latest_for(subject)
