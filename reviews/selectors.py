"""Permission-scoped reads for cases, rapid reviews, practice reviews and learning, the
pipeline, and the compliance figures other modules (the scorecard) may call.

404 for "missing or not yours": a record the person cannot open is indistinguishable from one
that does not exist. Every page's queries are fixed in number whatever the data size.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, Value
from django.db.models.functions import ExtractYear
from django.http import Http404

from core import calendar
from core.documents import documents_of
from core.models import Deadline
from partnership.permissions import organisations_led_by

from . import permissions
from .models import (
    AgencyReturn,
    Briefing,
    Finding,
    LearningTheme,
    PracticeReview,
    RapidReview,
    Recommendation,
    Reviewer,
    SeriousIncident,
)

# Cases ---------------------------------------------------------------------------------------------


def _full_flag(user, ids: frozenset[int]):
    """An annotation saying, per row, whether the person reads the record in full (so a list
    shows a pseudonym only where the person could open the record and see it anyway)."""
    if permissions.reads_all_detail(user) or not ids:
        return Value(permissions.reads_all_detail(user), output_field=BooleanField())
    return ExpressionWrapper(Q(pk__in=ids), output_field=BooleanField())


def incident_list_for_user(user, *, query: str = "", status: str = ""):
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    full_ids = permissions.incident_ids_with_detail(user)
    incidents = permissions.incidents_visible_to(user).select_related("rapid_review")
    if status:
        incidents = incidents.filter(status=status)
    query = query.strip()
    if query:
        # The pseudonym is searched only among records the person reads in full: a search
        # must not confirm which case a pseudonym belongs to.
        by_pseudonym = Q(child_pseudonym__icontains=query)
        if not permissions.reads_all_detail(user):
            by_pseudonym &= Q(pk__in=full_ids)
        incidents = incidents.filter(Q(reference__icontains=query) | by_pseudonym)
    return incidents.annotate(full=_full_flag(user, full_ids)).order_by("-aware_on", "-pk")


def incident_get_for_user(user, pk: int) -> tuple[SeriousIncident, str]:
    incident = (
        SeriousIncident.objects.select_related("referred_by_organisation", "created_by", "rapid_review")
        .filter(pk=pk)
        .first()
    )
    access = permissions.incident_access(user, incident) if incident else None
    if access is None:
        raise Http404("No such case")
    return incident, access


def incident_practice_reviews(incident: SeriousIncident) -> list[PracticeReview]:
    return list(incident.practice_reviews.select_related("reviewer").order_by("decided_on"))


# Deadlines of records ---------------------------------------------------------------------------------


def deadlines_for(*subjects, today: date | None = None) -> list[Deadline]:
    """Every deadline of the given records, oldest first, with its state for display."""
    subjects = [s for s in subjects if s is not None]
    if not subjects:
        return []
    condition = Q()
    for subject in subjects:
        condition |= Q(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)
    deadlines = list(Deadline.objects.filter(condition).select_related("rule").order_by("due_date", "pk"))
    _with_state(deadlines, today or calendar.today())
    return deadlines


def _with_state(deadlines, today: date) -> None:
    closures = calendar.closure_days()
    for deadline in deadlines:
        deadline.state_label, deadline.state_colour = deadline.state(today, closures)


# Rapid reviews ------------------------------------------------------------------------------------------


def rapid_review_get_for_user(user, pk: int) -> tuple[RapidReview, str]:
    rapid_review = RapidReview.objects.select_related("incident", "safety_plan__owning_group").filter(pk=pk).first()
    access = permissions.rapid_review_access(user, rapid_review) if rapid_review else None
    if access is None:
        raise Http404("No such rapid review")
    return rapid_review, access


def rapid_review_returns(rapid_review: RapidReview) -> list[AgencyReturn]:
    returns = list(
        rapid_review.returns.select_related("organisation", "submitted_by", "document").order_by("organisation__name")
    )
    with_due_dates(returns)
    return returns


def with_due_dates(returns: list[AgencyReturn]) -> None:
    content_type = ContentType.objects.get_for_model(AgencyReturn)
    due = dict(
        Deadline.objects.filter(content_type=content_type, object_id__in=[r.pk for r in returns])
        .exclude(status=Deadline.Status.CANCELLED)
        .values_list("object_id", "due_date")
    )
    today = calendar.today()
    for agency_return in returns:
        agency_return.due_date = due.get(agency_return.pk)
        agency_return.is_overdue = bool(
            agency_return.status == AgencyReturn.Status.REQUESTED
            and agency_return.due_date
            and agency_return.due_date < today
        )


def returns_list_for_user(user):
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    return (
        permissions.returns_visible_to(user)
        .select_related("rapid_review__incident", "organisation")
        .order_by("status", "-requested_on", "-pk")
    )


def return_get_for_user(user, pk: int) -> AgencyReturn:
    agency_return = (
        permissions.returns_visible_to(user)
        .select_related("rapid_review__incident", "organisation", "submitted_by", "requested_by", "document")
        .filter(pk=pk)
        .first()
    )
    if agency_return is None:
        raise Http404("No such return")
    with_due_dates([agency_return])
    return agency_return


# Practice reviews -----------------------------------------------------------------------------------------


def practice_review_list_for_user(user, *, query: str = "", status: str = "", kind: str = ""):
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    reviews = permissions.practice_reviews_visible_to(user).select_related("reviewer", "incident")
    if status:
        reviews = reviews.filter(status=status)
    if kind:
        reviews = reviews.filter(kind=kind)
    query = query.strip()
    if query:
        reviews = reviews.filter(Q(reference__icontains=query) | Q(title__icontains=query))
    return reviews.order_by("-decided_on", "-pk")


def practice_review_get_for_user(user, pk: int) -> tuple[PracticeReview, str]:
    review = PracticeReview.objects.select_related("reviewer", "incident").filter(pk=pk).first()
    access = permissions.practice_review_access(user, review) if review else None
    if access is None:
        raise Http404("No such review")
    return review, access


def review_findings(review: PracticeReview) -> list[Finding]:
    return list(
        review.findings.prefetch_related(
            "themes",
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("plan").order_by("number")),
        ).order_by("number")
    )


def review_recommendations(review: PracticeReview) -> list[Recommendation]:
    return list(review.recommendations.select_related("plan", "finding").order_by("number"))


def report_versions(review: PracticeReview) -> dict[str, list]:
    """{"draft": [...], "final": [...]}: each report and its earlier versions, newest first,
    from one query over the review's documents."""
    by_pk = {document.pk: document for document in documents_of(review)}
    versions = {}
    for which in ("draft", "final"):
        chain, document = [], by_pk.get(getattr(review, f"{which}_report_id"))
        while document is not None and len(chain) < 100:
            chain.append(document)
            document = by_pk.get(document.previous_id)
        versions[which] = chain
    return versions


