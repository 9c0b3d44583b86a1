"""The address a request came from, as far as the portal can trust it.

Lockout (django-axes, by person and address together), allauth's rate limits, its list of
sessions and the security log all take the address from here, so none of them can be fooled
into another address by a header the client wrote.

`X-Forwarded-For` is a list each proxy appends to, so only its right-most entries were written
by the portal's own proxies; anything to their left came from the client. With
PORTAL_TRUSTED_PROXY_COUNT (the AXES_PROXY_COUNT variable) proxies in front, the client's
address is the entry that many places from the right: the one the outermost proxy appended.
With no proxies (the default) the header is ignored. A missing, short or malformed header
gives the address of the connection itself, never an empty one.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    connection = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return _normalise(connection) or connection
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return _normalise(connection) or connection
    return _normalise(entries[-proxies]) or _normalise(connection) or connection


def _normalise(value: str) -> str:
    """An address in its canonical form, or "" if this is not one. Some proxies add the port:
    `203.0.113.7:51234` or `[2001:db8::1]:51234`."""
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""
