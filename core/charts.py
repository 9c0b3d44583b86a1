"""The geometry of server-rendered charts: a trend line (the scorecard) and horizontal bars
(survey results). Pure functions, no database.

A template draws the SVG from these numbers (so the chart also appears in the WeasyPrint PDF
and works without JavaScript); the same numbers are always shown beside it in a table.
(Moved here from scrutiny so that every app can draw the same charts; scrutiny.charts
re-exports it.)
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LEFT, RIGHT, TOP, BOTTOM = 56, 24, 16, 44


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    text: str


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    second_line: str = ""


@dataclass
class TrendChart:
    width: int
    height: int
    lines: list[str] = field(default_factory=list)  # "x,y x,y ..." per unbroken run of values
    points: list[Point] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    target_y: float | None = None
    left: int = LEFT
    right: float = 0
    top: int = TOP
    bottom: float = 0

    @property
    def has_values(self) -> bool:
        return bool(self.points)


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `ticks`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power: float = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def axis_range(values: list[float]) -> tuple[float, float, float]:
    """(low, high, step) covering the values: from zero when that keeps the line readable."""
    low, high = min(values), max(values)
    if low >= 0 and low <= high / 2:
        low = 0.0
    if high == low:
        high = low + (abs(low) or 1.0)
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def trend_chart(
    series: list[tuple[str, Decimal | None]],
    *,
    target: Decimal | None = None,
    width: int = 640,
    height: int = 260,
    show: Callable[[Decimal], str] = str,
) -> TrendChart:
    """Points for each (label, value) in order, a gap for each missing value, y-axis ticks
    and the target line."""
    chart = TrendChart(width=width, height=height, right=width - RIGHT, bottom=height - BOTTOM)
    known = [float(v) for _, v in series if v is not None]
    if not known:
        return chart
    low, high, step = axis_range(known + ([float(target)] if target is not None else []))
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top

    def y_of(value: float) -> float:
        return round(chart.bottom - (value - low) / (high - low) * plot_h, 1)

    gap = plot_w / max(1, len(series) - 1) if len(series) > 1 else 0
    run: list[str] = []
    for index, (label, value) in enumerate(series):
        x = round(chart.left + (index * gap if len(series) > 1 else plot_w / 2), 1)
        first, _, rest = label.partition(" ")
        chart.x_ticks.append(Tick(x, first, rest))
        if value is None:
            if run:
                chart.lines.append(" ".join(run))
            run = []
            continue
        y = y_of(float(value))
        run.append(f"{x},{y}")
        chart.points.append(Point(x, y, label, show(value)))
    if run:
        chart.lines.append(" ".join(run))
    count = int(round((high - low) / step))
    for index in range(count + 1):
        tick = low + index * step
        chart.y_ticks.append(Tick(y_of(tick), _tick_text(tick, step)))
    if target is not None:
        chart.target_y = y_of(float(target))
    return chart


def _tick_text(value: float, step: float) -> str:
    decimals = 0 if step >= 1 else min(2, max(0, -math.floor(math.log10(step))) + (1 if step * 10 % 1 else 0))
    return f"{value:,.{decimals}f}"


# Horizontal bars ---------------------------------------------------------------------------------

BAR_LABEL_WIDTH, BAR_VALUE_WIDTH, BAR_HEIGHT, BAR_GAP = 220, 72, 20, 14
# GOV.UK colours: blue for a plain bar; red, amber and green for ratings.
COLOURS = {"blue": "#1d70b8", "red": "#d4351c", "amber": "#f47738", "green": "#00703c", "grey": "#b1b4b6"}


@dataclass(frozen=True)
class Bar:
    label: str
    label_lines: tuple[str, ...]
    y: float  # top of the bar
    width: float
    text: str  # the value as people read it, printed at the end of the bar
    previous_x: float | None  # where the earlier value sits on the scale, drawn as a marker
    previous_text: str
    colour: str = COLOURS["blue"]

    # The names the tables beside the charts use.
    @property
    def full_label(self) -> str:
        return self.label

    @property
    def shown(self) -> str:
        return self.text


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    left: int = BAR_LABEL_WIDTH
    right: float = 0
    x_ticks: list[Tick] = field(default_factory=list)
    has_previous: bool = False
    bar_height: int = BAR_HEIGHT
    unit: str = ""

    @property
    def has_values(self) -> bool:
        return bool(self.bars)

    @property
    def axis_y(self) -> float:
        return self.height - 28


def wrap_label(text: str, width: int = 26, lines: int = 2) -> tuple[str, ...]:
    """The label cut into at most `lines` lines of about `width` characters (the last one
    ending in an ellipsis if it had to be cut); the full label is in the table beside it."""
    words, cut, current = (text or "").split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            cut.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        cut.append(current)
    if len(cut) > lines:
        cut = cut[:lines]
        cut[-1] = cut[-1][: width - 1].rstrip() + "…"
    return tuple(cut) or ("",)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float | Decimal) else None


def shown_number(value: Decimal | float) -> str:
    """A figure as people read it: whole numbers without decimals, others to one place."""
    number = float(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"


def bar_chart(
    rows: Sequence[tuple[Any, ...]],
    *,
    maximum: float | None = None,
    width: int = 640,
    unit: str = "",
    show: Callable[[Decimal | float | int], str] | None = None,
    colours: list[str] | None = None,
) -> BarChart:
    """A bar for each (label, value) or (label, value, previous value or None), on one scale
    from zero to `maximum` (100 for percentages) or to a round number above the largest
    value. A missing value draws no bar and reads "none". `unit` ("%") is printed after each
    value and names the scale; `colours` names a COLOURS entry per row (ratings)."""
    show = show or (lambda value: f"{shown_number(value)}{unit}")
    chart = BarChart(width=width, height=0, right=width - BAR_VALUE_WIDTH, unit=unit)
    if not rows:
        return chart
    rows = [(row[0], row[1], row[2] if len(row) > 2 else None) for row in rows]
    values = [n for _, v, p in rows for n in (_number(v), _number(p)) if n is not None]
    top = maximum if maximum is not None else axis_range([0.0, *values])[1]
    top = top or 1.0
    span = chart.right - chart.left
    row_height = BAR_HEIGHT + BAR_GAP + (14 if any(len(wrap_label(label)) > 1 for label, _, _ in rows) else 0)
    for index, (label, value, previous) in enumerate(rows):
        number, earlier = _number(value), _number(previous)
        colour = COLOURS.get(colours[index] if colours and index < len(colours) else "blue", COLOURS["blue"])
        chart.bars.append(
            Bar(
                label=str(label),
                label_lines=wrap_label(str(label)),
                y=BAR_GAP + index * row_height,
                width=0.0 if number is None else round(max(0.0, min(number, top)) / top * span, 1),
                text="none" if number is None else show(value),
                previous_x=None if earlier is None else round(chart.left + earlier / top * span, 1),
                previous_text="" if earlier is None else show(previous),
                colour=colour,
            )
        )
        chart.has_previous = chart.has_previous or earlier is not None
    chart.height = int(BAR_GAP + len(rows) * row_height + 28)
    step = nice_step(top)
    count = int(round(top / step))
    for index in range(count + 1):
        tick = index * step
        if tick > top + 1e-9:
            break
        chart.x_ticks.append(Tick(round(chart.left + tick / top * span, 1), _tick_text(tick, step) + unit))
    return chart


# Sparklines ----------------------------------------------------------------------------------------

SPARK_LEFT, SPARK_RIGHT, SPARK_TOP, SPARK_BOTTOM = 36, 12, 12, 24


@dataclass
class Sparkline:
    """A small trend line for a headline figure: the y-axis always starts at zero (so a small
    change does not look like a big one), a dashed line marks the target, the last value is
    a dot. Drawn at its own size (text at 14 px), never scaled down."""

    width: int
    height: int
    lines: list[str] = field(default_factory=list)
    last: Point | None = None
    top_text: str = "0"
    target_y: float | None = None
    first_label: str = ""
    last_label: str = ""
    left: int = SPARK_LEFT
    right: float = 0
    top: int = SPARK_TOP
    bottom: float = 0

    @property
    def has_values(self) -> bool:
        return self.last is not None


def sparkline(
    series: list[tuple[str, Decimal | float | int | None]],
    *,
    target: Decimal | float | int | None = None,
    maximum: float | None = None,
    width: int = 220,
    height: int = 84,
) -> Sparkline:
    """The line through (label, value) pairs in order, from zero to `maximum` (100 for a
    percentage) or a round number above the largest value and the target; a missing value
    breaks the line. Only values of zero or more are drawn (the figures it shows are counts
    and percentages)."""
    chart = Sparkline(width=width, height=height, right=width - SPARK_RIGHT, bottom=height - SPARK_BOTTOM)
    if not series:
        return chart
    chart.first_label, chart.last_label = series[0][0], series[-1][0]
    known = [max(0.0, float(v)) for _, v in series if v is not None]
    if not known:
        return chart
    scale = [*known, float(target)] if target is not None else known
    top = float(maximum) if maximum is not None else axis_range([0.0, *scale])[1]
    top = top or 1.0
    chart.top_text = _tick_text(top, nice_step(top))
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top

    def y_of(value: float) -> float:
        return round(chart.bottom - min(max(0.0, value), top) / top * plot_h, 1)

    gap = plot_w / (len(series) - 1) if len(series) > 1 else 0
    run: list[str] = []
    for index, (label, value) in enumerate(series):
        x = round(chart.left + (index * gap if len(series) > 1 else plot_w / 2), 1)
        if value is None:
            if run:
                chart.lines.append(" ".join(run))
            run = []
            continue
        y = y_of(float(value))
        run.append(f"{x},{y}")
        chart.last = Point(x, y, label, shown_number(value))
    if run:
        chart.lines.append(" ".join(run))
    if target is not None:
        chart.target_y = y_of(float(target))
    return chart
