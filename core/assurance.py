"""What each app tells the assurance layer, without the assurance layer importing it.

`scrutiny` builds the scorecard, the executive dashboard and the yearly report, but it may not
import `reviews` or `audits` (they sit beside it). Instead those apps register here, in their
AppConfig.ready():

- a **computed figure**: a scorecard value the portal already knows (rapid reviews within 15
  working days, the Section 11 return rate...), worked out for a period instead of typed;
- a **dashboard section**: a block on the executive dashboard, a template plus a function that
  returns its context for the request (or None when it has nothing to show this member);
- a **report section**: a part of the yearly report compiled from the data for a reporting
  year, with the Working Together requirement it answers (the report's checklist). When the
  report goes for sign-off its content is frozen: each section's rendered text and its data
  (`freeze(context)`, by default `plain(context)`: the context as JSON-safe values) are kept
  in the signed version, so later changes to the data never change what was signed. A
  section whose key is one of the report's written sections ("training", "voice",
  "not_progressed", ...) is printed under that section's narrative, with its heading.

Every context function must run a bounded number of queries whatever the data size: the
dashboard's query count is tested at two data sizes.
"""

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest


@dataclass(frozen=True)
class ComputedFigure:
    key: str
    label: str
    definition: str
    unit: str  # "percent", "number" or "days"
    higher_is_better: bool
    # The value for the period [start, end] (both inclusive), or None when there is nothing to
    # measure (no rapid reviews in the quarter is not 0% on time).
    compute: Callable[[date, date], Decimal | None]
    # The records it is worked out from, as model labels ("training.Booking", an m2m's
    # "training.Session_trainers"): while none of them is saved or deleted, a value worked out
    # today stays right all day, so the scorecard keeps it (scrutiny/computed.py). A figure
    # that names none is worked out afresh every time.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class DashboardSection:
    key: str
    title: str
    template: str
    order: int
    context: Callable[[HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    template: str
    order: int
    # What Working Together 2023 asks the yearly report to contain, which this section answers.
    requirement: str
    # The context for the reporting year [start, end]. The template is rendered with its keys
    # (and the whole context as `section`); the report gives it its heading, so its own
    # headings start at h3. Its HTML is shown on the portal and printed in the PDF: no links
    # to pages the public cannot open, nothing internal or need-to-know.
    context: Callable[[date, date], dict[str, Any]]
    # The data to keep in a frozen version of the report, JSON-safe; None: plain(context).
    freeze: Callable[[dict[str, Any]], object] | None = None

    def frozen_data(self, context: dict[str, Any]) -> object:
        return self.freeze(context) if self.freeze is not None else plain(context)


_figures: dict[str, ComputedFigure] = {}
_dashboard: dict[str, DashboardSection] = {}
_report: dict[str, ReportSection] = {}


def register_figure(figure: ComputedFigure) -> None:
    _figures[figure.key] = figure


def register_dashboard_section(section: DashboardSection) -> None:
    _dashboard[section.key] = section


def register_report_section(section: ReportSection) -> None:
    _report[section.key] = section


class _WouldQuery(Exception):
    pass


def _refuse_queries(*args: object, **kwargs: object) -> None:
    raise _WouldQuery


def _record_text(instance: models.Model) -> str:
    """A record's text, if it can be had without a query (its __str__ may follow a relation:
    freezing a section must not run a query per row); otherwise its model and id."""
    from django.db import connection

    try:
        with connection.execute_wrapper(_refuse_queries):
            return str(instance)
    except _WouldQuery:
        return f"{instance._meta.label} {instance.pk}"


def plain(value: Any, depth: int = 0) -> object:
    """`value` as JSON-safe data: numbers, text, lists and dicts as they are, dates as ISO
    text, decimals as text (exactly), records as their text (without running a query), and
    anything else as its text."""
    if depth > 8:
        return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "_meta") and hasattr(value, "pk"):  # a record
        return _record_text(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item, depth + 1) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
    if isinstance(value, Iterable) and not isinstance(value, bytes):  # lists, tuples, sets, querysets
        return [plain(item, depth + 1) for item in value]
    return str(value)


def percent(part: int, whole: int) -> Decimal | None:
    """A computed figure's percentage, to one decimal place (half up); None when there is
    nothing to count."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures() -> list[ComputedFigure]:
    return sorted(_figures.values(), key=lambda f: f.label)


def figure(key: str) -> ComputedFigure | None:
    return _figures.get(key)


def dashboard_sections_for(request: HttpRequest) -> list[dict[str, Any]]:
    shown = []
    for section in sorted(_dashboard.values(), key=lambda s: s.order):
        context = section.context(request)
        if context is not None:
            shown.append({"key": section.key, "title": section.title, "template": section.template, "context": context})
    return shown


def report_sections() -> list[ReportSection]:
    return sorted(_report.values(), key=lambda s: s.order)
