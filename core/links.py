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
_visible_among: dict[type, Callable[[object, list], set]] = {}


def register(
    model: type,
    can_open: Callable[[object, object], bool],
    *,
    visible_among: Callable[[object, list], set] | None = None,
) -> None:
    """`visible_among(user, records)` (optional) answers for a whole list in one query: the
    primary keys of those the person may open. Lists use it, so a page's queries stay bounded."""
    _can_open[model] = can_open
    if visible_among is not None:
        _visible_among[model] = visible_among


def can_open(user, record) -> bool:
    if record is None or not hasattr(record, "get_absolute_url"):
        return False
    check = _can_open.get(type(record))
    return True if check is None else bool(check(user, record))


def url_for(user, record) -> str:
    """The record's page, if `user` may open it; "" if not (show its name without a link)."""
    return record.get_absolute_url() if can_open(user, record) else ""


def annotate(user, records, attr: str = "url", *, of=None):
    """Set `record.<attr>` to the address of `of(record)` (the record itself by default) for
    `user`, or "" where they may not open it; returns the records. One query per model that
    registered `visible_among`, one check per record otherwise."""
    targets = {id(r): (of(r) if of else r) for r in records}
    allowed: dict[type, set] = {}
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
