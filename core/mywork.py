"""Panels on the home page ("My work"), contributed by each app.

A panel is a template and a function that returns its context for a request, or None when
the panel has nothing to say to this user (so an agency lead never sees an empty "plans
awaiting your approval" box).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int
    context: Callable[[object], dict | None]


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request) -> list[dict]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            rendered.append({"template": panel.template, "context": context, "key": panel.key})
    return rendered
