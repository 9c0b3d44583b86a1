"""A survey's results, compared with its previous run: a fixed number of queries whatever the
number of responses, questions or agencies (counts come from aggregates; comments from one
windowed query).

Small groups are never shown on their own (anonymity.py): agencies, roles and forums with fewer
than five responses merge into "other", a question answered by fewer than five people shows
no breakdown, and a survey with fewer than five responses shows no results at all.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from core.charts import BarChart, bar_chart

from ..anonymity import MINIMUM_GROUP, enough_to_show, merge_small_groups
from ..models import AgeGroup, Answer, Choice, PractitionerRole, Question, Response, Section, Survey

COMMENTS_SHOWN = 5
NOT_SAID = "Not listed, or did not say"


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _mean(distribution: dict[int, int]) -> Decimal | None:
    total = sum(distribution.values())
    if not total:
        return None
    value = Decimal(sum(point * n for point, n in distribution.items())) / Decimal(total)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    return None if now is None or before is None else now - before


def _show_percent(value: object) -> str:
    return f"{value}%"


@dataclass
class Row:
    """One answer to choose (or one point of a scale) with its share of the question's
    respondents, now and in the previous run."""

    label: str
    count: int
    percent: Decimal | None
    previous_percent: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        return _change(self.percent, self.previous_percent)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "–"
        return "no change" if not change else f"{'+' if change > 0 else '−'}{abs(change)} points"


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    previous_respondents: int | None = None  # None: not compared (a new or changed question)
    rows: list[Row] = field(default_factory=list)
    mean: Decimal | None = None
    previous_mean: Decimal | None = None
    comments: list[str] = field(default_factory=list)
    comment_count: int = 0
    chart: BarChart | None = None

    @property
    def enough(self) -> bool:
        return enough_to_show(self.respondents)

    @property
    def compared(self) -> bool:
        return self.previous_respondents is not None

    @property
    def mean_change(self) -> Decimal | None:
        return _change(self.mean, self.previous_mean)

    @property
    def mean_change_text(self) -> str:
        change = self.mean_change
        if change is None:
            return ""
        return "no change" if not change else f"{'up' if change > 0 else 'down'} {abs(change)}"

    @property
    def chart_id(self) -> str:
        return f"chart-{self.question.pk}"


@dataclass
class Results:
    survey: Survey
    previous: Survey | None
    total: int
    previous_total: int | None
    by_agency: list[tuple[str, int]]
    by_role: list[tuple[str, int]]
    agency_heading: str
    role_heading: str
    questions: list[QuestionResult]
    awaiting_moderation: int
    answered_agencies: list[str] = field(default_factory=list)
    agency_chart: BarChart | None = None
    role_chart: BarChart | None = None

    @property
    def enough(self) -> bool:
        return enough_to_show(self.total)

    @property
    def minimum(self) -> int:
        return MINIMUM_GROUP

    def sections(self) -> list[tuple[object, list[QuestionResult]]]:
        grouped: dict[Section, list[QuestionResult]] = {}
        for result in self.questions:
            grouped.setdefault(result.question.section, []).append(result)
        return list(grouped.items())


def _response_counts(survey: Survey, surveys: list[int]) -> tuple[Counter[int], Counter[str | None], Counter[str]]:
    """How many responses each of `surveys` had, and the survey's own responses by agency (or,
    for children, by forum) and by role (or age group), unmerged: one query."""
    first = "session__forum" if survey.audience == Survey.Audience.CHILDREN else "organisation__name"
    totals: Counter[int] = Counter()
    by_first: Counter[str | None] = Counter()
    by_second: Counter[str] = Counter()
    for survey_id, label, role, n in (
        Response.objects.filter(survey__in=surveys)
        .values("survey", first, "role")
        .annotate(n=Count("pk"))
        .values_list("survey", first, "role", "n")
    ):
        totals[survey_id] += n
        if survey_id == survey.pk:
            by_first[label] += n
            by_second[role] += n
    return totals, by_first, by_second


def _groups(
    survey: Survey, by_first: Counter[str | None], by_second: Counter[str]
) -> tuple[str, str, list[tuple[str, int]], list[tuple[str, int]]]:
    """Responses by agency (or forum) and by role (or age group), small groups merged."""
    if survey.audience == Survey.Audience.CHILDREN:
        heading, other = "Forum", "Other forums"
    else:
        heading, other = "Agency", "Other agencies"
    roles = dict(AgeGroup.choices if survey.audience == Survey.Audience.CHILDREN else PractitionerRole.choices)
    merged_first = merge_small_groups([(label or NOT_SAID, n) for label, n in by_first.items()], other_label=other)
    merged_second = merge_small_groups(
        [(roles.get(r, NOT_SAID), n) for r, n in by_second.items()], other_label="Other roles"
    )
    role_heading = "Age group" if survey.audience == Survey.Audience.CHILDREN else "Role"
    return heading, role_heading, merged_first, merged_second


def _count_chart(rows: list[tuple[str, int]]) -> BarChart | None:
    return bar_chart([(label, count, None) for label, count in rows]) if rows else None


def results_for(survey: Survey, *, comments_shown: int = COMMENTS_SHOWN) -> Results:
    previous = survey.previous if survey.previous_id else None
    surveys = [survey.pk] + ([previous.pk] if previous else [])
    questions = list(
        Question.objects.filter(survey__in=surveys)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    current = [q for q in questions if q.survey_id == survey.pk]
    earlier = {q.pk: q for q in questions if q.survey_id != survey.pk}
    # The questions' ids rather than their surveys: no join to the questions in what follows.
    question_ids = [q.pk for q in questions]
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question__in=question_ids).order_by("position", "pk"):
        choices[choice.question_id].append(choice)
    totals, by_first, by_second = _response_counts(survey, surveys)
    per_question = {
        row["question"]: row
        for row in Answer.objects.filter(question__in=question_ids)
        .values("question")
        .annotate(
            respondents=Count("response", distinct=True),
            approved=Count("pk", filter=Q(moderation=Answer.Moderation.APPROVED)),
            awaiting=Count("pk", filter=Q(moderation=Answer.Moderation.AWAITING)),
        )
    }
    # Answers to choose and points on a scale, counted in one query.
    by_choice: dict[tuple[int, int], int] = {}
    by_point: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for q, choice_id, point, n in (
        Answer.objects.filter(question__in=question_ids)
        .filter(Q(choice__isnull=False) | Q(scale_value__isnull=False))
        .values("question", "choice", "scale_value")
        .annotate(n=Count("pk"))
        .values_list("question", "choice", "scale_value", "n")
    ):
        if choice_id is not None:
            by_choice[(q, choice_id)] = n
        else:
            by_point[q][point] = n
    comments = defaultdict(list)
    for q, text in (
        Answer.objects.filter(question__in=[q.pk for q in current], moderation=Answer.Moderation.APPROVED)
        .annotate(row=Window(RowNumber(), partition_by=[F("question")], order_by=[F("id").asc()]))
        .filter(row__lte=comments_shown)
        .values_list("question", "text")
    ):
        comments[q].append(text)

    results = []
    for question in current:
        before = earlier.get(question.copied_from_id) if question.copied_from_id else None
        stats = per_question.get(question.pk, {})
        respondents = stats.get("respondents", 0)
        result = QuestionResult(
            question=question,
            respondents=respondents,
            previous_respondents=per_question.get(before.pk, {}).get("respondents", 0) if before else None,
            comments=comments.get(question.pk, []),
            comment_count=stats.get("approved", 0),
        )
        if question.has_choices:
            for choice in choices[question.pk]:
                count = by_choice.get((question.pk, choice.pk), 0)
                previous_percent = None
                if before is not None and choice.copied_from_id:
                    previous_percent = percent(
                        by_choice.get((before.pk, choice.copied_from_id), 0), result.previous_respondents or 0
                    )
                result.rows.append(Row(choice.text, count, percent(count, respondents), previous_percent))
        elif question.is_scale:
            distribution = by_point.get(question.pk, {})
            previous_distribution = by_point.get(before.pk, {}) if before is not None else {}
            for point in question.scale_range:
                count = distribution.get(point, 0)
                previous_percent = (
                    percent(previous_distribution.get(point, 0), result.previous_respondents or 0)
                    if before is not None and before.scale_points == question.scale_points
                    else None
                )
                result.rows.append(
                    Row(question.scale_label(point), count, percent(count, respondents), previous_percent)
                )
            result.mean = _mean(distribution)
            if before is not None and before.scale_points == question.scale_points:
                result.previous_mean = _mean(previous_distribution)
        if result.rows and result.enough:
            result.chart = bar_chart(
                [(row.label, row.percent or 0, row.previous_percent) for row in result.rows],
                maximum=100,
                show=_show_percent,
            )
        results.append(result)

    heading, role_heading, by_agency, by_role = _groups(survey, by_first, by_second)
    answered = []
    if survey.audience == Survey.Audience.AGENCY_LEADS:
        # An agency's answer is the agency's own, not a person's: who answered is shown.
        answered = list(
            Response.objects.filter(survey=survey, for_agency=True)
            .order_by("organisation__name")
            .values_list("organisation__name", flat=True)
        )
    total = totals.get(survey.pk, 0)
    return Results(
        survey=survey,
        previous=previous,
        total=total,
        previous_total=totals.get(previous.pk, 0) if previous else None,
        by_agency=by_agency,
        by_role=by_role,
        agency_heading=heading,
        role_heading=role_heading,
        questions=results,
        awaiting_moderation=sum(per_question.get(q.pk, {}).get("awaiting", 0) for q in current),
        answered_agencies=answered,
        agency_chart=_count_chart(by_agency) if enough_to_show(total) else None,
        role_chart=_count_chart(by_role) if enough_to_show(total) else None,
    )


def comments_for(question: Question) -> QuerySet[Answer, str]:
    """Every approved comment on a question, for the page that lists them all (paginated)."""
    return (
        Answer.objects.filter(question=question, moderation=Answer.Moderation.APPROVED)
        .order_by("id")
        .values_list("text", flat=True)
    )
