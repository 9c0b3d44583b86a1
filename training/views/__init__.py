"""Thin views: selector, form, one service, message, redirect."""


def choice(request, name: str, allowed, default: str = "") -> str:
    """A filter from the address, if it is one of the allowed values."""
    value = request.GET.get(name, default)
    return value if value in allowed else default
