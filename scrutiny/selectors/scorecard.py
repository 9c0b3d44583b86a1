"""Permission-scoped reads of the scorecard. Typed values come in one query for all the
indicators shown; computed ones are worked out by their core.assurance figure, and there is at
most one indicator per figure, so a page's queries do not grow with the data."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.template.defaultfilters import floatformat

from core import assurance, calendar, kept
from partnership.models import Organisation, User

from .. import computed, rag
from .. import permissions_reporting as permissions
from ..models import Indicator, IndicatorValue
from ..periods import Quarter

# How far back the overview looks for an indicator's latest and previous values: enough for
# an annual indicator (reported in quarter 4) to have two.
LOOKBACK = 9
CHART_QUARTERS = 12


@dataclass
class Reading:
    """An indicator's value for one quarter: typed, computed, or missing."""

    quarter: Quarter
    value: Decimal | None = None
    comment: str = ""
    entered_by: str = ""
    record_id: int | None = None  # the typed IndicatorValue's
    computed: bool = False
    rating: str | None = None
    movement: rag.Movement | None = None
    shown: str = "No value"

    @property
    def rating_label(self) -> str:
        return rag.LABELS.get(self.rating or "", "Not rated")

    @property
    def rating_colour(self) -> str:
        return rag.TAG_COLOURS.get(self.rating or "", "grey")


@dataclass
class ScorecardRow:
    indicator: Indicator
    latest: Reading | None
    previous: Reading | None
    rating: str | None = None
    movement: rag.Movement | None = None
    exception: bool = False
    quarter: Quarter | None = None

    @property
    def rating_label(self) -> str:
        return rag.LABELS.get(self.rating or "", "Not rated")

    @property
    def rating_colour(self) -> str:
        return rag.TAG_COLOURS.get(self.rating or "", "grey")

    @property
    def is_late(self) -> bool:
        """The latest value is from before the quarter shown (or there is none yet)."""
        return self.latest is None or (self.quarter is not None and self.latest.quarter != self.quarter)

    @property
    def shown(self) -> str:
        return self.indicator.show(self.latest.value if self.latest else None)

    @property
    def previous_shown(self) -> str:
        return self.indicator.show(self.previous.value if self.previous else None)

    # What a table row shows, each worked out in one place: a long table's cost is in the
    # template's lookups, so each cell looks up one thing.
    @property
    def url(self) -> str:
        return self.indicator.get_absolute_url()

    @property
    def source(self) -> str:
        computed = ", computed by the portal" if self.indicator.is_computed else ""
        return f"{self.indicator.organisation}{computed}"

    @property
    def organisation_name(self) -> str:
        return str(self.indicator.organisation)

    @property
    def latest_label(self) -> str:
        return self.latest.quarter.label if self.latest is not None else ""

    @property
    def comment(self) -> str:
        return self.latest.comment if self.latest is not None else ""

    @property
    def late_label(self) -> str:
        """The quarter of the latest value, when it is not the quarter shown."""
        return self.latest.quarter.label if self.latest is not None and self.is_late else ""

    @property
    def previous_text(self) -> str:
        return f"from {self.previous_shown} ({self.previous.quarter.label})" if self.previous else ""

    @property
    def target_shown(self) -> str:
        return "None" if self.indicator.target is None else floatformat(self.indicator.target, "-2")


@dataclass
class Readings:
    by_indicator: dict[int, dict[Quarter, Reading]] = field(default_factory=lambda: defaultdict(dict))
    _newest_first: dict[int, list[tuple[tuple[int, int], Reading]]] = field(default_factory=dict)

    def get(self, indicator: Indicator, quarter: Quarter) -> Reading | None:
        return self.by_indicator[indicator.pk].get(quarter)

    def latest_two(self, indicator: Indicator, first: Quarter, last: Quarter) -> tuple[Reading | None, Reading | None]:
        """The indicator's newest reading from `first` to `last` and the one before it."""
        own = self._newest_first.get(indicator.pk)
        if own is None:
            # Sorted once, with plain tuples: the dashboard asks for six quarters of each indicator.
            readings = self.by_indicator.get(indicator.pk, {})
            own = sorted((((q.year, q.quarter), r) for q, r in readings.items()), key=lambda kr: kr[0], reverse=True)
            self._newest_first[indicator.pk] = own
        low, high = (first.year, first.quarter), (last.year, last.quarter)
        found: list[Reading] = []
        for key, reading in own:
            if key < low or len(found) == 2:
                break
            if key <= high:
                found.append(reading)
        return (found[0] if found else None), (found[1] if len(found) > 1 else None)


