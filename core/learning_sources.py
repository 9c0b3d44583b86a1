"""Learning sources: the kinds of record whose learning can ask for a procedure to change.

A review finding, an audit or a challenge can say "this procedure must change". Those records
live in apps that the policies app may not import, so each app registers its kind of record
here from AppConfig.ready(), in one line:

    learning_sources.register(Challenge, "Challenge", visible_to=permissions.challenges_visible_to,
                              owners=lambda challenge: [challenge.raised_by])

`visible_to(user)` is the app's own permission-scoped queryset: someone may link, see or
follow a source only if it is in theirs. `owners(record)` are the people told when the
procedure changes; `describe(record)` is how the record is named, in words safe for anyone
who may see the record (never a child's name); `url(record)` where to read it (by default its
get_absolute_url).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

if TYPE_CHECKING:
    from partnership.models import User

    from .roles import AnyUser


@dataclass(frozen=True)
class LearningSource:
    model: type[models.Model]
    label: str
    visible_to: Callable[[AnyUser], models.QuerySet[Any]]
    owners: Callable[[Any], Iterable[User | None]] = lambda record: ()
    describe: Callable[[models.Model], str] = str
    url: Callable[[models.Model], str] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def url_for(self, record: models.Model) -> str:
        if self.url is not None:
            return self.url(record)
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""


_sources: dict[str, LearningSource] = {}


def register(
    model: type[models.Model],
    label: str,
    *,
    visible_to: Callable[[AnyUser], models.QuerySet[Any]],
    owners: Callable[[Any], Iterable[User | None]] = lambda record: (),
    describe: Callable[[models.Model], str] = str,
    url: Callable[[models.Model], str] | None = None,
) -> LearningSource:
    source = LearningSource(model=model, label=label, visible_to=visible_to, owners=owners, describe=describe, url=url)
    _sources[source.key] = source
    return source


def sources() -> list[LearningSource]:
    return sorted(_sources.values(), key=lambda s: s.label)


def source(key: str) -> LearningSource | None:
    return _sources.get(key)


def source_for_type(content_type: ContentType) -> LearningSource | None:
    return _sources.get(f"{content_type.app_label}.{content_type.model}")
