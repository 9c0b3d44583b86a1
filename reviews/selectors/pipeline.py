"""The pipeline of cases and reviews, and the compliance figures other modules (the scorecard)
may call."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from core import calendar
from core.models import Deadline
from core.selectors import with_state

from ..models import (
    PracticeReview,
    RapidReview,
    SeriousIncident,
)
from .cases import rapid_review_of


@dataclass
class PipelineRow:
    kind: str
    reference: str
    url: str
    stage: str
    started: date
    deadline: Deadline | None = None
    title: str = ""


# What a pipeline row shows: a case's reference, route, status and date with its rapid review's
# stage; a review's reference, title, kind, date and stage (PracticeReview.stage); a deadline's
# title, due date and state (Deadline.state) under its rule.
_CASE_FIELDS = ("reference", "route", "status", "aware_on", "rapid_review__status", "rapid_review__decision")
_REVIEW_FIELDS = (
    "reference",
    "kind",
    "title",
    "status",
    "decided_on",
    "pre_publication_sent_on",
    "final_report",
    "draft_report",
    "reviewer",
)
_DEADLINE_FIELDS = ("content_type", "object_id", "title", "rule__is_statutory", *Deadline.STATE_FIELDS)


def pipeline(today: date) -> dict[str, list[PipelineRow]]:
    """Every open case and practice review with its stage and next deadline (the statutory one
    first), in a fixed number of queries."""
    cases = list(
        SeriousIncident.objects.filter(status__in=SeriousIncident.OPEN_STATUSES)
        .select_related("rapid_review")
        .only(*_CASE_FIELDS)
        .order_by("aware_on", "pk")
    )
    reviews = list(
        PracticeReview.objects.filter(status__in=PracticeReview.OPEN_STATUSES)
        .only(*_REVIEW_FIELDS)
        .order_by("decided_on", "pk")
    )
    rapid = [c.rapid_review for c in cases if rapid_review_of(c) is not None]
    next_deadline = _next_deadlines([*cases, *rapid, *reviews], today)
    case_rows = []
    for case in cases:
        rapid_review = rapid_review_of(case)
        candidates = [next_deadline.get((SeriousIncident, case.pk))]
        if rapid_review is not None:
            candidates.append(next_deadline.get((RapidReview, rapid_review.pk)))
        case_rows.append(
            PipelineRow(
                kind=case.get_route_display(),
                reference=case.reference,
                url=case.get_absolute_url(),
                stage=f"Rapid review: {rapid_review.stage_in_sentence}" if rapid_review else case.get_status_display(),
                started=case.aware_on,
                deadline=_soonest(candidates),
            )
        )
    review_rows = [
        PipelineRow(
            kind=review.get_kind_display(),
            reference=review.reference,
            title=review.title,
            url=review.get_absolute_url(),
            stage=review.stage,
            started=review.decided_on,
            deadline=next_deadline.get((PracticeReview, review.pk)),
        )
        for review in reviews
    ]
    return {"cases": case_rows, "reviews": review_rows}


def _next_deadlines(subjects: Iterable[models.Model], today: date) -> dict[tuple[type[models.Model], int], Deadline]:
    """{(model, pk): the deadline to show}: the earliest running statutory deadline, else the
    earliest running local one."""
    by_type: defaultdict[type[models.Model], list[int]] = defaultdict(list)
    for subject in subjects:
        by_type[type(subject)].append(subject.pk)
    if not by_type:
        return {}
    types = ContentType.objects.get_for_models(*by_type)
    condition = Q()
    for model, ids in by_type.items():
        condition |= Q(content_type=types[model], object_id__in=ids)
    running = (*Deadline.LIVE_STATUSES, Deadline.Status.PAUSED)
    deadlines = list(
        Deadline.objects.filter(condition, status__in=running)
        .select_related("rule")
        .only(*_DEADLINE_FIELDS)
        .order_by("-rule__is_statutory", "due_date", "pk")
    )
    with_state(deadlines, today)
    model_for = {types[model].pk: model for model in by_type}
    chosen: dict[tuple[type[models.Model], int], Deadline] = {}
    for deadline in deadlines:
        chosen.setdefault((model_for[deadline.content_type_id], deadline.object_id), deadline)
    return chosen


def _soonest(deadlines: Iterable[Deadline | None]) -> Deadline | None:
    present = [d for d in deadlines if d is not None]
    if not present:
        return None
    return min(present, key=lambda d: (not d.rule.is_statutory, d.due_date))


@dataclass
class Figure:
    """How many deadlines under one rule started in a year, and how they went."""

    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def pending(self) -> int:
        return self.total - self.on_time - self.late - self.overdue

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.decided) if self.decided else None


@dataclass
class YearCompliance:
    year: int
    notifications: Figure = field(default_factory=Figure)
    rapid_reviews: Figure = field(default_factory=Figure)
    practice_reviews: Figure = field(default_factory=Figure)

    @property
    def figures(self) -> list[Figure]:
        return [self.notifications, self.rapid_reviews, self.practice_reviews]


COMPLIANCE_RULES = {
    "serious_incident_notification": ("notifications", SeriousIncident),
    "rapid_review": ("rapid_reviews", RapidReview),
    "practice_review": ("practice_reviews", PracticeReview),
}


def compliance_counts(today: date) -> dict[str, Count]:
    """What a compliance figure is made of, as aggregates over deadlines: all of them, those met
    by their due date, those met after it, and those still open after it (overdue)."""
    met = Q(status=Deadline.Status.MET)
    return {
        "total": Count("pk"),
        "on_time": Count("pk", filter=met & Q(met_at__date__lte=F("due_date"))),
        "late": Count("pk", filter=met & Q(met_at__date__gt=F("due_date"))),
        "overdue": Count("pk", filter=Q(status__in=Deadline.LIVE_STATUSES, due_date__lt=today)),
    }


def compliance_by_year(today: date | None = None) -> list[YearCompliance]:
    """Per year (the year each clock started), newest first: notifications within 5 working
    days, rapid reviews within 15, practice reviews within 6 months (as the partnership's rules
    stood when each deadline was set, with pauses). One query, for the pipeline and the
    scorecard."""
    today = today or calendar.today()
    types = ContentType.objects.get_for_models(*(model for _, model in COMPLIANCE_RULES.values()))
    condition = Q()
    for key, (_, model) in COMPLIANCE_RULES.items():
        condition |= Q(rule__key=key, content_type=types[model])
    rows = (
        Deadline.objects.filter(condition)
        .exclude(status=Deadline.Status.CANCELLED)
        .annotate(year=ExtractYear("start_date"))
        .values("year", "rule__key")
        .annotate(**compliance_counts(today))
        .order_by()
    )
    years: dict[int, YearCompliance] = {}
    for row in rows:
        year = years.setdefault(row["year"], YearCompliance(year=row["year"]))
        name = COMPLIANCE_RULES[row["rule__key"]][0]
        setattr(year, name, Figure(row["total"], row["on_time"], row["late"], row["overdue"]))
    return [years[y] for y in sorted(years, reverse=True)]
