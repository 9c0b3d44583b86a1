"""Links to records, shown only to people who may open them.

A page that mentions another app's record (a deadline's subject, what an action plan answers,
what a notification was about) must not link to a page that answers 403 or 404 to its reader.
Each app registers, per model, who may open a record's page; `url_for(user, record)` gives the
record's address when that person may open it, and "" otherwise, so the view passes it and the
template shows the record's name without a link.

A model no app registered keeps its link (its page decides, as before); the link crawl test
(tests/test_link_crawl.py) finds any such link that turns out dead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

if TYPE_CHECKING:
    from .roles import AnyUser

# Each check is registered for one model, so the record it is given is that model's.
CanOpen: TypeAlias = "Callable[[AnyUser, Any], bool]"
VisibleAmong: TypeAlias = "Callable[[AnyUser, list[Any]], set[Any]]"
RecordsT = TypeVar("RecordsT", bound=Sequence[Any])

_can_open: dict[type, CanOpen] = {}
_visible_among: dict[type, VisibleAmong] = {}


def register(
    model: type,
    can_open: CanOpen,
    *,
    visible_among: VisibleAmong | None = None,
) -> None:
    """`visible_among(user, records)` (optional) answers for a whole list in one query: the
    primary keys of those the person may open. Lists use it, so a page's queries stay bounded."""
    _can_open[model] = can_open
    if visible_among is not None:
        _visible_among[model] = visible_among


def can_open(user: AnyUser, record: Any) -> bool:
    if record is None or not hasattr(record, "get_absolute_url"):
        return False
    check = _can_open.get(type(record))
    return True if check is None else bool(check(user, record))


def url_for(user: AnyUser, record: Any) -> str:
    """The record's page, if `user` may open it; "" if not (show its name without a link)."""
    return str(record.get_absolute_url()) if can_open(user, record) else ""


def annotate(
    user: AnyUser, records: RecordsT, attr: str = "url", *, of: Callable[[Any], Any] | None = None
) -> RecordsT:
    """Set `record.<attr>` to the address of `of(record)` (the record itself by default) for
    `user`, or "" where they may not open it; returns the records. One query per model that
    registered `visible_among`, one check per record otherwise."""
    targets = {id(r): (of(r) if of else r) for r in records}
    allowed: dict[type, set[Any]] = {}
    for model, bulk in _visible_among.items():
        of_model = [t for t in targets.values() if type(t) is model]
        if of_model:
            allowed[model] = bulk(user, of_model)
    for record in records:
        target = targets[id(record)]
        if target is None:
            url = ""
        elif type(target) in allowed:
            url = target.get_absolute_url() if target.pk in allowed[type(target)] else ""
        else:
            url = url_for(user, target)
        setattr(record, attr, url)
    return records
