from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    sections = navigation.sections_for(request) if user and user.is_authenticated else []
    current = next((section for section in sections if section["current"]), None)
    return {
        "navigation": sections,
        # The current section's entries, as a second row, when it has more than one.
        "sub_navigation": current if current and len(current["items"]) > 1 else None,
        # The partnership's own name replaces this (partnership.context_processors).
        "portal_name": settings.PORTAL_DEFAULT_NAME,
    }
