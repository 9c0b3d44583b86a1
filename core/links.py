"""Links to records, shown only to people who may open them.

A page that mentions another app's record (a deadline's subject, what an action plan answers,
what a notification was about) must not link to a page that answers 403 or 404 to its reader.
Each app registers, per model, who may open a record's page; `url_for(user, record)` gives the
record's address when that person may open it, and "" otherwise, so the view passes it and the
template shows the record's name without a link.

A model no app registered keeps its link (its page decides, as before); the link crawl test
(tests/test_link_crawl.py) finds any such link that turns out dead.
"""

from collections.abc import Callable

_can_open: dict[type, Callable[[object, object], bool]] = {}


def register(model: type, can_open: Callable[[object, object], bool]) -> None:
    _can_open[model] = can_open


def can_open(user, record) -> bool:
    if record is None or not hasattr(record, "get_absolute_url"):
        return False
    check = _can_open.get(type(record))
    return True if check is None else bool(check(user, record))


def url_for(user, record) -> str:
    """The record's page, if `user` may open it; "" if not (show its name without a link)."""
    return record.get_absolute_url() if can_open(user, record) else ""


def annotate(user, records, attr: str = "url"):
    """Set `record.<attr>` to its address for `user` (or "") on each record; returns them.
    For short lists on one page (a record's deadlines, its reviews): one check per record."""
    for record in records:
        setattr(record, attr, url_for(user, record))
    return records
