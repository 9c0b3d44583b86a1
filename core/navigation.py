"""The portal's navigation, assembled from what each app registers in its ready().

core imports no app, so apps announce their own entries; each says who may see it with the
same permission helper its views use. Entries belong to a handful of sections shaped by what
people do (the GOV.UK service navigation's top row); the current section's entries show as a
second row under it. Each person sees only the sections and entries they can use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from . import addresses

if TYPE_CHECKING:
    from .roles import AnyUser


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    order: int


# The top row. A section shows when its reader may use at least one of its entries, and leads
# to the first of them.
SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section("work", "My work", 10),
        Section("meetings", "Meetings", 20),
        Section("reviews", "Reviews", 30),
        Section("audits", "Audits", 40),
        Section("assurance", "Assurance", 50),
        Section("training", "Training", 60),
        Section("listening", "Listening", 70),
        Section("policies", "Policies", 80),
        Section("partnership", "Partnership", 90),
    )
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable[[AnyUser], bool]
    # URL namespaces (or "namespace:url-name" prefixes) under which this item is current.
    sections: tuple[str, ...] = ()
    badge: Callable[[HttpRequest], int] | None = None
    # The key of the top-row section this entry belongs to (SECTIONS); an entry without one
    # is a section of its own.
    section: str = ""


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    if item.section and item.section not in SECTIONS:
        raise ValueError(f"Unknown navigation section {item.section!r} for {item.url_name}")
    _registry[item.url_name] = item


def items_for(request: HttpRequest) -> list[dict[str, Any]]:
    """Every entry the reader may use, in order, each marked current or not."""
    user = request.user
    match = getattr(request, "resolver_match", None)
    current_name = match.view_name if match else ""
    items = []
    for item in sorted(_registry.values(), key=lambda i: i.order):
        if not item.visible(user):
            continue
        is_current = current_name == item.url_name or any(current_name.startswith(section) for section in item.sections)
        items.append(
            {
                "label": item.label,
                "url": addresses.named(item.url_name),
                "current": is_current,
                "badge": item.badge(request) if item.badge else None,
                "section": item.section or item.url_name,
                "order": item.order,
            }
        )
    return items


def sections_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The top row: the sections the reader may use, each leading to its first entry, with
    its entries (the second row when the section is current) and the sum of their badges."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in items_for(request):
        grouped.setdefault(item["section"], []).append(item)
    sections = []
    for key, entries in grouped.items():
        section = SECTIONS.get(key) or Section(key, entries[0]["label"], entries[0]["order"])
        badges = [entry["badge"] for entry in entries if entry["badge"]]
        sections.append(
            {
                "label": section.label,
                "order": section.order,
                "url": entries[0]["url"],
                "current": any(entry["current"] for entry in entries),
                "badge": sum(badges) if badges else None,
                "items": entries,
            }
        )
    return sorted(sections, key=lambda s: s["order"])
