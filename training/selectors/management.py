"""What the business unit, the readers and the trainers read: courses, sessions with their
bookings and attendance, each course's results, and the training pool. Every list is a
queryset the view paginates; every figure is an aggregate, so no page's query count grows with
the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    IntegerField,
    Manager,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from core import calendar
from core.assurance import percent
from core.services import refuse_unless
from partnership.models import User

from .. import permissions
from ..models import Booking, BookingMessage, Course, Evaluation, FollowUp, Session, Trainer
from ..models.courses import hours
from .programme import with_counts

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ATTENDED = Q(bookings__attendance=Booking.Attendance.ATTENDED)
ABSENT = Q(bookings__attendance=Booking.Attendance.ABSENT)


# Courses ------------------------------------------------------------------------------------------


def course_list_for_user(user: User, *, status: str = "", level: str = "", query: str = "") -> QuerySet[Course]:
    refuse_unless(permissions.can_view_courses(user))
    today = calendar.today()
    courses = Course.objects.annotate(
        upcoming_count=Count(
            "sessions",
            filter=Q(sessions__status=Session.Status.SCHEDULED, sessions__date__gte=today),
            distinct=True,
        ),
        delivered_count=Count(
            "sessions",
            filter=Q(sessions__status=Session.Status.SCHEDULED, sessions__date__lt=today),
            distinct=True,
        ),
        learning_count=Count("learning", distinct=True),
    )
    if status:
        courses = courses.filter(status=status)
    if level:
        courses = courses.filter(level=level)
    if query:
        courses = courses.filter(title__icontains=query)
    return courses.order_by("level", "title")


def course_get_for_user(user: User, pk: int) -> Course:
    if not permissions.can_view_courses(user):
        raise Http404("No such course")
    course = Course.objects.select_related("created_by").filter(pk=pk).first()
    if course is None:
        raise Http404("No such course")
    return course


def course_sessions(course: Course, *, upcoming: bool) -> QuerySet[Session]:
    """The course's sessions from today on (soonest first), or before today (latest first)."""
    today = calendar.today()
    sessions = with_counts(course.sessions.all()).annotate(attended_count=Count("bookings", filter=ATTENDED))
    if upcoming:
        return sessions.filter(date__gte=today).order_by("date", "start_time", "pk")
    return sessions.filter(date__lt=today).order_by("-date", "-start_time", "-pk")


# Sessions -----------------------------------------------------------------------------------------


def session_list_for_user(user: User, *, show: str = "upcoming") -> QuerySet[Session]:
    """Sessions for the business unit and readers (all) or a trainer (theirs): upcoming, to
    mark (ended, attendance not recorded), past, or cancelled."""
    refuse_unless(permissions.can_view_session_list(user))
    sessions = permissions.sessions_visible_to(user)
    today = calendar.today()
    sessions = with_counts(sessions.select_related("course")).annotate(
        attended_count=Count("bookings", filter=ATTENDED)
    )
    if show == "cancelled":
        return sessions.filter(status=Session.Status.CANCELLED).order_by("-date", "-start_time", "-pk")
    sessions = sessions.filter(status=Session.Status.SCHEDULED)
    if show == "to_mark":
        return sessions.filter(date__lte=today, attendance_recorded_at__isnull=True).order_by("-date", "-pk")
    if show == "past":
        return sessions.filter(date__lt=today).order_by("-date", "-start_time", "-pk")
    return sessions.filter(date__gte=today).order_by("date", "start_time", "pk")


