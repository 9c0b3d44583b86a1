"""A cycle's reports: the dashboard, the heatmap of organisations by standards, the
standard-by-standard summary, the comparison with the previous cycle, the export of every
answer and the overview report as a PDF; and an organisation's history across cycles.

Scores are averaged in the database (one grouped query per report, whatever the number of
organisations or questions); only the banding, which is pure arithmetic, happens here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import NamedTuple

from django.db.models import Avg, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.pdf import pdf_from_html, print_html
from core.tabular import write_xlsx
from core.templatetags.govuk import TAG_COLOURS
from partnership.models import Organisation

from . import scoring
from .models import Answer, AuditCycle, AuditSubmission, Question, Standard

SUBMITTED = AuditSubmission.HAS_SUBMITTED


# Which rating a report shows: the agreed (moderated) one where the moderation set one, or
# the organisation's own self-assessment.
AGREED = "agreed"
SELF = "self"
BASES = {AGREED: "Agreed at moderation (where moderated)", SELF: "Self-assessed"}


def _rated(scale: str, field: str):
    rating = Cast(F(field), FloatField())
    if scale == scoring.PERCENT:
        return rating
    low, high = scoring.rating_range(scale)
    return (rating - Value(float(low))) * Value(100.0 / (high - low))


def score_expression(scale: str, prefix: str = "", basis: str = SELF):
    """An answer's score from 0 to 100 as a database expression (None when not scored). On
    the agreed basis a moderated rating replaces the self-assessed one."""
    kind = f"{prefix}question__kind"
    agreed = []
    if basis == AGREED:
        agreed = [
            When(
                **{kind: scoring.RATING, f"{prefix}moderated_rating__isnull": False},
                then=_rated(scale, f"{prefix}moderated_rating"),
            ),
            *[
                When(**{kind: scoring.YES_NO_PARTLY, f"{prefix}moderated_response": response}, then=Value(score))
                for response, score in scoring.RESPONSE_SCORES.items()
            ],
        ]
    return Case(
        *agreed,
        When(**{f"{prefix}not_applicable": True}, then=Value(None)),
        When(**{kind: scoring.RATING, f"{prefix}rating__isnull": False}, then=_rated(scale, f"{prefix}rating")),
        *[
            When(**{kind: scoring.YES_NO_PARTLY, f"{prefix}response": response}, then=Value(score))
            for response, score in scoring.RESPONSE_SCORES.items()
        ],
        default=Value(None),
        output_field=FloatField(),
    )


def other_basis(basis: str) -> str:
    return SELF if basis == AGREED else AGREED


def _submitted(cycle: AuditCycle):
    return cycle.submissions.filter(is_withdrawn=False, status__in=SUBMITTED)


def standard_scores(answers, scale: str, key: str = "submission_id", basis: str = SELF) -> dict[tuple, "Cell"]:
    """{(key value, standard id): cell} for the answers given, in one query: each cell has the
    mean score on the basis asked for and, beside it, on the other basis."""
    # order_by(): the answers' default order (by standard) would join the standards for nothing.
    rows = (
        answers.order_by()
        .values(key, "question__standard_id")
        .annotate(
            score=Avg(score_expression(scale, basis=basis)),
            other=Avg(score_expression(scale, basis=other_basis(basis))),
        )
        .values_list(key, "question__standard_id", "score", "other")
    )
    return {(owner, standard): Cell(score, other) for owner, standard, score, other in rows}


@dataclass
class Cell:
    score: float | None
    # The same cell on the other basis (self-assessed or agreed), when known.
    other: float | None = None

    @property
    def differs(self) -> bool:
        """The moderation moved this cell by at least a whole point."""
        if self.score is None and self.other is None:
            return False
        if self.score is None or self.other is None:
            return True
        return abs(self.score - self.other) >= 0.5

    @property
    def other_percent(self) -> str:
        return "" if self.other is None else f"{round(self.other)}%"

    @property
    def other_band(self) -> scoring.Band:
        return scoring.band(self.other)

    @property
    def band(self) -> scoring.Band:
        return scoring.band(self.score)

    @property
    def percent(self) -> str:
        return "" if self.score is None else f"{round(self.score)}%"


class CellText(NamedTuple):
    """A heatmap cell as the page shows it: the tag's colour class, the band, the percentage
    and, where moderation moved it, the other basis's band and percentage."""

    tag_class: str
    band: str
    percent: str
    other: str = ""


