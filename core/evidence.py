"""Evidence an agency can cite from elsewhere in the portal, without the citing app importing
the app that holds it.

A Section 11 return (audits) asks each agency how it listens to children and families
(standard 4: service development informed by children's views). The portal already holds
evidence of that in other apps: "you said, we did" entries and survey results (engagement).
Those apps register an EvidenceSource here in their AppConfig.ready(); a picker in the citing
app lists `items_for(organisation, user, topic=...)` and stores the chosen item's `reference`,
which `item(reference, user)` turns back into a title and a link.

Every source filters by the reader: an item is offered only if its `url` opens for them.
Each source's function must run a bounded number of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partnership.models import Organisation, User

# What the evidence shows. Section 11 standard 4 (and Section 175/157's pupil voice) cite this.
CHILDRENS_VOICE = "childrens_voice"
# The partnership's published procedures the agency has confirmed it adopted (policies).
ADOPTED_PROCEDURES = "adopted_procedures"
TOPICS = {
    CHILDRENS_VOICE: "How the agency hears children and families, and what changed because of it",
    ADOPTED_PROCEDURES: "Which of the partnership's procedures the agency has adopted",
}


@dataclass(frozen=True)
class EvidenceItem:
    reference: str  # "<source key>:<id>", stored by whoever cites it
    source: str  # the source's label, e.g. "You said, we did"
    title: str
    detail: str
    on: date | None
    url: str


@dataclass(frozen=True)
class EvidenceSource:
    key: str
    label: str
    description: str
    topics: frozenset[str]
    # The items about this organisation that this reader may open, newest first.
    items_for: Callable[[object, object], list[EvidenceItem]]
    # One item by its id (the part of the reference after the colon), or None if it has gone
    # or the reader may not open it.
    get: Callable[[str, object], EvidenceItem | None]


_sources: dict[str, EvidenceSource] = {}


def register(source: EvidenceSource) -> None:
    _sources[source.key] = source


def sources(topic: str | None = None) -> list[EvidenceSource]:
    chosen = [s for s in _sources.values() if topic is None or topic in s.topics]
    return sorted(chosen, key=lambda s: s.label)


def items_for(organisation: Organisation, user: User, *, topic: str | None = None) -> list[EvidenceItem]:
    """Everything citable about `organisation` that `user` may open, grouped by source."""
    found: list[EvidenceItem] = []
    for source in sources(topic):
        found += source.items_for(organisation, user)
    return found


def item(reference: str, user: User) -> EvidenceItem | None:
    """The item a stored reference names, if it still exists and `user` may open it."""
    key, _, identifier = (reference or "").partition(":")
    source = _sources.get(key)
    if source is None or not identifier:
        return None
    return source.get(identifier, user)