# Reviewer directory -----------------------------------------------------------------------------------------


def reviewer_list_for_user(user, *, query: str = "", availability: str = ""):
    if not permissions.can_view_reviewers(user):
        raise Http404("No such page")
    reviewers = Reviewer.objects.annotate(
        review_count=Count("reviews", distinct=True), conflict_count=Count("conflicts", distinct=True)
    )
    if availability:
        reviewers = reviewers.filter(availability=availability)
    if query.strip():
        reviewers = reviewers.filter(
            Q(name__icontains=query.strip())
            | Q(expertise__icontains=query.strip())
            | Q(organisation_name__icontains=query.strip())
        )
    return reviewers.order_by("-is_active", "name")


def reviewer_get_for_user(user, pk: int) -> Reviewer:
    if not permissions.can_view_reviewers(user):
        raise Http404("No such reviewer")
    reviewer = Reviewer.objects.select_related("user").filter(pk=pk).first()
    if reviewer is None:
        raise Http404("No such reviewer")
    return reviewer


# The pipeline and the compliance figures ------------------------------------------------------------------


@dataclass
class PipelineRow:
    kind: str
    reference: str
    url: str
    stage: str
    started: date
    deadline: Deadline | None = None
    title: str = ""


def pipeline(today: date) -> dict:
    """Every open case and practice review with its stage and next deadline (the statutory one
    first), in a fixed number of queries."""
    cases = list(
        SeriousIncident.objects.filter(status__in=SeriousIncident.OPEN_STATUSES)
        .select_related("rapid_review")
        .order_by("aware_on", "pk")
    )
    reviews = list(
        PracticeReview.objects.filter(status__in=PracticeReview.OPEN_STATUSES)
        .select_related("reviewer")
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


def rapid_review_of(case: SeriousIncident) -> RapidReview | None:
    try:
        return case.rapid_review
    except RapidReview.DoesNotExist:
        return None


def _next_deadlines(subjects, today: date) -> dict:
    """{(model, pk): the deadline to show}: the earliest running statutory deadline, else the
    earliest running local one."""
    by_type = defaultdict(list)
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
        .order_by("-rule__is_statutory", "due_date", "pk")
    )
    _with_state(deadlines, today)
    model_for = {types[model].pk: model for model in by_type}
    chosen = {}
    for deadline in deadlines:
        chosen.setdefault((model_for[deadline.content_type_id], deadline.object_id), deadline)
    return chosen


def _soonest(deadlines) -> Deadline | None:
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


def compliance_counts(today: date) -> dict:
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


# Learning ---------------------------------------------------------------------------------------------


@dataclass
class ThemeCount:
    theme: LearningTheme
    by_year: list[int]
    reviews: int
    findings: int
    briefings: int


