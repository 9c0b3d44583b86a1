"""The portal's top navigation, assembled from what each app registers in its ready().

core imports no app, so apps announce their own entries; each says who may see it with the
same permission helper its views use.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable[[object], bool]
    # URL namespaces (or "namespace:url-name" prefixes) under which this item is current.
    sections: tuple[str, ...] = ()
    badge: Callable[[object], int] | None = None


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.url_name] = item


def items_for(request) -> list[dict]:
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
                "url": reverse(item.url_name),
                "current": is_current,
                "badge": item.badge(request) if item.badge else None,
            }
        )
    return items
