"""Addresses for many records of one kind at once.

reverse() works an address out from the URL patterns on every call (tens of microseconds);
a list of a hundred and fifty records, each linked, spends milliseconds on it. `each(name)`
reverses once and gives a function that puts each record's primary key in its place.
"""

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

# A primary key no record has, to find where the key goes in the address.
_MARKER = 2147483647


def each(viewname: str) -> Callable[[int], str]:
    """For a URL pattern whose one argument is a record's primary key: pk -> address."""
    try:
        address = reverse(viewname, args=[_MARKER])
    except NoReverseMatch as error:
        raise ValueError(f"{viewname} does not take one primary key") from error
    head, found, tail = address.partition(str(_MARKER))
    if not found or str(_MARKER) in tail:
        raise ValueError(f"{viewname} does not take one primary key")
    return lambda pk: f"{head}{int(pk)}{tail}"
