from django.conf import settings

from . import navigation


def portal(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "navigation": navigation.items_for(request) if user and user.is_authenticated else [],
        # The partnership's own name replaces this (partnership.context_processors).
        "portal_name": settings.PORTAL_DEFAULT_NAME,
    }
