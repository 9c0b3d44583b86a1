"""The values of computed scorecard figures (core.assurance), kept once worked out.

A figure is worked out from other apps' records in a query or two per period, and the scorecard,
the dashboard and the yearly report ask for many periods at once: eleven figures over the
dashboard's fourteen quarters would be 150 queries on every request. So a value, once worked
out, is kept in the cache (core.kept) until one of the records the figure names as its sources
is saved or deleted, and only on the day it was worked out (a value can depend on today: an
open deadline becomes late). A figure that names no sources is worked out every time.

The values are the partnership's, the same for everyone: who may see an indicator is decided
before its values are asked for, so no permission rides on what is kept.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.cache import cache

from core import assurance, calendar, kept

Period = tuple[date, date]


def values(
    figures: Iterable[assurance.ComputedFigure], periods: list[Period]
) -> dict[tuple[str, Period], Decimal | None]:
    """Each figure's value for each period (start and end inclusive): kept values where there
    are any (two cache reads in all), the rest worked out and kept."""
    figures = list(figures)
    today = calendar.today()
    tokens = kept.generations({source for figure in figures for source in figure.sources})
    generations = {
        figure.key: ":".join(tokens[source] for source in sorted(figure.sources))
        for figure in figures
        if figure.sources
    }
    keys = {
        (figure.key, period): f"scrutiny:figure:{figure.key}:{generations[figure.key]}:{today}:{period[0]}:{period[1]}"
        for figure in figures
        if figure.key in generations
        for period in periods
    }
    found_kept = cache.get_many(list(keys.values()))
    found, worked_out = {}, {}
    for figure in figures:
        for period in periods:
            key = keys.get((figure.key, period))
            if key in found_kept:
                found[(figure.key, period)] = found_kept[key][0]
                continue
            value = figure.compute(*period)
            found[(figure.key, period)] = value
            if key is not None:
                worked_out[key] = (value,)
    if worked_out:
        cache.set_many(worked_out, timeout=kept.KEEP_SECONDS)
    return found


def value(figure: assurance.ComputedFigure, start: date, end: date) -> Decimal | None:
    return values([figure], [(start, end)])[(figure.key, (start, end))]
