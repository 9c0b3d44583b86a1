"""Scorecard figures the training programme knows, computed from its records for any period
instead of typed (core.assurance). Each is one query. Sessions count in the period they were
held; cancelled sessions never count."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core import assurance

from .models import Booking, BookingMessage, Session
from .models.courses import hours

ATTENDANCE = "training_attendance"
EVALUATION_RESPONSE = "training_evaluation_response"
FOLLOW_UP_RESPONSE = "training_follow_up_response"
PRACTITIONERS_TRAINED = "training_practitioners_trained"
POOL_HOURS = "training_pool_hours"


def _held(start: date, end: date):
    return Session.objects.filter(status=Session.Status.SCHEDULED, date__range=(start, end)).values("pk")


def attendance(start: date, end: date) -> Decimal | None:
    counts = Booking.objects.filter(session__in=_held(start, end), status=Booking.Status.CONFIRMED).aggregate(
        attended=Count("pk", filter=Q(attendance=Booking.Attendance.ATTENDED)),
        recorded=Count("pk", filter=~Q(attendance="")),
    )
    return assurance.percent(counts["attended"], counts["recorded"])


def evaluation_response(start: date, end: date) -> Decimal | None:
    attended = Booking.objects.filter(session__in=_held(start, end), attendance=Booking.Attendance.ATTENDED)
    counts = attended.aggregate(
        attended=Count("pk"),
        evaluated=Count("pk", filter=Q(evaluation__isnull=False)),
    )
    return assurance.percent(counts["evaluated"], counts["attended"])


def follow_up_response(start: date, end: date) -> Decimal | None:
    """Of the follow-ups sent in the period, the percentage answered (by now)."""
    counts = BookingMessage.objects.filter(
        stage=BookingMessage.Stage.FOLLOW_UP, sent_at__date__range=(start, end)
    ).aggregate(sent=Count("pk"), answered=Count("pk", filter=Q(booking__follow_up__isnull=False)))
    return assurance.percent(counts["answered"], counts["sent"])


def practitioners_trained(start: date, end: date) -> Decimal | None:
    """None when no session was held in the period (nothing to measure, not nobody trained)."""
    counts = Booking.objects.filter(session__in=_held(start, end), status=Booking.Status.CONFIRMED).aggregate(
        places=Count("pk"),
        people=Count("person", distinct=True, filter=Q(attendance=Booking.Attendance.ATTENDED)),
    )
    return Decimal(counts["people"]) if counts["places"] else None


def pool_hours(start: date, end: date) -> Decimal | None:
    minutes = Session.trainers.through.objects.filter(session__in=_held(start, end)).aggregate(
        m=Sum("session__minutes")
    )["m"]
    return hours(minutes) if minutes is not None else None


FIGURES = (
    assurance.ComputedFigure(
        key=ATTENDANCE,
        label="Multi-agency training attendance",
        definition="Of the confirmed places on multi-agency training sessions held in the quarter whose attendance "
        "the trainer has recorded, the percentage attended. Places cancelled in advance (and offered to the waiting "
        "list) are not counted; a place not attended is.",
        unit="percent",
        higher_is_better=True,
        compute=attendance,
        sources=("training.Session", "training.Booking"),
    ),
    assurance.ComputedFigure(
        key=EVALUATION_RESPONSE,
        label="Multi-agency training evaluations returned",
        definition="Of the people who attended a multi-agency training session held in the quarter, the percentage "
        "who completed the evaluation (confidence before and after, what they will do differently).",
        unit="percent",
        higher_is_better=True,
        compute=evaluation_response,
        sources=("training.Session", "training.Booking", "training.Evaluation"),
    ),
    assurance.ComputedFigure(
        key=FOLLOW_UP_RESPONSE,
        label="Multi-agency training 3-month follow-ups answered",
        definition="Of the 3-month follow-ups the portal sent in the quarter (asking what changed in practice), the "
        "percentage answered so far.",
        unit="percent",
        higher_is_better=True,
        compute=follow_up_response,
        sources=("training.BookingMessage", "training.FollowUp"),
    ),
    assurance.ComputedFigure(
        key=PRACTITIONERS_TRAINED,
        label="Practitioners who attended multi-agency training",
        definition="The number of different people who attended at least one multi-agency training session held in "
        "the quarter.",
        unit="number",
        higher_is_better=True,
        compute=practitioners_trained,
        sources=("training.Session", "training.Booking"),
    ),
    assurance.ComputedFigure(
        key=POOL_HOURS,
        label="Hours of training given by the training pool",
        definition="The hours of multi-agency training delivered in the quarter by trainers from partner agencies "
        "(each session's length for each of its trainers): the agencies' contribution in kind.",
        unit="number",
        higher_is_better=True,
        compute=pool_hours,
        sources=("training.Session", "training.Session_trainers"),
    ),
)


def register() -> None:
    for figure in FIGURES:
        assurance.register_figure(figure)