def readings(
    indicators: Sequence[Indicator], quarters: list[Quarter], *, newest: int | None = None, entered_by: bool = False
) -> Readings:
    """The values of these indicators in these quarters: one query for the typed ones (only
    each indicator's `newest` values, if given; with who entered each, if asked); the computed
    ones kept from an earlier request, or worked out once per figure and quarter."""
    found = Readings()
    if not indicators or not quarters:
        return found
    # Each row's quarter looked up by its numbers: a Quarter made and hashed per value was a
    # third of the time of a dashboard's thousand values.
    wanted = {(q.year, q.quarter): q for q in quarters}
    typed = [i.pk for i in indicators if not i.is_computed]
    first, last = min(quarters), max(quarters)
    rows = (
        IndicatorValue.objects.filter(indicator_id__in=typed)
        .filter(Q(year__gt=first.year) | Q(year=first.year, quarter__gte=first.quarter))
        .filter(Q(year__lt=last.year) | Q(year=last.year, quarter__lte=last.quarter))
        .order_by()
    )
    if newest is not None:
        rows = rows.annotate(
            rank=Window(RowNumber(), partition_by=F("indicator_id"), order_by=(F("year").desc(), F("quarter").desc()))
        ).filter(rank__lte=newest)
    # Who entered a value is asked only for one indicator's page: joining every value to its
    # person is most of the cost of a whole scorecard.
    fields = ("pk", "indicator_id", "year", "quarter", "value", "comment")
    listed = rows.values_list(*fields, "entered_by__name") if entered_by else rows.values_list(*fields, Value(""))
    values_of_typed: Iterable[tuple[int, int, int, int, Decimal, str, str]] = listed if typed else []
    by_indicator = found.by_indicator
    for pk, indicator_id, year, number, value, comment, name in values_of_typed:
        quarter = wanted.get((year, number))
        if quarter is not None:
            by_indicator[indicator_id][quarter] = Reading(
                quarter=quarter, value=value, comment=comment, entered_by=name, record_id=pk
            )
    today = calendar.today()
    figure_of = {i.pk: assurance.figure(i.computed_key) for i in indicators if i.is_computed}
    figures = {pk: figure for pk, figure in figure_of.items() if figure is not None}
    begun = [q for q in quarters if q.start <= today]
    values = computed.values({f.key: f for f in figures.values()}.values(), [(q.start, q.end) for q in begun])
    for pk, figure in figures.items():
        for quarter in begun:
            worked_out = values[(figure.key, (quarter.start, quarter.end))]
            if worked_out is not None:
                found.by_indicator[pk][quarter] = Reading(
                    quarter=quarter, value=Decimal(worked_out).quantize(Decimal("0.01")), computed=True
                )
    return found


def _rate(indicator: Indicator, latest: Reading | None, previous: Reading | None) -> None:
    if latest is None:
        return
    latest.shown = indicator.show(latest.value)
    latest.rating = indicator.rating(latest.value)
    latest.movement = rag.movement(latest.value, previous.value if previous else None, indicator.polarity)


def _visible_indicators(user: User, *conditions: Q) -> list[Indicator]:
    # Whoever may see the scorecard sees every active indicator (permissions.indicators_visible_to).
    return _active_indicators(*conditions) if permissions.can_view_scorecard(user) else []


def _rows(indicators: Sequence[Indicator], quarter: Quarter, found: Readings) -> list[ScorecardRow]:
    first = quarter.back(LOOKBACK)[0]
    rows = []
    for indicator in indicators:
        latest, previous = found.latest_two(indicator, first, quarter)
        _rate(indicator, latest, previous)
        row = ScorecardRow(indicator=indicator, latest=latest, previous=previous, quarter=quarter)
        if latest is not None:
            row.rating, row.movement = latest.rating, latest.movement
            row.exception = rag.is_exception(row.rating, row.movement)
        rows.append(row)
    return rows


