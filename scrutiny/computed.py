"""The values of computed scorecard figures (core.assurance), kept once worked out.

A figure is worked out from other apps' records in a query or two per period, and the scorecard,
the dashboard and the yearly report ask for many periods at once: eleven figures over the
dashboard's fourteen quarters would be 150 queries on every request. So a value, once worked
out, is kept in the cache until one of the records the figure names as its sources is saved or
deleted, and only on the day it was worked out (a value can depend on today: an open deadline
becomes late). Each figure has a generation, a token that a change to one of its sources
replaces (at once, and again when the change commits, so a value worked out from the data
before the commit is not kept); a value is kept under its figure's generation, so a change
leaves the old values unread. A figure that names no sources is worked out every time.

The values are the partnership's, the same for everyone: who may see an indicator is decided
before its values are asked for, so no permission rides on what is kept.
"""

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import assurance, calendar

# A change made without a signal (a queryset's update()) shows within this, whatever the generation.
KEEP_SECONDS = 15 * 60
Period = tuple[date, date]


def _generation_key(figure_key: str) -> str:
    return f"scrutiny:figure-generation:{figure_key}"


def _generations(figures: list[assurance.ComputedFigure]) -> dict[str, str]:
    """Each kept figure's generation; a figure without one (never changed, or forgotten by the
    cache) is given one, so that values kept before it was lost are never read."""
    keys = {figure.key: _generation_key(figure.key) for figure in figures if figure.sources}
    found = cache.get_many(list(keys.values()))
    generations = {}
    for figure_key, key in keys.items():
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key) or uuid.uuid4().hex
        generations[figure_key] = found[key]
    return generations


def values(
    figures: Iterable[assurance.ComputedFigure], periods: list[Period]
) -> dict[tuple[str, Period], Decimal | None]:
    """Each figure's value for each period (start and end inclusive): kept values where there
    are any (two cache reads in all), the rest worked out and kept."""
    figures = list(figures)
    today = calendar.today()
    generations = _generations(figures)
    keys = {
        (figure.key, period): f"scrutiny:figure:{figure.key}:{generations[figure.key]}:{today}:{period[0]}:{period[1]}"
        for figure in figures
        if figure.key in generations
        for period in periods
    }
    kept = cache.get_many(list(keys.values()))
    found, worked_out = {}, {}
    for figure in figures:
        for period in periods:
            key = keys.get((figure.key, period))
            if key in kept:
                found[(figure.key, period)] = kept[key][0]
                continue
            value = figure.compute(*period)
            found[(figure.key, period)] = value
            if key is not None:
                worked_out[key] = (value,)
    if worked_out:
        cache.set_many(worked_out, timeout=KEEP_SECONDS)
    return found


def value(figure: assurance.ComputedFigure, start: date, end: date) -> Decimal | None:
    return values([figure], [(start, end)])[(figure.key, (start, end))]


def _figures_from(label: str) -> list[str]:
    return [figure.key for figure in assurance.figures() if label in figure.sources]


def _forget(figure_keys: list[str]) -> None:
    cache.set_many({_generation_key(key): uuid.uuid4().hex for key in figure_keys}, timeout=None)


def source_changed(sender, action: str = "post_", **kwargs) -> None:
    """A record was saved or deleted (or a many-to-many link changed): forget the values of the
    figures worked out from its kind."""
    if not action.startswith("post_"):
        return
    figure_keys = _figures_from(sender._meta.label)
    if figure_keys:
        _forget(figure_keys)
        transaction.on_commit(lambda: _forget(figure_keys))


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(source_changed, dispatch_uid=f"scrutiny-computed-figures-{name}")
