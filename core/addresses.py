"""Addresses of the portal's pages, worked out once per URL pattern rather than on every call.

reverse() works an address out from the URL patterns each time (10 to 20 µs); a list page
links each of its rows, and every page has a menu of twenty entries. An address depends only
on the URL configuration and the script prefix, so `of(name, pk)` and `named(name)` work each
pattern out once (per configuration and prefix) and then put the record's primary key in its
place; `each(name)` does the same for a list without the lookup.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

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


def _configuration() -> tuple[str, str]:
    return str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix()


@functools.lru_cache(maxsize=1024)
def _each(viewname: str, configuration: tuple[str, str]) -> Callable[[int], str]:
    return each(viewname)


@functools.lru_cache(maxsize=1024)
def _named(viewname: str, configuration: tuple[str, str]) -> str:
    return reverse(viewname)


def of(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]), for a pattern whose one argument is a primary key."""
    return _each(viewname, _configuration())(pk)


def named(viewname: str) -> str:
    """reverse(viewname), for a pattern without arguments."""
    return _named(viewname, _configuration())
