"""The geometry of a server-rendered bar chart. Pure functions, no database.

A template (`charts/bars.html`) draws the SVG from these numbers, so the chart appears the
same on a page, in a WeasyPrint PDF and without JavaScript; the same figures are always in a
table beside it (the chart has a title and a summary for screen readers, and the table is the
accessible alternative). Any app may use it: the yearly report's sections do.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# GOV.UK colours: blue for a plain bar; red, amber and green for ratings.
COLOURS = {"blue": "#1d70b8", "red": "#d4351c", "amber": "#f47738", "green": "#00703c", "grey": "#b1b4b6"}
LABEL_WIDTH, VALUE_WIDTH, BAR_HEIGHT, GAP, TOP = 180, 56, 20, 10, 6


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit beside the bar
    full_label: str
    value: float
    shown: str  # the value as people read it, printed at the end of the bar
    y: float
    width: float
    colour: str
    label_x: float = LABEL_WIDTH - 6
    value_x: float = LABEL_WIDTH + 5


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def has_values(self) -> bool:
        return any(bar.value for bar in self.bars)


def _number(value) -> float:
    if value is None:
        return 0.0
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def bar_chart(
    rows: list[tuple[str, object]],
    *,
    maximum: float | None = None,
    unit: str = "",
    colours: list[str] | None = None,
    width: int = 420,
) -> BarChart:
    """Horizontal bars for (label, value) rows, scaled to `maximum` (the largest value by
    default; 100 for percentages). A missing value draws no bar and reads "none"."""
    values = [_number(value) for _, value in rows]
    top = maximum if maximum is not None else max(values, default=0.0)
    span = width - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, ((label, value), number) in enumerate(zip(rows, values, strict=True)):
        colour = COLOURS.get((colours or [])[index] if colours and index < len(colours) else "blue", COLOURS["blue"])
        shown = "none" if value is None else f"{_shown(number)}{unit}"
        bar_width = round(span * min(number, top) / top, 1) if top > 0 else 0.0
        bars.append(
            Bar(
                label=_short(str(label)),
                full_label=str(label),
                value=number,
                shown=shown,
                y=TOP + index * (BAR_HEIGHT + GAP),
                width=bar_width,
                colour=colour,
                value_x=LABEL_WIDTH + bar_width + 5,
            )
        )
    height = TOP * 2 + len(rows) * (BAR_HEIGHT + GAP)
    return BarChart(width=width, height=height, bars=bars)


def _shown(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"


def _short(label: str, limit: int = 28) -> str:
    """A label that fits beside its bar (the table beside the chart has it in full)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