def scorecard(user: User, quarter: Quarter) -> list[ScorecardRow]:
    """Each indicator the person may see with its latest value up to `quarter`, its rating,
    its movement since the value before, and whether it is an exception.

    Everyone who may see the scorecard sees every active indicator, so the rows are the
    partnership's, the same for each reader: worked out once and kept (core.kept) until an
    indicator, a value, an organisation or a record a computed figure is worked out from
    changes, or the day does."""
    if not permissions.can_view_scorecard(user):
        return []
    return kept.kept(
        f"scrutiny:scorecard:{quarter.year}:{quarter.quarter}",
        scorecard_sources(),
        lambda: indicator_rows(_active_indicators(), quarter),
    )


def _active_indicators(*conditions: Q) -> list[Indicator]:
    return list(
        Indicator.objects.filter(*conditions, is_active=True)
        .select_related("organisation")
        .order_by("position", "name")
    )


def scorecard_sources() -> list[type[Indicator] | type[IndicatorValue] | type[Organisation] | str]:
    """What the scorecard's rows are worked out from: the indicators, their values, their
    organisations, and each computed figure's records (any change at all, if a figure names
    none)."""
    figures = assurance.figures()
    if any(not figure.sources for figure in figures):
        return [kept.EVERYTHING]
    return [
        Indicator,
        IndicatorValue,
        Organisation,
        *sorted({source for figure in figures for source in figure.sources}),
    ]


def indicator_rows(indicators: list[Indicator], quarter: Quarter) -> list[ScorecardRow]:
    """The scorecard's rows for these indicators, whoever reads them (the yearly report shows
    every active one)."""
    # A row shows the latest value and the one before: two typed values per indicator will do.
    return _rows(indicators, quarter, readings(indicators, quarter.back(LOOKBACK), newest=2))


RATED = Q(target__isnull=False) | Q(amber_threshold__isnull=False, red_threshold__isnull=False)


def scorecards(
    user: User, quarters: list[Quarter], indicators: Sequence[Indicator] | None = None
) -> dict[Quarter, list[ScorecardRow]]:
    """The rated indicators' rows of the scorecard as it stood at each of these quarters
    (oldest first), from one reading of the values: for the dashboard's trend of exceptions
    (an indicator with no target and no thresholds is never one). The newest quarter's rows
    are worked out last, so the readings they share carry that quarter's ratings. The rated
    indicators are read here unless the caller has them (rated_indicators_and_latest_quarter)."""
    if indicators is None:
        indicators = _visible_indicators(user, RATED)
    window = sorted({q for quarter in quarters for q in quarter.back(LOOKBACK)})
    found = readings(indicators, window)
    return {quarter: _rows(indicators, quarter, found) for quarter in sorted(quarters)}


def _newest_values(user: User, today: date) -> QuerySet[IndicatorValue]:
    current = Quarter.of(today)
    return (
        IndicatorValue.objects.filter(indicator__in=permissions.indicators_visible_to(user).filter(is_active=True))
        .filter(Q(year__lt=current.year) | Q(year=current.year, quarter__lte=current.quarter))
        .order_by("-year", "-quarter")
    )


def latest_quarter_with_values(user: User, today: date) -> Quarter:
    """The newest quarter, up to the one under way, for which a value has been typed for an
    indicator the person sees: a value just entered shows at once, even for the quarter
    under way. The quarter last ended when nothing has been typed yet."""
    latest = _newest_values(user, today).values_list("year", "quarter").first()
    return Quarter(*latest) if latest else Quarter.last_complete(today)


def rated_indicators_and_latest_quarter(user: User, today: date) -> tuple[Sequence[Indicator], Quarter]:
    """The rated indicators the person sees (for scorecards) and latest_quarter_with_values,
    in one query: the latest quarter rides on every row as a subquery worked out once. With no
    rated indicator, the latest quarter costs a query of its own."""
    # The year and quarter as one number (20253 for Q3 2025-26): one subquery to build, not two.
    newest = _newest_values(user, today).values(key=F("year") * 10 + F("quarter"))
    indicators = list(
        permissions.indicators_visible_to(user)
        .filter(RATED, is_active=True)
        .annotate(_latest=Subquery(newest[:1]))
        .select_related("organisation")
        .order_by("position", "name")
    )
    if not indicators:
        return indicators, latest_quarter_with_values(user, today)
    latest = indicators[0]._latest
    if latest is None:
        return indicators, Quarter.last_complete(today)
    return indicators, Quarter(*divmod(latest, 10))