def cell_text(cell: Cell, other_basis_label: str = "") -> CellText:
    """The cell as shown; with the other basis's figure beside it where the two differ, when
    `other_basis_label` names that basis (averages have none)."""
    band = cell.band
    other = ""
    if other_basis_label and cell.differs:
        other = f"{other_basis_label}: {cell.other_band.label} {cell.other_percent}"
    return CellText(TAG_COLOURS.get(band.colour, ""), band.label, cell.percent, other)


@lru_cache(maxsize=4096)
def _cell_markup(score: float | None, other: float | None, other_basis_label: str) -> str:
    # Rendered once per distinct cell, not once per cell: a heatmap of thousands of cells
    # holds a few hundred distinct ones (averages of a handful of answers) and the markup
    # depends on nothing else, so a big heatmap's table costs a join per row.
    return render_to_string("audits/_heatmap_cell.html", cell_text(Cell(score, other), other_basis_label)._asdict())


def cells_markup(cells: list[Cell], other_basis_label: str = "") -> str:
    """The cells as table cells in HTML (audits/_heatmap_cell.html): each one's band as a
    coloured tag with the text, and its percentage."""
    # The markup is our own template's, rendered with autoescaping from numbers and a label.
    return mark_safe("".join(_cell_markup(cell.score, cell.other, other_basis_label) for cell in cells))  # noqa: S308  # nosec B308 B703


@dataclass
class HeatmapRow:
    submission: AuditSubmission
    cells: list[Cell]

    @property
    def overall(self) -> Cell:
        scores = [c.score for c in self.cells if c.score is not None]
        return Cell(sum(scores) / len(scores) if scores else None)

    def shown(self, basis: str) -> str:
        """Each cell, then the overall one, as table cells in HTML (cells_markup)."""
        other_label = basis_name(other_basis(basis))
        return cells_markup(self.cells, other_label) + cells_markup([self.overall])


class ShownRow(NamedTuple):
    """A heatmap row as the page shows it: the organisation, its return's status and page, and
    its cells in HTML."""

    organisation: str
    status: str
    url: str
    cells: str


@dataclass
class Heatmap:
    standards: list[Standard]
    rows: list[HeatmapRow]
    column_means: list[Cell]
    basis: str = AGREED

    @cached_property
    def differences(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.differs)

    @cached_property
    def shown_rows(self) -> list[ShownRow]:
        """Each row's organisation, return status and page, and its cells in HTML (cells_markup),
        for the page."""
        url = AuditSubmission.absolute_urls()
        statuses = dict(AuditSubmission.Status.choices)
        return [
            ShownRow(
                row.submission.organisation.name,
                statuses[row.submission.status],
                url(row.submission.pk),
                row.shown(self.basis),
            )
            for row in self.rows
        ]

    @cached_property
    def shown_means(self) -> str:
        return cells_markup(self.column_means)


def heatmap(cycle: AuditCycle, *, kind: str = "", basis: str = AGREED) -> Heatmap:
    """Organisations (that have submitted) by standards, each cell the mean of the scored
    answers, banded green, amber or red. Three queries."""
    scale = cycle.version.scale
    standards = list(cycle.version.standards.order_by("position", "pk"))
    submissions = (
        _submitted(cycle)
        .select_related("organisation")
        .only("cycle_id", "status", "organisation__name", "organisation__kind")
        .order_by("organisation__name")
    )
    if kind:
        submissions = submissions.filter(organisation__kind=kind)
    submissions = list(submissions)
    scores = (
        standard_scores(Answer.objects.filter(submission__in=[s.pk for s in submissions]), scale, basis=basis)
        if submissions
        else {}
    )
    rows = [HeatmapRow(s, [scores.get((s.pk, st.pk)) or Cell(None) for st in standards]) for s in submissions]
    means = []
    for index in range(len(standards)):
        values = [row.cells[index].score for row in rows if row.cells[index].score is not None]
        means.append(Cell(sum(values) / len(values) if values else None))
    return Heatmap(standards=standards, rows=rows, column_means=means, basis=basis)


# Dashboard ----------------------------------------------------------------------------------------


@dataclass
class DashboardRow:
    kind: str
    label: str
    invited: int = 0
    started: int = 0
    submitted: int = 0
    accepted: int = 0
    late: int = 0