def theme_counts(years_back: int = 5) -> tuple[list[int], list[ThemeCount]]:
    """How many reviews (rapid and practice) each theme came up in, per year (of the review's
    start), directly or through a finding; and its findings and published briefings."""
    rapid = RapidReview.themes.through.objects.values_list(
        "learningtheme_id", "rapidreview_id", ExtractYear("rapidreview__started_on")
    )
    practice = PracticeReview.themes.through.objects.values_list(
        "learningtheme_id", "practicereview_id", ExtractYear("practicereview__decided_on")
    )
    via_findings = Finding.themes.through.objects.values_list(
        "learningtheme_id", "finding__review_id", ExtractYear("finding__review__decided_on")
    )
    findings = dict(
        Finding.themes.through.objects.values("learningtheme_id")
        .annotate(n=Count("finding_id"))
        .values_list("learningtheme_id", "n")
    )
    briefings = dict(
        Briefing.themes.through.objects.filter(briefing__status=Briefing.Status.PUBLISHED)
        .values("learningtheme_id")
        .annotate(n=Count("briefing_id"))
        .values_list("learningtheme_id", "n")
    )
    seen: dict[int, set] = defaultdict(set)
    for theme_id, review_id, year in rapid:
        seen[theme_id].add(("rapid", review_id, year))
    for rows in (practice, via_findings):
        for theme_id, review_id, year in rows:
            seen[theme_id].add(("practice", review_id, year))
    latest = calendar.today().year
    years = list(range(latest - years_back + 1, latest + 1))
    counts = []
    for theme in LearningTheme.objects.order_by("-is_active", "name"):
        tagged = seen.get(theme.pk, set())
        counts.append(
            ThemeCount(
                theme=theme,
                by_year=[sum(1 for _, _, y in tagged if y == year) for year in years],
                reviews=len(tagged),
                findings=findings.get(theme.pk, 0),
                briefings=briefings.get(theme.pk, 0),
            )
        )
    return years, counts


def briefing_list_for_user(user, *, status: str = ""):
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    briefings = permissions.briefings_visible_to(user).prefetch_related("themes")
    if status:
        briefings = briefings.filter(status=status)
    return briefings.order_by("status", "-published_on", "-created_at", "-pk")


def briefing_get_for_user(user, pk: int) -> Briefing:
    briefing = (
        permissions.briefings_visible_to(user)
        .select_related("practice_review", "rapid_review__incident", "created_by")
        .filter(pk=pk)
        .first()
    )
    if briefing is None:
        raise Http404("No such briefing")
    return briefing


def published_briefing(slug: str) -> Briefing:
    briefing = Briefing.objects.filter(slug=slug, status=Briefing.Status.PUBLISHED).first()
    if briefing is None:
        raise Http404("No such briefing")
    return briefing


def published_briefings():
    return (
        Briefing.objects.filter(status=Briefing.Status.PUBLISHED)
        .prefetch_related("themes")
        .order_by("-published_on", "-pk")
    )


# My work ------------------------------------------------------------------------------------------------


def returns_owed(user) -> list[AgencyReturn]:
    returns = list(
        AgencyReturn.objects.filter(
            organisation__in=organisations_led_by(user),
            status=AgencyReturn.Status.REQUESTED,
            rapid_review__status=RapidReview.Status.IN_PROGRESS,
            rapid_review__decision="",
        )
        .select_related("rapid_review__incident", "organisation")
        .order_by("requested_on", "pk")
    )
    with_due_dates(returns)
    return returns


def my_rapid_reviews(user) -> list[RapidReview]:
    ids = permissions.rapid_review_panel_ids(user)
    if not ids:
        return []
    chaired = permissions.chaired_rapid_review_ids(user)
    reviews = list(
        RapidReview.objects.filter(pk__in=ids, status__in=(RapidReview.Status.IN_PROGRESS, RapidReview.Status.SENT))
        .select_related("incident")
        .order_by("started_on")
    )
    for review in reviews:
        review.my_role = "Chair" if review.pk in chaired else "Member"
    return reviews


def my_practice_reviews(user) -> list[PracticeReview]:
    ids = permissions.practice_review_ids(user)
    if not ids:
        return []
    return list(
        PracticeReview.objects.filter(pk__in=ids, status__in=PracticeReview.OPEN_STATUSES)
        .select_related("reviewer")
        .order_by("decided_on")
    )


def review_deadlines_due(today: date, days: int = 14) -> list[Deadline]:
    """Running review deadlines due in the next `days` days or overdue (for the business unit)."""
    types = ContentType.objects.get_for_models(SeriousIncident, RapidReview, PracticeReview, AgencyReturn)
    deadlines = list(
        Deadline.objects.filter(
            content_type__in=list(types.values()),
            status__in=Deadline.LIVE_STATUSES,
            due_date__lte=today + timedelta(days=days),
        )
        .select_related("rule")
        .order_by("due_date", "pk")[:15]
    )
    _with_state(deadlines, today)
    return deadlines
