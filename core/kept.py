"""Work kept in the cache until the records it was worked out from change.

Each kind of record (a model's label, "scrutiny.IndicatorValue") has a generation: a token that
a save or delete of such a record (post_save, post_delete, m2m_changed) replaces, at once and
again when the change commits, so that work done from the data before the commit is not kept
under the new token. Work is kept under the generations of its sources and today's date (a
figure can depend on today: an open deadline becomes late), so once a source changes the old
work is never read again. `EVERYTHING` is a source that any change to the partnership's records
replaces: for a page that reads from many kinds (the executive dashboard), naming them all
is safer than listing them.

Writes that send no signal (a queryset's update(), bulk_create(), bulk_update(), raw SQL) call
`changed(Model, ...)` themselves. Anything kept also expires after KEEP_SECONDS, so a write
that forgot to say so shows within that.

Records written as a side effect of reading (sessions, access logs, inbox messages, sign-in
attempts) and history rows (written beside the record they copy) do not replace EVERYTHING.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import calendar

KEEP_SECONDS = 15 * 60
EVERYTHING = "*"
# Kinds of record whose changes say nothing about the partnership's work.
NOT_WORK = frozenset(
    {
        "sessions.Session",
        "usersessions.UserSession",
        "core.AccessLog",
        "core.Notification",
        "core.CalendarToken",
        "mfa.Authenticator",  # its last use is saved at each sign-in
        "axes.AccessAttempt",
        "axes.AccessAttemptExpiration",
        "axes.AccessLog",
        "axes.AccessFailureLog",
    }
)
T = TypeVar("T")


def _key(label: str) -> str:
    return f"kept:generation:{label}"


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label


def generations(sources: Iterable[type[models.Model] | str]) -> dict[str, str]:
    """Each source's generation (one cache read for them all); a source without one (never
    changed, or forgotten by the cache) is given one, so that work kept before it was lost is
    never read."""
    keys = {_label(source): _key(_label(source)) for source in sources}
    found = cache.get_many(list(keys.values()))
    tokens = {}
    for label, key in keys.items():
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key) or uuid.uuid4().hex
        tokens[label] = found[key]
    return tokens


def stamp(sources: Iterable[type[models.Model] | str]) -> str:
    """One token for the generations of all these sources, and today."""
    tokens = generations(sources)
    return ":".join([str(calendar.today()), *(tokens[label] for label in sorted(tokens))])


def kept(name: str, sources: Iterable[type[models.Model] | str], work: Callable[[], T]) -> T:
    """What `work()` returns, kept under `name` (which says whose and what it is) until one of
    `sources` changes, the day changes, or KEEP_SECONDS pass."""
    # The stamp, hashed: with many sources it would outgrow what a cache key may be.
    key = f"kept:{name}:{hashlib.sha256(stamp(sources).encode()).hexdigest()[:32]}"
    found: Any = cache.get(key)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = work()
    cache.set(key, (value,), timeout=KEEP_SECONDS)
    return value


def _forget(labels: list[str]) -> None:
    cache.set_many({_key(label): uuid.uuid4().hex for label in labels}, timeout=None)


def changed(*sources: type[models.Model] | str) -> None:
    """These kinds of record changed (a write that sends no signal): forget what was kept from
    them, at once and again when the change commits."""
    labels = sorted({_label(source) for source in sources})
    if any(label not in NOT_WORK for label in labels):
        labels.append(EVERYTHING)
    _forget(labels)
    transaction.on_commit(lambda: _forget(labels))


def record_changed(sender: type[models.Model], action: str = "post_", **kwargs: Any) -> None:
    """A record was saved or deleted, or a many-to-many link changed."""
    if not action.startswith("post_") or sender._meta.label.split(".")[-1].startswith("Historical"):
        return
    changed(sender)


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(record_changed, dispatch_uid=f"core-kept-{name}")
