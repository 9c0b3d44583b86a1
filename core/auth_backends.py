"""Signing in by email (allauth's backend), with the signed-in person's roles, the menu's
count of what needs their attention (core.roles.role_bits, core.notifications.attention_subquery)
and what apps register with read_with_person read in the same query as the person on every
request.

Django would build and compile that query on every request, which costs more than running it:
it is compiled once per process for each database, with a stand-in id, and run as raw SQL with
the person's id in its place."""

from collections.abc import Callable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from partnership.models import User

from . import notifications, roles

ROLE_BITS = "_role_bits"
_STAND_IN_ID = -7_301_337
_compiled: dict[str, tuple[str, tuple[Any, ...], int]] = {}
_person_reads: dict[str, Callable[[], Any]] = {}


def read_with_person(attribute: str, expression: Callable[[], Any]) -> None:
    """Read `expression()` (a subquery on a query of people, OuterRef("pk") the person) into
    `attribute` of the signed-in person, in the query that reads them: for what an app asks of
    the person on most pages (the organisations they lead, say), instead of a query of its own.
    Called from the app's ready(), before the first request compiles the query."""
    if _compiled:
        raise RuntimeError("read_with_person() after the person query was compiled")
    _person_reads[attribute] = expression


def _person_query(alias: str) -> tuple[str, tuple[Any, ...], int]:
    """The SQL reading one person with their roles and the menu's count, its parameters, and
    where among them the person's id goes."""
    if alias not in _compiled:
        people = User._default_manager.db_manager(alias).filter(pk=_STAND_IN_ID)
        query = people.annotate(
            **{ROLE_BITS: roles.role_bits(), notifications.ATTENTION_ATTR: notifications.attention_subquery()},
            **{attribute: expression() for attribute, expression in _person_reads.items()},
        ).query
        sql, params = query.get_compiler(alias).as_sql()
        positions = [index for index, value in enumerate(params) if value == _STAND_IN_ID]
        if len(positions) != 1:
            raise RuntimeError("The person query's id is not where it was expected")
        _compiled[alias] = (sql, tuple(params), positions[0])
    return _compiled[alias]


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]  # allauth ships no types
    def get_user(self, user_id: int) -> User | None:
        alias = User._default_manager.db
        sql, params, position = _person_query(alias)
        bound = list(params)
        bound[position] = int(user_id)
        found = next(iter(User._default_manager.db_manager(alias).raw(sql, bound)), None)
        if found is None or not self.user_can_authenticate(found):
            return None
        roles.keep_roles_read(found, getattr(found, ROLE_BITS))
        return found