def dashboard(cycle: AuditCycle, today: date) -> tuple[list[DashboardRow], DashboardRow]:
    """Invited, started, submitted, accepted and late, by kind of organisation. One query."""
    late = Q(first_submitted_at__isnull=True, cycle__closes_on__lt=today) | Q(
        first_submitted_at__date__gt=F("cycle__closes_on")
    )
    rows = (
        cycle.submissions.filter(is_withdrawn=False)
        .values("organisation__kind")
        .annotate(
            invited=Count("pk"),
            started=Count("pk", filter=~Q(status=AuditSubmission.Status.NOT_STARTED)),
            submitted=Count("pk", filter=Q(status__in=SUBMITTED)),
            accepted=Count("pk", filter=Q(status=AuditSubmission.Status.ACCEPTED)),
            late=Count("pk", filter=late),
        )
        .order_by("organisation__kind")
    )
    labels = dict(Organisation.Kind.choices)
    result = [
        DashboardRow(
            kind=row["organisation__kind"],
            label=labels.get(row["organisation__kind"], row["organisation__kind"]),
            invited=row["invited"],
            started=row["started"],
            submitted=row["submitted"],
            accepted=row["accepted"],
            late=row["late"],
        )
        for row in rows
    ]
    result.sort(key=lambda r: r.label)
    total = DashboardRow(kind="", label="All organisations")
    for row in result:
        for name in ("invited", "started", "submitted", "accepted", "late"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return result, total


# Standard by standard -----------------------------------------------------------------------------


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    not_applicable: int = 0
    below_threshold: int = 0
    mean: Cell = field(default_factory=lambda: Cell(None))
    distribution: list[tuple[str, str, int]] = field(default_factory=list)  # (label, colour, count)


@dataclass
class StandardSummary:
    standard: Standard
    mean: Cell
    bands: dict[str, int]
    questions: list[QuestionSummary]


def standard_summary(cycle: AuditCycle, *, basis: str = AGREED) -> list[StandardSummary]:
    """Each standard's mean, how many organisations are green, amber or red on it, and each
    question's spread of self-assessed answers. Four queries."""
    version = cycle.version
    scale = version.scale
    standards = list(version.standards.order_by("position", "pk").prefetch_related("questions"))
    answers = Answer.objects.filter(submission__in=_submitted(cycle))
    cells = standard_scores(answers, scale, basis=basis)
    threshold = scoring.threshold_score(scale, version.action_threshold)
    per_question = {
        row["question_id"]: row
        for row in answers.annotate(score=score_expression(scale, basis=basis))
        .values("question_id")
        .annotate(
            mean=Avg("score"),
            answered=Count("pk", filter=Q(not_applicable=False)),
            na=Count("pk", filter=Q(not_applicable=True)),
            below=Count("pk", filter=Q(score__lt=threshold)),
        )
    }
    spread = defaultdict(lambda: defaultdict(int))
    for question_id, rating, response, count in (
        answers.filter(not_applicable=False)
        .values("question_id", "rating", "response")
        .annotate(n=Count("pk"))
        .values_list("question_id", "rating", "response", "n")
    ):
        spread[question_id][(rating, response)] += count
    summaries = []
    for standard in standards:
        scores = [c.score for (_, st), c in cells.items() if st == standard.pk and c.score is not None]
        bands = {"green": 0, "amber": 0, "red": 0}
        for value in scores:
            bands[scoring.band(value).key] += 1
        questions = []
        for question in standard.questions.all():
            row = per_question.get(question.pk, {})
            questions.append(
                QuestionSummary(
                    question=question,
                    answered=row.get("answered", 0),
                    not_applicable=row.get("na", 0),
                    below_threshold=row.get("below", 0),
                    mean=Cell(row.get("mean")),
                    distribution=_distribution(question, scale, spread.get(question.pk, {})),
                )
            )
        summaries.append(
            StandardSummary(
                standard=standard,
                mean=Cell(sum(scores) / len(scores) if scores else None),
                bands=bands,
                questions=questions,
            )
        )
    return summaries


def _distribution(question: Question, scale: str, counts: dict) -> list[tuple[str, str, int]]:
    if question.kind == scoring.RATING and scale != scoring.PERCENT:
        return [(label, colour, counts.get((value, ""), 0)) for value, label, colour in scoring.levels(scale)]
    if question.kind == scoring.YES_NO_PARTLY:
        colours = {scoring.YES: "green", scoring.PARTLY: "yellow", scoring.NO: "red"}
        return [(label, colours[value], counts.get((None, value), 0)) for value, label in Answer.Response.choices]
    return []


# Comparison with the previous cycle ----------------------------------------------------------------


# How an organisation stood in the previous cycle.
RETURNED, NOT_RETURNED, NOT_INVITED = "returned", "not_returned", "not_invited"
CHANGES = ("improved", "worse", "same", "new", NOT_RETURNED, NOT_INVITED, "none")
CHANGE_LABELS = {
    "improved": "improved",
    "worse": "worse",
    "same": "the same",
    "new": "new",
    NOT_RETURNED: "did not return last time",
    NOT_INVITED: "not in the previous cycle",
    "none": "not answered",
}
# The count, per standard, of organisations whose self-assessed and agreed figures differ.
DIFFERS = "differs"


def basis_name(basis: str) -> str:
    """The short name of a basis, as a mark beside a figure: "Self-assessed" or "Agreed"."""
    return "Self-assessed" if basis == SELF else "Agreed"


@dataclass
class ComparisonCell:
    previous: Cell
    current: Cell
    previous_status: str = RETURNED
    # The other basis's name ("Self-assessed" beside agreed ratings), for the mark.
    other_label: str = ""

    @property
    def change(self) -> str:
        """By score as well as band (amber 75% to amber 50% is worse); with no score last
        time, why: not invited then, invited but did not return, or a new standard."""
        change = scoring.change(self.previous.score, self.current.score)
        if change == "new" and self.previous_status != RETURNED:
            return self.previous_status
        return change

    @property
    def points(self) -> str:
        if self.previous.score is None or self.current.score is None:
            return ""
        difference = round(self.current.score - self.previous.score)
        return f"{difference:+d} points" if difference else "no change"

    @property
    def differs(self) -> bool:
        """Moderation moved this standard's score this cycle or last, so the comparison on
        the other basis reads differently."""
        return self.current.differs or self.previous.differs

    @property
    def change_label(self) -> str:
        return CHANGE_LABELS[self.change].capitalize()

    @property
    def other(self) -> "ComparisonCell":
        """The same comparison on the other basis."""
        return ComparisonCell(Cell(self.previous.other), Cell(self.current.other), self.previous_status)

    @property
    def figures(self) -> str:
        before = f"{self.previous.band.label} {self.previous.percent} → " if self.previous.score is not None else ""
        points = f" ({self.points})" if self.points else ""
        return f"{before}{self.current.band.label} {self.current.percent}".strip() + points

    @property
    def other_text(self) -> str:
        """Where moderation moved it, the mark: the other basis's change and figures
        ("Self-assessed: worse, Green 100% → Amber 50% (-50 points)"); otherwise nothing."""
        if not self.differs:
            return ""
        other = self.other
        return f"{self.other_label}: {CHANGE_LABELS[other.change]}, {other.figures}"


@dataclass
class ComparisonRow:
    submission: AuditSubmission
    cells: list[ComparisonCell]
    previous_status: str

    @property
    def in_previous(self) -> bool:
        return self.previous_status != NOT_INVITED


@dataclass
class Comparison:
    previous: AuditCycle
    standards: list[Standard]
    rows: list[ComparisonRow]
    totals: list[dict[str, int]]
    basis: str = AGREED

    @property
    def summary(self) -> list[tuple[Standard, dict[str, int]]]:
        return list(zip(self.standards, self.totals, strict=True))

    @property
    def differences(self) -> int:
        """How many cells moderation moved (this cycle or last), each marked on the page."""
        return sum(totals[DIFFERS] for totals in self.totals)

    @property
    def other_label(self) -> str:
        return basis_name(other_basis(self.basis))

    @property
    def marked(self) -> list[tuple[AuditSubmission, Standard, ComparisonCell]]:
        """Each (return, standard, cell) whose comparison moderation changed, for the PDF."""
        return [
            (row.submission, standard, cell)
            for row in self.rows
            for standard, cell in zip(self.standards, row.cells, strict=True)
            if cell.differs
        ]


def _scores_by_organisation(cycle: AuditCycle, basis: str) -> dict[tuple[int, str], Cell]:
    """{(organisation id, standard reference): mean score, with the other basis's beside it}
    for a cycle's submitted returns, in one query."""
    scale = cycle.version.scale
    rows = (
        Answer.objects.filter(submission__in=_submitted(cycle))
        .values("submission__organisation_id", "question__standard__reference")
        .annotate(
            score=Avg(score_expression(scale, basis=basis)),
            other=Avg(score_expression(scale, basis=other_basis(basis))),
        )
        .values_list("submission__organisation_id", "question__standard__reference", "score", "other")
    )
    return {(org, reference): Cell(score, other) for org, reference, score, other in rows}


def _previous_statuses(previous: AuditCycle) -> dict[int, str]:
    """{organisation id: returned or not returned} for everyone the previous cycle invited."""
    return {
        org: RETURNED if status in SUBMITTED and not withdrawn else NOT_RETURNED
        for org, status, withdrawn in previous.submissions.values_list("organisation_id", "status", "is_withdrawn")
    }


def comparison(cycle: AuditCycle, *, kind: str = "", basis: str = AGREED) -> Comparison | None:
    """Standard by standard, per organisation: improved, worse or the same (by band, and by
    score within a band), or why there is nothing to compare with. Standards are matched
    across versions by their reference."""
    previous = cycle.previous
    if previous is None:
        return None
    standards = list(cycle.version.standards.order_by("position", "pk"))
    current = _scores_by_organisation(cycle, basis)
    before = _scores_by_organisation(previous, basis)
    statuses = _previous_statuses(previous)
    submissions = _submitted(cycle).select_related("organisation").order_by("organisation__name")
    if kind:
        submissions = submissions.filter(organisation__kind=kind)
    rows = []
    totals = [dict.fromkeys((*CHANGES, DIFFERS), 0) for _ in standards]
    other_label = basis_name(other_basis(basis))
    for submission in submissions:
        status = statuses.get(submission.organisation_id, NOT_INVITED)
        cells = []
        for index, standard in enumerate(standards):
            key = (submission.organisation_id, standard.reference)
            cell = ComparisonCell(
                previous=before.get(key) or Cell(None),
                current=current.get(key) or Cell(None),
                previous_status=status,
                other_label=other_label,
            )
            totals[index][cell.change] += 1
            totals[index][DIFFERS] += cell.differs
            cells.append(cell)
        rows.append(ComparisonRow(submission, cells, status))
    return Comparison(previous=previous, standards=standards, rows=rows, totals=totals, basis=basis)


# An organisation across cycles ----------------------------------------------------------------------


@dataclass
class HistoryRow:
    submission: AuditSubmission
    cells: list[Cell]


def organisation_history(organisation, submissions) -> tuple[list[str], list[HistoryRow]]:
    """The organisation's returns, newest cycle first, with each standard's band as agreed at
    moderation (the self-assessed band beside it where they differ; standards matched by
    reference across framework versions)."""
    submissions = list(submissions.select_related("cycle__version__framework").order_by("-cycle__opens_on", "-pk"))
    scores: dict[tuple[int, str], Cell] = {}
    by_scale = defaultdict(list)
    for submission in submissions:
        if submission.has_submitted:
            by_scale[submission.cycle.version.scale].append(submission.pk)
    for scale, ids in by_scale.items():
        rows = (
            Answer.objects.filter(submission_id__in=ids)
            .values("submission_id", "question__standard__reference")
            .annotate(
                score=Avg(score_expression(scale, basis=AGREED)),
                other=Avg(score_expression(scale, basis=SELF)),
            )
            .values_list("submission_id", "question__standard__reference", "score", "other")
        )
        scores.update({(sub, ref): Cell(score, other) for sub, ref, score, other in rows})
    references = sorted({ref for _, ref in scores}, key=_reference_key)
    history = [HistoryRow(s, [scores.get((s.pk, ref)) or Cell(None) for ref in references]) for s in submissions]
    return references, history


def _reference_key(reference: str):
    parts = reference.replace("-", ".").split(".")
    return [int(p) if p.isdigit() else 0 for p in parts] + [reference]


# Export and PDF -------------------------------------------------------------------------------------


EXPORT_HEADERS = [
    "Organisation",
    "Kind of organisation",
    "Return status",
    "Draft (not yet submitted)",
    "Standard",
    "Question",
    "Question text",
    "Kind of answer",
    "Answer",
    "Score (0 to 100)",
    "Agreed rating at moderation",
    "Agreed score (0 to 100)",
    "Reason for the agreed rating",
    "Not applicable",
    "Explanation or text",
    "Explanation cut short",
    "Evidence files",
    "Last changed",
]
# A spreadsheet cell holds at most 32,767 characters: a longer answer is cut, and flagged.
CELL_LIMIT = 32_767
CUT_NOTE = " [cut short: the full answer is in the portal]"


def _fit(text: str) -> tuple[str, str]:
    if len(text) <= CELL_LIMIT:
        return text, "no"
    return text[: CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE, "yes"


def export_rows(cycle: AuditCycle):
    """Every answer in the cycle (organisations still in it), one row each, in a fixed order.
    A generator over one query, so 300 organisations × 40 questions stay light in memory."""
    scale = cycle.version.scale
    kinds = dict(Question.Kind.choices)
    statuses = dict(AuditSubmission.Status.choices)
    org_kinds = dict(Organisation.Kind.choices)
    responses = dict(Answer.Response.choices)
    answers = (
        Answer.objects.filter(submission__cycle=cycle, submission__is_withdrawn=False)
        .annotate(
            evidence_count=Count("evidence"),
            score=score_expression(scale),
            agreed=score_expression(scale, basis=AGREED),
        )
        .order_by("submission__organisation__name", "question__standard__position", "question__position", "pk")
        .values_list(
            "submission__organisation__name",
            "submission__organisation__kind",
            "submission__status",
            "question__standard__reference",
            "question__reference",
            "question__text",
            "question__kind",
            "rating",
            "response",
            "number",
            "not_applicable",
            "text",
            "evidence_count",
            "updated_at",
            "score",
            "moderated_rating",
            "moderated_response",
            "moderation_reason",
            "agreed",
        )
    )
    for (
        org,
        org_kind,
        status,
        std,
        ref,
        text,
        kind,
        rating,
        response,
        number,
        na,
        explanation,
        evidence,
        updated,
        score,
        moderated_rating,
        moderated_response,
        reason,
        agreed,
    ) in answers.iterator(chunk_size=2000):
        moderated = moderated_rating is not None or bool(moderated_response)
        if kind == scoring.RATING and moderated_rating is not None:
            agreed_value = scoring.rating_label(scale, moderated_rating)
        else:
            agreed_value = responses.get(moderated_response, "")
        explanation, cut = _fit(explanation)
        if kind == scoring.RATING:
            value = scoring.rating_label(scale, rating)
        elif kind == scoring.YES_NO_PARTLY:
            value = responses.get(response, "")
        elif kind in scoring.NUMERIC_KINDS:
            value = "" if number is None else number
        else:
            value = ""
        yield [
            org,
            org_kinds.get(org_kind, org_kind),
            statuses.get(status, status),
            "no" if status in SUBMITTED else "yes",
            std,
            ref,
            text,
            kinds.get(kind, kind),
            "" if na else value,
            "" if score is None else round(score),
            agreed_value,
            "" if agreed is None or not moderated else round(agreed),
            reason if moderated else "",
            "yes" if na else "no",
            explanation,
            cut,
            evidence,
            updated,
        ]


def export_xlsx(cycle: AuditCycle) -> bytes:
    return write_xlsx(EXPORT_HEADERS, export_rows(cycle), title="Answers")


def report_html(cycle: AuditCycle, today: date, *, basis: str = AGREED) -> str:
    """The overview report for the effectiveness sub-group and the Executive, as print HTML:
    the same data on the same day gives the same HTML (CycleReportFile keeps its PDF by it)."""
    by_kind, total = dashboard(cycle, today)
    return print_html(
        "audits/pdf/cycle_report.html",
        {
            "cycle": cycle,
            "by_kind": by_kind,
            "total": total,
            "heatmap": heatmap(cycle, basis=basis),
            "summaries": standard_summary(cycle, basis=basis),
            "comparison": comparison(cycle, basis=basis),
            "basis": basis,
            "basis_label": BASES[basis],
            "today": today,
            "footer": f"{cycle.title}: overview report",
        },
    )


def report_pdf(cycle: AuditCycle, today: date, *, basis: str = AGREED) -> bytes:
    """The overview report as a tagged PDF (a few seconds for a large cycle: the report view
    serves it built in the background, audits.services.reports)."""
    return pdf_from_html(report_html(cycle, today, basis=basis))
