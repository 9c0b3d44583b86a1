"""Panels on the home page ("My work"), contributed by each app.

A panel is a template and a function that returns its context for a request, or None when
the panel has nothing to say to this user (so an agency lead never sees an empty "plans
awaiting your approval" box).

What waits for someone is shown as counts, each linking to the page that lists those things,
rather than as lists: a panel puts `Tally` lines in its context (under "tallies"), and every
tally of every panel is counted in one query. A panel whose tallies are all zero is left out,
unless its context says `"always": True`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int
    context: Callable[[HttpRequest], dict[str, Any] | None]


@dataclass
class Tally:
    """One line of a panel: how many of something wait for the reader, and the page that
    lists them (one its reader can open). `one` and `many` name the thing ("return to
    moderate", "returns to moderate"); `count` is filled in by panels_for(). Where no page
    lists them, `url` is empty and `shown` asks for the first few rows instead, fetched only
    when there are some, and listed by `row_template` (given `rows`)."""

    one: str
    many: str
    queryset: QuerySet[Any]
    url: str = ""
    shown: int = 0
    row_template: str = ""
    count: int = 0
    rows: list[Any] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.one if self.count == 1 else self.many


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    built: list[dict[str, Any]] = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            built.append({"template": panel.template, "context": context, "key": panel.key})
    tallies = [tally for panel in built for tally in panel["context"].get("tallies", ())]
    count_all(tallies)
    for tally in tallies:
        if tally.shown and tally.count:
            tally.rows = list(tally.queryset[: tally.shown])
    rendered = []
    for built_panel in built:
        context = built_panel["context"]
        if "tallies" in context:
            context["tallies"] = [tally for tally in context["tallies"] if tally.count]
            if not context["tallies"] and not context.get("always"):
                continue
        rendered.append(built_panel)
    return rendered


def count_all(tallies: list[Tally]) -> None:
    """Count every tally in one query: SELECT (SELECT COUNT(*) FROM (...)), (SELECT ...), ..."""
    columns: list[str] = []
    params: list[Any] = []
    counted: list[Tally] = []
    for tally in tallies:
        queryset = tally.queryset.order_by().values("pk")
        try:
            sql, sql_params = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:  # e.g. filter(pk__in=[]): nothing to count
            tally.count = 0
            continue
        # The SQL is Django's own compilation of the queryset, its values passed as parameters.
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) AS tally_{len(columns)})")  # noqa: S608  # nosec B608
        params.extend(sql_params)
        counted.append(tally)
    if not counted:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    for tally, count in zip(counted, row, strict=True):
        tally.count = count
