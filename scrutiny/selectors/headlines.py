"""The executive dashboard's headline figures: the four an executive decides on, each with
its target, its trend over the last quarters (drawn as a sparkline) and those numbers as a
table. Every figure is worked out in a fixed number of queries whatever the data size: one
aggregate per figure, or one per quarter of the trend.

The targets are the partnership's (settings.PORTAL_EXECUTIVE_TARGETS): statutory deadlines are
the law's, so their target is all of them met; no action overdue; no scorecard exception; and
no more escalated risks than the Executive's risk appetite allows."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import cast
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncQuarter
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from core import assurance, calendar, charts
from core.models import Deadline
from core.services import refuse
from partnership.models import User
from subgroups.models import Risk

from .. import computed
from ..figures import OVERDUE_ACTIONS
from ..periods import Quarter
from . import scorecard
from .scorecard import ScorecardRow

TREND_QUARTERS = 6
# Kept for the request only: it goes when the request does.
_exceptions_for_request: WeakKeyDictionary[HttpRequest, dict[Quarter, list[ScorecardRow]]] = WeakKeyDictionary()
DEFAULT_TARGETS = {"deadlines_met": 100, "overdue_actions": 0, "escalated_risks": 5, "scorecard_exceptions": 0}


def targets() -> dict[str, int]:
    return {**DEFAULT_TARGETS, **getattr(settings, "PORTAL_EXECUTIVE_TARGETS", {})}


@dataclass
class Headline:
    key: str
    title: str
    value: Decimal | int | None
    unit: str  # "%" or ""
    target: int
    higher_is_better: bool
    period: str  # what the value is for: "now", "Q3 2026-27 so far"
    href: str
    link_text: str
    series: list[tuple[str, Decimal | float | int | None]] = field(default_factory=list)
    chart: charts.Sparkline | None = None

    @property
    def shown(self) -> str:
        return "No figure" if self.value is None else f"{charts.shown_number(self.value)}{self.unit}"

    @property
    def target_text(self) -> str:
        if self.unit == "%":
            return f"{self.target}%" if self.target >= 100 else f"at least {self.target}%"
        return f"{self.target}" if self.target == 0 else f"no more than {self.target}"

    @property
    def on_target(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    @property
    def rows(self) -> list[tuple[str, str]]:
        return [(label, self._show(value)) for label, value in self.series]

    def _show(self, value: Decimal | float | int | None) -> str:
        return "No figure" if value is None else f"{charts.shown_number(value)}{self.unit}"

    @property
    def summary(self) -> str:
        """The sparkline in words, for its accessible description."""
        known = [(label, v) for label, v in self.series if v is not None]
        if not known:
            return "No figures yet."
        first, last = known[0], known[-1]
        return (
            f"From {charts.shown_number(first[1])}{self.unit} in {first[0]} to "
            f"{charts.shown_number(last[1])}{self.unit} in {last[0]}; target {self.target_text}."
        )


def _quarters(today: date) -> list[Quarter]:
    return Quarter.of(today).back(TREND_QUARTERS)


def _label(quarter: Quarter, today: date) -> str:
    return f"{quarter.label} so far" if quarter.start <= today <= quarter.end else quarter.label


def _at(quarter: Quarter, today: date) -> date:
    """The day a quarter's count is taken: its last day, or today for the quarter under way."""
    return min(quarter.end, today)


def deadlines_met(today: date, quarters: list[Quarter]) -> list[Decimal | None]:
    """Of the statutory deadlines that fell due in each quarter (up to today), the share met
    by their due date; cancelled and paused ones are not counted. One query."""
    due = Deadline.objects.filter(rule__is_statutory=True).exclude(
        status__in=(Deadline.Status.CANCELLED, Deadline.Status.PAUSED)
    )
    on_time = Q(status=Deadline.Status.MET, met_at__date__lte=F("due_date"))
    by_quarter = (
        due.filter(due_date__gte=quarters[0].start, due_date__lte=_at(quarters[-1], today))
        # A deadline due today and not yet met is not late yet.
        .filter(Q(status=Deadline.Status.MET) | Q(due_date__lt=today))
        # The partnership's quarters (April to June...) are the calendar's.
        .annotate(start=TruncQuarter("due_date"))
        .values("start")
        .annotate(due=Count("pk"), met=Count("pk", filter=on_time))
        .order_by()
    )
    found = {row["start"]: row for row in by_quarter}
    empty = {"due": 0, "met": 0}
    return [assurance.percent(found.get(q.start, empty)["met"], found.get(q.start, empty)["due"]) for q in quarters]


