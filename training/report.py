"""The yearly report's "Training and its impact" section, compiled from the training records
for the reporting year (core.assurance.register_report_section). Its context holds plain
values only (numbers, words, dates), so a frozen copy of the report keeps what it said."""

from datetime import date

from django.db.models import Count, Q

from core import assurance, calendar
from core.learning import marked, marks_of

from .models import Booking, FollowUp, Level, Session
from .selectors.management import pool_totals, results
from .selectors.needs import year_totals
from .years import year_of

QUOTES = 3


def context(start: date, end: date) -> dict:
    sessions = Session.objects.filter(date__range=(start, end))
    figures = results(sessions)
    by_level = {
        row["course__level"]: row
        for row in Session.objects.filter(
            status=Session.Status.SCHEDULED, date__range=(start, min(end, calendar.today()))
        )
        .order_by()
        .values("course__level")
        .annotate(
            sessions=Count("pk", distinct=True),
            courses=Count("course", distinct=True),
            attended=Count("bookings", filter=Q(bookings__attendance=Booking.Attendance.ATTENDED)),
        )
    }
    levels = [
        {
            "label": label,
            "courses": by_level.get(level, {}).get("courses", 0),
            "sessions": by_level.get(level, {}).get("sessions", 0),
            "attended": by_level.get(level, {}).get("attended", 0),
        }
        for level, label in Level.choices
    ]
    people = Booking.objects.filter(
        session__in=sessions.values("pk"), attendance=Booking.Attendance.ATTENDED
    ).aggregate(n=Count("person", distinct=True))["n"]
    pool = pool_totals(start, end)
    quotes = [
        {"course": f.session.course.title, "text": f.what_changed}
        for f in FollowUp.objects.filter(
            session__date__range=(start, end),
            practice_changed__in=[FollowUp.Changed.YES, FollowUp.Changed.PARTLY],
        )
        .exclude(what_changed="")
        .select_related("session__course")
        .order_by("-submitted_at")[:QUOTES]
        if len(f.what_changed) <= 400
    ]
    learning = [
        {
            "learning": item.description,
            "note": item.mark.note,
            "courses": [{"course": u.label, "detail": u.detail} for u in item.uptakes],
        }
        for item in marked(marks_of().filter(marked_at__date__lte=end), user=None)
    ]
    needs = [
        {"label": cell.label, "need": cell.need, "trained": cell.trained, "gap": cell.gap, "met": cell.met}
        for cell in year_totals(year_of(start))
    ]
    return {
        "has_content": bool(figures.sessions_delivered),
        "sessions": figures.sessions_delivered,
        "courses": sum(level["courses"] for level in levels),
        "places": figures.places,
        "attended": figures.attended,
        "absent": figures.absent,
        "people": people,
        "attendance_rate": figures.attendance_rate,
        "levels": levels,
        "evaluations": figures.evaluations,
        "evaluation_rate": figures.evaluation_rate,
        "confidence_before": figures.confidence_before,
        "confidence_after": figures.confidence_after,
        "follow_ups_sent": figures.follow_ups_sent,
        "follow_ups": figures.follow_ups,
        "follow_up_rate": figures.follow_up_rate,
        "changed_rate": figures.changed_practice_rate,
        "quotes": quotes,
        "pool": {k: pool[k] for k in ("trainers", "agencies", "sessions", "hours")},
        "learning": learning,
        "needs": needs,
    }


SECTION = assurance.ReportSection(
    key="training",
    title="Training and its impact",
    template="training/report/_training.html",
    order=69,
    requirement="impact",
    context=context,
)