def session_get_for_manager(user: User, pk: int) -> Session:
    """A session's management pages (its bookings, register and attendance)."""
    session = (
        with_counts(permissions.sessions_visible_to(user).select_related("course", "attendance_recorded_by"))
        .annotate(attended_count=Count("bookings", filter=ATTENDED), absent_count=Count("bookings", filter=ABSENT))
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def session_bookings(session: Session) -> QuerySet[Booking]:
    """Live places first (confirmed, then the waiting list in order), then cancelled ones."""
    status_order = {Booking.Status.CONFIRMED: 0, Booking.Status.WAITING: 1, Booking.Status.CANCELLED: 2}
    return (
        session.bookings.select_related("person", "organisation")
        .annotate(
            status_order=Case(
                *[When(status=status, then=Value(order)) for status, order in status_order.items()],
                output_field=IntegerField(),
            )
        )
        .order_by("status_order", "booked_at", "pk")
    )


def session_register(session: Session) -> list[Booking]:
    """Everyone with a confirmed place, by name (the register and the attendance form), with the
    fields they show."""
    return list(
        session.bookings.filter(status=Booking.Status.CONFIRMED)
        .select_related("person", "organisation")
        .only("session", "attendance", "person__name", "person__email", "organisation__name")
        .order_by("person__name", "pk")
    )


def session_trainers(session: Session) -> list[Trainer]:
    return list(session.trainers.select_related("person", "organisation"))


# Results ------------------------------------------------------------------------------------------


@dataclass
class Results:
    sessions_delivered: int = 0
    places: int = 0
    attended: int = 0
    absent: int = 0
    evaluations: int = 0
    confidence_before: Decimal | None = None
    confidence_after: Decimal | None = None
    usefulness: Decimal | None = None
    follow_ups_sent: int = 0
    follow_ups: int = 0
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def attendance_rate(self) -> Decimal | None:
        return percent(self.attended, self.attended + self.absent)

    @property
    def evaluation_rate(self) -> Decimal | None:
        return percent(self.evaluations, self.attended)

    @property
    def follow_up_rate(self) -> Decimal | None:
        return percent(self.follow_ups, self.follow_ups_sent)

    @property
    def confidence_gain(self) -> Decimal | None:
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return self.confidence_after - self.confidence_before

    @property
    def changed_practice_rate(self) -> Decimal | None:
        return percent(
            self.changed.get(FollowUp.Changed.YES, 0) + self.changed.get(FollowUp.Changed.PARTLY, 0), self.follow_ups
        )


def _average(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def results(sessions: QuerySet[Session]) -> Results:
    """The figures for these sessions (delivered ones: scheduled and ended): places, attendance,
    evaluations and their averages, follow-ups sent and answered. Five queries."""
    delivered = sessions.filter(status=Session.Status.SCHEDULED, date__lte=calendar.today())
    ids = delivered.values("pk")
    places = Booking.objects.filter(session__in=ids, status=Booking.Status.CONFIRMED).aggregate(
        places=Count("pk"),
        attended=Count("pk", filter=Q(attendance=Booking.Attendance.ATTENDED)),
        absent=Count("pk", filter=Q(attendance=Booking.Attendance.ABSENT)),
    )
    evaluations = Evaluation.objects.filter(session__in=ids).aggregate(
        count=Count("pk"), before=Avg("confidence_before"), after=Avg("confidence_after"), useful=Avg("usefulness")
    )
    changed = dict(
        FollowUp.objects.filter(session__in=ids)
        .order_by()
        .values_list("practice_changed")
        .annotate(n=Count("pk"))
        .values_list("practice_changed", "n")
    )
    sent = BookingMessage.objects.filter(
        booking__session__in=ids, stage=BookingMessage.Stage.FOLLOW_UP, sent_at__isnull=False
    ).count()
    answered = sum(changed.values())
    return Results(
        sessions_delivered=delivered.count(),
        places=places["places"],
        attended=places["attended"],
        absent=places["absent"],
        evaluations=evaluations["count"],
        confidence_before=_average(evaluations["before"]),
        confidence_after=_average(evaluations["after"]),
        usefulness=_average(evaluations["useful"]),
        # Answers given without being asked (the form opens at three months) count as sent.
        follow_ups_sent=max(sent, answered),
        follow_ups=answered,
        changed=changed,
    )


def session_results(course: Course) -> QuerySet[Session]:
    """Each delivered session of the course with its own figures (the results table). Each
    figure is a correlated subquery, not a join: joining bookings, evaluations and follow-ups
    at once would multiply their rows."""

    def per_session(queryset: QuerySet[Any] | Manager[Any], **aggregate: Aggregate) -> Subquery:
        name, expression = next(iter(aggregate.items()))
        return Subquery(
            queryset.filter(session=OuterRef("pk")).order_by().values("session").annotate(**aggregate).values(name)
        )

    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    return (
        course.sessions.filter(status=Session.Status.SCHEDULED, date__lte=calendar.today())
        .annotate(
            confirmed_count=Coalesce(per_session(confirmed, n=Count("pk")), 0),
            attended_count=Coalesce(
                per_session(confirmed.filter(attendance=Booking.Attendance.ATTENDED), n=Count("pk")), 0
            ),
            evaluation_count=Coalesce(per_session(Evaluation.objects, n=Count("pk")), 0),
            follow_up_count=Coalesce(per_session(FollowUp.objects, n=Count("pk")), 0),
            confidence_before=per_session(Evaluation.objects, avg=Avg("confidence_before")),
            confidence_after=per_session(Evaluation.objects, avg=Avg("confidence_after")),
        )
        .order_by("-date", "-pk")
    )


def evaluation_answers(course: Course) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(session__course=course).select_related("session").order_by("-submitted_at", "-pk")


def follow_up_answers(course: Course) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(session__course=course).select_related("session").order_by("-submitted_at", "-pk")


# The training pool --------------------------------------------------------------------------------


class TrainerFigures(TypedDict):
    delivered_count: int
    minutes_donated: int
    course_count: int


def trainer_list_for_user(user: User, *, active: str = "active") -> QuerySet[WithAnnotations[Trainer, TrainerFigures]]:
    refuse_unless(permissions.can_view_pool(user))
    delivered = Q(sessions__status=Session.Status.SCHEDULED, sessions__date__lt=calendar.today())
    trainers = Trainer.objects.select_related("person", "organisation").annotate(
        delivered_count=Count("sessions", filter=delivered, distinct=True),
        minutes_donated=Coalesce(Sum("sessions__minutes", filter=delivered), 0),
        course_count=Count("courses", distinct=True),
    )
    if active == "active":
        trainers = trainers.filter(is_active=True)
    elif active == "left":
        trainers = trainers.filter(is_active=False)
    return trainers.order_by("person__name", "pk")


def trainer_get_for_user(user: User, pk: int) -> Trainer:
    if not permissions.can_view_pool(user):
        raise Http404("No such trainer")
    trainer = trainer_list_for_user(user, active="all").filter(pk=pk).first()
    if trainer is None:
        raise Http404("No such trainer")
    trainer.hours_donated = hours(trainer.minutes_donated)
    return trainer


def trainer_sessions(trainer: Trainer) -> QuerySet[Session]:
    return trainer.sessions.select_related("course").order_by("-date", "-start_time", "-pk")


def pool_totals(start: date | None = None, end: date | None = None) -> dict[str, int | Decimal]:
    """Trainers who delivered, sessions they delivered and hours given, in [start, end]."""
    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED, date__lte=min(end or calendar.today(), calendar.today())
    )
    if start:
        sessions = sessions.filter(date__gte=start)
    through = Session.trainers.through.objects.filter(session__in=sessions.values("pk"))
    totals = through.aggregate(
        trainers=Count("trainer", distinct=True),
        sessions=Count("session", distinct=True),
        minutes=Coalesce(Sum("session__minutes"), 0),
        agencies=Count("trainer__organisation", distinct=True),
    )
    return {**totals, "hours": hours(totals["minutes"])}


def active_trainers(course: Course) -> list[Trainer]:
    return list(course.trainers.filter(is_active=True).select_related("person", "organisation"))