def escalated_risks(today: date, quarters: list[Quarter], now: int | None = None) -> list[int]:
    """Open risks on the Executive's register at the end of each quarter, from the risks'
    history (the latest recorded state of each risk on that day); now, for the quarter under
    way. One query for the ended quarters' counts together, and one for the count now unless
    the caller has it (the dashboard's list of those risks counts them)."""
    history = Risk.history.model
    counts = {}
    for index, quarter in enumerate(quarters):
        if quarter.end < today:
            end = timezone.make_aware(datetime.combine(quarter.next().start, time.min))
            later = history.objects.filter(
                id=OuterRef("id"), history_date__lt=end, history_id__gt=OuterRef("history_id")
            )
            counts[f"q{index}"] = Count("pk", filter=Q(history_date__lt=end) & ~Q(Exists(later)))
    found = (
        history.objects.filter(escalated=True, status=Risk.Status.OPEN).exclude(history_type="-").aggregate(**counts)
        if counts
        else {}
    )
    if now is None:
        now = Risk.objects.filter(escalated=True, status=Risk.Status.OPEN).count()
    return [found.get(f"q{index}", now) for index in range(len(quarters))]


def overdue_actions_by_quarter(quarters: list[Quarter]) -> list[int]:
    """Actions overdue at the end of each quarter (today, for the quarter under way): the
    scorecard's computed figure, kept until an action or plan changes (scrutiny/computed.py)."""
    # Registered when this app is ready, so it is always there.
    figure = cast(assurance.ComputedFigure, assurance.figure(OVERDUE_ACTIONS))
    found = computed.values([figure], [(q.start, q.end) for q in quarters])
    return [int(found[(OVERDUE_ACTIONS, (q.start, q.end))] or 0) for q in quarters]


def headlines(
    request: HttpRequest, exceptions_by_quarter: dict[Quarter, list[ScorecardRow]], escalated_now: int | None = None
) -> list[Headline]:
    today = calendar.today()
    quarters = _quarters(today)
    labels = [_label(q, today) for q in quarters]
    goals = targets()
    met = deadlines_met(today, quarters)
    overdue = overdue_actions_by_quarter(quarters)
    risks = escalated_risks(today, quarters, escalated_now)
    known_met = [(label, value) for label, value in zip(labels, met, strict=True) if value is not None]
    latest_met = known_met[-1] if known_met else None
    exception_quarters = sorted(exceptions_by_quarter)
    latest_quarter = exception_quarters[-1]
    found = [
        Headline(
            key="deadlines-met",
            title="Statutory deadlines met on time",
            value=latest_met[1] if latest_met else None,
            unit="%",
            target=goals["deadlines_met"],
            higher_is_better=True,
            period=latest_met[0] if latest_met else "no statutory deadline has fallen due",
            href=reverse("core:deadline-list") + "?scope=all&statutory=on",
            link_text="Statutory deadlines",
            series=list(zip(labels, met, strict=True)),
        ),
        Headline(
            key="overdue-actions",
            title="Overdue actions",
            value=overdue[-1],
            unit="",
            target=goals["overdue_actions"],
            higher_is_better=False,
            period="now",
            href="#plans",
            link_text="Overdue actions by organisation",
            series=list(zip(labels, overdue, strict=True)),
        ),
        Headline(
            key="escalated-risks",
            title="Risks escalated to the Executive",
            value=risks[-1],
            unit="",
            target=goals["escalated_risks"],
            higher_is_better=False,
            period="now",
            href=reverse("subgroups:executive-register"),
            link_text="The Executive’s risk register",
            series=list(zip(labels, risks, strict=True)),
        ),
        Headline(
            key="scorecard-exceptions",
            title="Scorecard exceptions",
            value=len(exceptions_by_quarter[latest_quarter]),
            unit="",
            target=goals["scorecard_exceptions"],
            higher_is_better=False,
            period=f"{latest_quarter.label}, the latest quarter with values",
            href=reverse("scrutiny:scorecard-exceptions") + f"?quarter={latest_quarter.slug}",
            link_text=f"Scorecard exceptions for {latest_quarter.label}",
            series=[(q.label, len(exceptions_by_quarter[q])) for q in exception_quarters],
        ),
    ]
    for headline in found:
        headline.chart = charts.sparkline(
            headline.series, target=headline.target, maximum=100 if headline.unit == "%" else None
        )
    return found


def exceptions_by_quarter(request: HttpRequest) -> dict[Quarter, list[ScorecardRow]]:
    """The scorecard's exceptions at the latest quarter with values and the quarters before it,
    worked out once per request (the headline figure and the detail below both use them)."""
    cached = _exceptions_for_request.get(request)
    if cached is None:
        user = request.user
        if not isinstance(user, User):  # the dashboard is for people signed in
            refuse()
        indicators, latest = scorecard.rated_indicators_and_latest_quarter(user, calendar.today())
        by_quarter = scorecard.scorecards(user, latest.back(TREND_QUARTERS), indicators)
        cached = {q: scorecard.exception_rows(rows) for q, rows in by_quarter.items()}
        _exceptions_for_request[request] = cached
    return cached
