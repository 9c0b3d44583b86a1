"""Reads of the yearly report: the reports a person may see, their versions and signatories,
the published ones; and the parts of the report this app compiles from the data for a
reporting year [start, end]: priorities and progress, what changed as a result, the scorecard,
what did not progress and how the arrangements are funded. Each part is registered with
core.assurance (scrutiny.report.sections), beside those the other parts of the portal register."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import wraps
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core import assurance, calendar
from core.charts import bar_chart
from core.models import Deadline
from core.roles import Role
from partnership.models import BudgetContribution, Organisation, StrategicPriority, User
from subgroups.models import Action, ActionPlan

from .. import computed, rag
from .. import permissions_reporting as permissions
from ..models import Indicator, ReportSignatory, ReportSignOff, ReportVersion, YearlyReport
from ..periods import Quarter, year_label, year_of
from . import scorecard

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# One compilation of the report asks for the priorities and the scorecard twice (their own
# sections, and what did not progress): `one_compilation()` keeps each answer for its length.
_compiling: ContextVar[dict[tuple[str, date, date], object] | None] = ContextVar(
    "yearly_report_compilation", default=None
)
Part = TypeVar("Part")


@contextmanager
def one_compilation() -> Iterator[None]:
    token = _compiling.set({})
    try:
        yield
    finally:
        _compiling.reset(token)


def _once_per_compilation(function: Callable[[date, date], Part]) -> Callable[[date, date], Part]:
    @wraps(function)
    def wrapper(start: date, end: date) -> Part:
        cache = _compiling.get()
        if cache is None:
            return function(start, end)
        key = (function.__name__, start, end)
        if key not in cache:
            cache[key] = function(start, end)
        # The key names the function, so what is kept under it is what the function returned.
        return cast(Part, cache[key])

    return wrapper


LIVE_OR_DONE = (ActionPlan.Status.IN_PROGRESS, ActionPlan.Status.COMPLETED, ActionPlan.Status.SIGNED_OFF)
# A priority with fewer of its actions done than this by the year's end made little progress.
STALLED_PERCENT = 50


def report_list_for_user(user: User) -> QuerySet[YearlyReport]:
    return permissions.reports_visible_to(user).order_by("-year")


def report_get_for_user(user: User, pk: int) -> YearlyReport:
    report = permissions.reports_visible_to(user).select_related("document", "published_by").filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return report


def report_versions(report: YearlyReport) -> list[ReportVersion]:
    """Every frozen version of the report, newest first, with who froze or withdrew it."""
    return list(report.versions.select_related("frozen_by", "voided_by").order_by("-number"))


def void_sign_offs(report: YearlyReport) -> list[ReportSignOff]:
    """Sign-offs of versions since withdrawn: they no longer count."""
    return list(
        report.sign_offs.filter(version__status=ReportVersion.Status.VOID)
        .select_related("organisation", "signed_by", "version")
        .order_by("-version__number", "organisation__name")
    )


def signatories() -> list[tuple[Organisation, ReportSignatory | None]]:
    """Each active safeguarding partner and who signs the yearly report for it."""
    partners = list(Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).order_by("kind", "name"))
    named = {
        s.organisation_id: s
        for s in ReportSignatory.objects.filter(organisation__in=partners).select_related("signatory", "delegate")
    }
    return [(partner, named.get(partner.pk)) for partner in partners]


def partner_get(pk: int) -> Organisation:
    """An active safeguarding partner (404 for any other organisation)."""
    partner = Organisation.objects.filter(pk=pk, is_safeguarding_partner=True, is_active=True).first()
    if partner is None:
        raise Http404("No such safeguarding partner")
    return partner


def people_who_may_sign_for(partner: Organisation, *, exclude: User | None = None) -> QuerySet[User]:
    """People who may sign for the partner: active, working for it, not in the business unit."""
    people = (
        User.objects.filter(is_active=True, organisation=partner)
        .exclude(groups__name=Role.BUSINESS_UNIT.label)
        .order_by("name")
    )
    return people.exclude(pk=exclude.pk) if exclude is not None else people


def years_with_reports() -> set[int]:
    return set(YearlyReport.objects.values_list("year", flat=True))


def report_deadlines(report: YearlyReport) -> list[Deadline]:
    return list(Deadline.objects.for_subject(report).select_related("rule").order_by("due_date"))


def published_reports() -> QuerySet[YearlyReport]:
    """The published reports, newest first: what the public pages list."""
    return YearlyReport.objects.filter(status=YearlyReport.Status.PUBLISHED, document__isnull=False).select_related(
        "document"
    )


def published_report(year: int) -> YearlyReport:
    report = published_reports().filter(year=year).first()
    if report is None:
        raise Http404("No such report")
    return report


def _action_counts(end: date, at: date) -> dict[str, Any]:
    open_at_end = Q(completed_at__isnull=True) | Q(completed_at__date__gt=at)
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(completed_at__date__lte=end)),
        "overdue": Count("pk", filter=Q(due_date__lt=at) & open_at_end),
    }


@_once_per_compilation
def priorities(start: date, end: date) -> dict[str, Any]:
    """The strategic priorities in force during the year, how far the actions serving each got
    by the year's end (with a chart), and the workplans and action plans behind them, each
    listed once with the priorities it serves."""
    chosen = list(
        StrategicPriority.objects.filter(period_start__lte=end.year, period_end__gte=start.year)
        .select_related("lead")
        .order_by("position", "title")
    )
    # For the year under way, "overdue" means overdue today, not by the year's end.
    at = min(end, calendar.today())
    counts = _action_counts(end, at)
    actions = Action.objects.filter(priority__in=chosen, plan__status__in=LIVE_OR_DONE)
    by_pair = list(actions.values("priority_id", "plan_id").annotate(**counts).order_by())
    serves: defaultdict[int, list[int]] = defaultdict(list)
    totals: defaultdict[int, dict[str, int]] = defaultdict(lambda: {"total": 0, "done": 0, "overdue": 0})
    for row in by_pair:
        serves[row["plan_id"]].append(row["priority_id"])
        for key in ("total", "done", "overdue"):
            totals[row["priority_id"]][key] += row[key]
    names = {p.pk: p.title for p in chosen}
    plans = list(
        Action.objects.filter(plan_id__in=list(serves), plan__status__in=LIVE_OR_DONE)
        .values("plan_id", "plan__title", "plan__status", "plan__owning_group__name")
        .annotate(**counts)
        .order_by("plan__title", "plan_id")
    )
    for plan in plans:
        plan["status_label"] = ActionPlan.Status(plan["plan__status"]).label
        plan["priorities"] = sorted(names[pk] for pk in serves[plan["plan_id"]])
        # Said once, rather than every priority's name on every row.
        plan["priorities_shown"] = (
            ["All the priorities"] if len(chosen) > 2 and len(plan["priorities"]) == len(chosen) else plan["priorities"]
        )
    entries: list[dict[str, Any]] = []
    for priority in chosen:
        total = totals[priority.pk]
        entries.append(
            {
                "priority": priority,
                **total,
                "percent": round(100 * total["done"] / total["total"]) if total["total"] else None,
                "plans": sorted(p["plan__title"] for p in plans if priority.title in p["priorities"]),
            }
        )
    chart = bar_chart([(e["priority"].title, e["percent"]) for e in entries], maximum=100, unit="%")
    return {"priorities": entries, "plans": plans, "chart": chart, "has_content": bool(entries)}


def changes(start: date, end: date) -> dict[str, Any]:
    """What changed as a result: actions and plans signed off on evidence of impact during the
    year, and how many actions were completed."""
    actions = list(
        Action.objects.filter(signed_off_at__date__range=(start, end))
        .exclude(impact_statement="")
        .select_related("plan__owning_group", "priority", "owner_organisation")
        .order_by("signed_off_at")
    )
    plans = list(
        ActionPlan.objects.filter(signed_off_at__date__range=(start, end))
        .exclude(impact_statement="")
        .select_related("owning_group", "organisation")
        .order_by("signed_off_at")
    )
    completed = Action.objects.filter(completed_at__date__range=(start, end)).count()
    return {"actions": actions, "plans": plans, "completed": completed, "has_content": bool(actions or plans)}


@_once_per_compilation
def scorecard_year(start: date, end: date) -> dict[str, Any]:
    """Each active indicator's four quarters, its rating at the end of the year, how it moved
    over the year and against the same quarter a year before; the figures the portal computes,
    for the whole year and the year before; and a chart of the ratings."""
    year = year_of(start)
    quarters = [Quarter(year, n) for n in (1, 2, 3, 4)]
    indicators = list(
        Indicator.objects.filter(is_active=True).select_related("organisation").order_by("position", "name")
    )
    rows = scorecard.indicator_rows(indicators, quarters[-1])
    found = scorecard.readings(indicators, [Quarter(year - 1, 4), *quarters])
    table = []
    for row in rows:
        readings = [found.get(row.indicator, quarter) for quarter in quarters]
        values = [r.value if r else None for r in readings]
        present = [v for v in values if v is not None]
        a_year_before = found.get(row.indicator, Quarter(year - 1, 4))
        trend = rag.movement(present[-1], present[0], row.indicator.polarity) if len(present) > 1 else None
        table.append(
            {
                "row": row,
                "values": [row.indicator.show(v) if v is not None else "–" for v in values],
                "trend": trend.verdict.capitalize() if trend else "–",
                "a_year_before": row.indicator.show(a_year_before.value) if a_year_before else "–",
            }
        )
    counts = scorecard.rating_counts(rows)
    labels = (("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("unrated", "Not rated or no value"))
    chart = bar_chart([(label, counts[key]) for key, label in labels], colours=["red", "amber", "green", "grey"])
    return {
        "quarters": quarters,
        "rows": table,
        "counts": counts,
        "rating_rows": [(label, counts[key]) for key, label in labels],
        "chart": chart,
        "computed": computed_for_year(start, end),
        "has_content": any(r.latest is not None for r in rows),
    }


def _scorecard_rows_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "indicator": entry["row"].indicator.name,
            "values": entry["values"],
            "rating": entry["row"].rating_label,
            "trend": entry["trend"],
            "a_year_before": entry["a_year_before"],
        }
        for entry in rows
    ]


def scorecard_year_data(context: dict[str, Any]) -> dict[str, Any]:
    """What a frozen version keeps of the scorecard: names and values as printed."""
    return {
        "rows": _scorecard_rows_data(context["rows"]),
        "counts": context["counts"],
        "computed": context["computed"],
    }


def not_progressed_data(context: dict[str, Any]) -> dict[str, Any]:
    return {
        "priorities": [
            {"priority": e["priority"].title, "done": e["done"], "total": e["total"], "overdue": e["overdue"]}
            for e in context["priorities"]
        ],
        "indicators": _scorecard_rows_data(context["indicators"]),
    }


def computed_for_year(start: date, end: date) -> list[dict[str, Any]]:
    """Each figure the portal computes (rapid reviews on time, the Section 11 return rate...)
    worked out for the whole year and for the year before."""
    periods = [(start, end), (start.replace(year=start.year - 1), end.replace(year=end.year - 1))]
    figures = assurance.figures()
    values = computed.values(figures, periods)
    rows = []
    for figure in figures:
        shown = [_show_figure(figure, values[(figure.key, period)]) for period in periods]
        rows.append({"label": figure.label, "year": shown[0], "year_before": shown[1]})
    return rows


def _show_figure(figure: assurance.ComputedFigure, value: Decimal | None) -> str:
    if value is None:
        return "None to measure"
    if figure.unit == "percent":
        return f"{value:,.1f}%"  # as the figure is computed: to one decimal place
    number = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return f"{number} days" if figure.unit == "days" else number


def not_progressed(start: date, end: date) -> dict[str, Any]:
    """Where there was little or no progress: priorities with under half their actions done by
    the year's end or with actions overdue, and indicators red at the end of the year or worse
    than at its start."""
    progress = priorities(start, end)
    stalled = [
        e for e in progress["priorities"] if e["total"] and (e["overdue"] or (e["percent"] or 0) < STALLED_PERCENT)
    ]
    year = scorecard_year(start, end)
    slipping = [entry for entry in year["rows"] if entry["row"].rating == rag.RED or entry["trend"] == "Worse"]
    return {"priorities": stalled, "indicators": slipping, "has_content": bool(stalled or slipping)}


class ShareShown(TypedDict):
    share: int  # per cent of the year's total


def funding(start: date, end: date) -> dict[str, Any]:
    """Each partner's contribution to the year's budget, and its share."""
    year = year_of(start)
    rows = cast(
        "list[WithAnnotations[BudgetContribution, ShareShown]]",
        list(
            BudgetContribution.objects.filter(financial_year=year)
            .select_related("organisation")
            .order_by("-cash_amount")
        ),
    )
    total = sum((row.total for row in rows), start=0)
    for row in rows:
        row.share = round(100 * row.total / total) if total else 0
    return {"rows": rows, "total": total, "year_label": year_label(year), "has_content": bool(rows)}


def publication_problems(report: YearlyReport, *, published_on: date, early_reason: str = "") -> list[str]:
    """Why the version awaiting sign-off cannot be published on that day (none: it can)."""
    current = report.current_version
    if not report.is_awaiting_sign_off or current is None:
        return ["Submit the report for sign-off first: only a version every partner has signed off can be published"]
    problems = []
    partners = list(Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).order_by("name"))
    if not partners:
        problems.append("The directory lists no safeguarding partners to sign the report off")
    signed = set(current.sign_offs.filter(content_hash=current.content_hash).values_list("organisation_id", flat=True))
    missing = [str(p) for p in partners if p.pk not in signed]
    if missing:
        problems.append(
            f"Every safeguarding partner must sign off version {current.number} before it is published: "
            "still needed from " + ", ".join(missing)
        )
    gaps = [
        item["title"] for item in current.content["checklist"] if not item["met"] and not item["explanation"].strip()
    ]
    if gaps:
        problems.append(
            "The report does not cover everything Working Together 2023 asks for, and does not say why: "
            + "; ".join(gaps)
            + ". Explain each gap (the explanation is printed in the report) and submit it for sign-off again"
        )
    if published_on > calendar.today():
        problems.append("The publication date cannot be in the future")
    last_signed = current.sign_offs.aggregate(last=Max("signed_at"))["last"]
    if last_signed is not None and published_on < timezone.localdate(last_signed):
        signed_on = timezone.localdate(last_signed)
        problems.append(
            f"The publication date cannot be before the last partner signed it off, on {signed_on:%-d %B %Y}"
        )
    start, end = report.period
    if published_on < start:
        problems.append(f"The publication date must be after the start of {report.year_label}")
    elif published_on <= end and not early_reason.strip():
        problems.append(
            f"The reporting year ends on {end:%-d %B %Y}: give the reason for publishing the report before it ends"
        )
    return problems
