"""The URL permission matrix: for every named URL in the project, who gets what.

Each app adds its entries in tests/<app>/matrix.py (a dict named ENTRIES); the test in
tests/test_url_matrix.py walks the URL resolver and fails for any named URL that no entry
covers, so a new page is covered the day it is added.

An entry says how to build the URL from the `world` (objects made once per test) and, for
each member of the cast (plus "anonymous"), the expected status. LOGIN means a redirect to
the sign-in page; NOT_FOUND_OR_FORBIDDEN accepts 403 or 404.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
DENIED = "denied"  # 403 or 404: refused, and nothing about the record shown
# "practitioner" registered only to book training: in no role of the partnership, so every
# `only(...)` entry refuses them and `signed_in(...)` lets them reach their own account pages.
ROLES = (
    "anonymous",
    "outsider",
    "practitioner",
    "member",
    "agency_lead",
    "chair",
    "executive",
    "scrutineer",
    "business",
)


@dataclass(frozen=True)
class Entry:
    url: Callable[[dict], str]
    expect: dict[str, object]
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda world: {})

    def expected_for(self, role: str):
        return self.expect.get(role, self.expect.get("*"))


def public(url, *, method="get", status=200) -> Entry:
    return Entry(url=url, expect={"*": status}, method=method)


def signed_in(url, *, method="get", status=200, anonymous=LOGIN) -> Entry:
    """Any signed-in person, including one with no role (their own account, their home)."""
    return Entry(url=url, expect={"anonymous": anonymous, "*": status}, method=method)


def only(*roles: str, url, method="get", status=200, data=None, others=DENIED) -> Entry:
    expect = {"anonymous": LOGIN, "*": others}
    expect.update(dict.fromkeys(roles, status))
    return Entry(url=url, expect=expect, method=method, data=data or (lambda world: {}))


EVERY_ROLE = ("member", "agency_lead", "chair", "executive", "scrutineer", "business")