def exception_rows(rows: list[ScorecardRow]) -> list[ScorecardRow]:
    """The exceptions among the rows, red first."""
    found = [row for row in rows if row.exception]
    return sorted(found, key=lambda r: (rag.worst_first(r.rating), r.indicator.position, r.indicator.name))


def exceptions(user: User, quarter: Quarter) -> list[ScorecardRow]:
    return exception_rows(scorecard(user, quarter))


def rating_counts(rows: list[ScorecardRow]) -> dict[str, int]:
    counts = {rag.RED: 0, rag.AMBER: 0, rag.GREEN: 0, "unrated": 0}
    for row in rows:
        counts[row.rating or "unrated"] += 1
    return counts


def indicator_get_for_user(user: User, pk: int) -> Indicator:
    indicator = permissions.indicators_visible_to(user).select_related("organisation", "priority").filter(pk=pk).first()
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def indicator_series(indicator: Indicator, last: Quarter, count: int = CHART_QUARTERS) -> list[Reading]:
    """The indicator's readings for `count` quarters up to `last`, oldest first, a missing
    quarter as a reading with no value; each rated and compared with the value before it."""
    quarters = last.back(count)
    found = readings([indicator], quarters, entered_by=True)
    series, previous = [], None
    for quarter in quarters:
        reading = found.get(indicator, quarter) or Reading(quarter=quarter)
        if reading.value is not None:
            _rate(indicator, reading, previous)
            previous = reading
        series.append(reading)
    return series


def value_get_for_user(user: User, pk: int) -> IndicatorValue:
    row = (
        IndicatorValue.objects.filter(pk=pk, indicator__in=permissions.indicators_visible_to(user))
        .select_related("indicator")
        .first()
    )
    if row is None:
        raise Http404("No such value")
    return row


@dataclass
class EntryRow:
    indicator: Indicator
    existing: IndicatorValue | None

    @property
    def saved(self) -> str:
        return self.indicator.show(self.existing.value) if self.existing else ""


def entry_rows(user: User, quarter: Quarter) -> list[EntryRow]:
    """The indicators the person enters values for that are due in the quarter, with what is
    already recorded."""
    indicators = [
        i
        for i in permissions.indicators_enterable_by(user)
        .select_related("organisation")
        .order_by("organisation__name", "position", "name")
        if i.is_due_in(quarter)
    ]
    existing = {
        row.indicator_id: row
        for row in IndicatorValue.objects.filter(
            indicator_id__in=[i.pk for i in indicators], year=quarter.year, quarter=quarter.quarter
        )
    }
    return [EntryRow(indicator=i, existing=existing.get(i.pk)) for i in indicators]


def quarters_open_for_entry(today: date, count: int = 8) -> list[Quarter]:
    """The quarter under way and the ones before it, newest first."""
    return list(reversed(Quarter.of(today).back(count)))


def missing_values(user: User, quarter: Quarter) -> list[Indicator]:
    """The person's indicators due in the quarter that have no value yet (for My work): the
    indicators of entry_rows with no existing value, in one query."""
    recorded = IndicatorValue.objects.filter(indicator_id=OuterRef("pk"), year=quarter.year, quarter=quarter.quarter)
    return [
        i
        for i in permissions.indicators_enterable_by(user)
        .filter(~Exists(recorded))
        .select_related("organisation")
        .order_by("organisation__name", "position", "name")
        if i.is_due_in(quarter)
    ]


def export_rows(user: User, last: Quarter, count: int = CHART_QUARTERS) -> list[tuple[Indicator, Reading]]:
    """Every visible indicator's readings over `count` quarters, for the spreadsheet export."""
    indicators = list(
        permissions.indicators_visible_to(user).select_related("organisation").order_by("position", "name")
    )
    quarters = last.back(count)
    found = readings(indicators, quarters)
    rows = []
    for indicator in indicators:
        for quarter in quarters:
            reading = found.get(indicator, quarter)
            if reading is not None:
                reading.rating = indicator.rating(reading.value)
                rows.append((indicator, reading))
    return rows


def values_in_quarter(indicator_ids: list[int], period: Quarter) -> dict[int, Decimal]:
    """{indicator id: value} entered for the quarter."""
    return dict(
        IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids, year=period.year, quarter=period.quarter
        ).values_list("indicator_id", "value")
    )
