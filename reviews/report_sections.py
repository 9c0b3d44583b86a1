"""The yearly report's section on learning from cases, compiled from the reviews records for
a reporting year [start, end] and registered with core.assurance (the report is scrutiny's; it
may not import this app). The report is public: it gives counts, decisions and themes, and
names only what is already public (published practice reviews and briefings), never a case.
A bounded number of queries whatever the data size."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from core import assurance, calendar
from core.charts import bar_chart
from core.deadline_rules import RAPID_REVIEW, SERIOUS_INCIDENT_NOTIFICATION
from core.models import Deadline
from subgroups.models import ActionPlan

from .models import Briefing, LearningTheme, PracticeReview, RapidReview, Recommendation, SeriousIncident
from .selectors.pipeline import compliance_counts

THEMES_SHOWN = 8
DONE_PLANS = (ActionPlan.Status.COMPLETED, ActionPlan.Status.SIGNED_OFF)


def _on_time(model, rule_key: str, start: date, end: date) -> dict:
    """Deadlines under the rule due in the year: how many were met on time, of those whose
    outcome is known (met, or still open after the due date), and the percentage."""
    counts = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(model), rule__key=rule_key, due_date__range=(start, end)
    ).aggregate(**compliance_counts(calendar.today()))
    known = counts["on_time"] + counts["late"] + counts["overdue"]
    return {"on_time": counts["on_time"], "known": known, "percent": assurance.percent(counts["on_time"], known)}


def learning_from_cases(start: date, end: date) -> dict:
    in_year = (start, end)
    decisions = dict(
        RapidReview.objects.filter(decided_on__range=in_year)
        .values("decision")
        .annotate(n=Count("pk"))
        .values_list("decision", "n")
    )
    decision_rows = [(label, decisions.get(value, 0)) for value, label in RapidReview.Decision.choices]
    commissioned = dict(
        PracticeReview.objects.filter(decided_on__range=in_year)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    published = list(
        PracticeReview.objects.filter(published_on__range=in_year).prefetch_related("themes").order_by("published_on")
    )
    open_at_end = (
        PracticeReview.objects.filter(decided_on__lte=end)
        .filter(Q(published_on__isnull=True) | Q(published_on__gt=end))
        .exclude(status=PracticeReview.Status.COMPLETED, completed_on__lte=end)
        .count()
    )
    recommendations = Recommendation.objects.filter(review__published_on__range=in_year).aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(plan__isnull=False)),
        done=Count("pk", filter=Q(plan__status__in=DONE_PLANS)),
    )
    themes = list(
        LearningTheme.objects.annotate(
            n=Count("rapid_reviews", filter=Q(rapid_reviews__started_on__range=in_year), distinct=True)
            + Count("practice_reviews", filter=Q(practice_reviews__decided_on__range=in_year), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:THEMES_SHOWN]
    )
    briefings = list(
        Briefing.objects.filter(status=Briefing.Status.PUBLISHED, published_on__range=in_year).order_by("published_on")
    )
    rapid = {
        "notified": SeriousIncident.objects.filter(notified_on__range=in_year).count(),
        "sent": RapidReview.objects.filter(sent_on__range=in_year).count(),
        "notifications_on_time": _on_time(SeriousIncident, SERIOUS_INCIDENT_NOTIFICATION.key, start, end),
        "on_time": _on_time(RapidReview, RAPID_REVIEW.key, start, end),
    }
    return {
        "has_content": bool(rapid["notified"] or rapid["sent"] or sum(decisions.values()) or commissioned or published),
        "rapid": rapid,
        "decisions": decision_rows,
        "decisions_total": sum(decisions.values()),
        "chart": bar_chart(decision_rows),
        "commissioned": [
            (label, commissioned[value]) for value, label in PracticeReview.Kind.choices if value in commissioned
        ],
        "commissioned_total": sum(commissioned.values()),
        "published": published,
        "open_at_end": open_at_end,
        "recommendations": recommendations,
        "themes": themes,
        "briefings": briefings,
    }


def register() -> None:
    assurance.register_report_section(
        assurance.ReportSection(
            key="reviews",
            title="Learning from cases: rapid reviews and practice reviews",
            template="reviews/report/_learning.html",
            order=20,
            requirement="reviews",
            context=learning_from_cases,
        )
    )
