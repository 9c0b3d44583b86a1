"""Citable documents: what another record (a Section 11 standard, say) may cite as the
partnership's expectation, and whether an organisation has confirmed it follows it.

The policies app registers its published procedures here; the audits app, which may not import
policies, reads them through this module. A citation is stored by the citing record as a
reference string, "<kind>:<id>" (e.g. "policies.policy:12"), and resolved when it is shown:
a document since withdrawn resolves to None and is shown as no longer in force.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CitedDocument:
    reference: str
    title: str
    url: str  # its public page: citable documents are published ones
    version: str
    review_date: date | None


@dataclass(frozen=True)
class Citable:
    key: str
    label: str
    # Everything citable now, as (id, title) pairs in the order a form should offer them.
    options: Callable[[], list[tuple[int, str]]]
    # The documents with these ids that are still citable (published), by id.
    resolve: Callable[[list[int]], dict[int, CitedDocument]]
    # Of these ids, the ones the organisation has confirmed it has adopted, with the date.
    adopted_by: Callable[[int, list[int]], dict[int, date]]


_kinds: dict[str, Citable] = {}


def register(citable: Citable) -> None:
    _kinds[citable.key] = citable


def kinds() -> list[Citable]:
    return sorted(_kinds.values(), key=lambda c: c.label)


def reference(key: str, pk: int) -> str:
    return f"{key}:{pk}"


def _split(ref: str) -> tuple[str, int] | None:
    key, _, pk = ref.rpartition(":")
    if key not in _kinds or not pk.isdigit():
        return None
    return key, int(pk)


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a form field: [(kind label, [(reference, title), ...]), ...]."""
    return [(c.label, [(reference(c.key, pk), title) for pk, title in c.options()]) for c in kinds()]


def resolve(references: list[str]) -> dict[str, CitedDocument | None]:
    """Each reference's document, or None if it is no longer citable (withdrawn, unknown)."""
    wanted: dict[str, list[int]] = {}
    for ref in references:
        split = _split(ref)
        if split:
            wanted.setdefault(split[0], []).append(split[1])
    found: dict[str, CitedDocument | None] = dict.fromkeys(references)
    for key, ids in wanted.items():
        for pk, document in _kinds[key].resolve(ids).items():
            found[reference(key, pk)] = document
    return found


def adoptions(organisation_id: int, references: list[str]) -> dict[str, date]:
    """Of the cited documents, those the organisation has confirmed adopting, with the date."""
    wanted: dict[str, list[int]] = {}
    for ref in references:
        split = _split(ref)
        if split:
            wanted.setdefault(split[0], []).append(split[1])
    adopted: dict[str, date] = {}
    for key, ids in wanted.items():
        for pk, on in _kinds[key].adopted_by(organisation_id, ids).items():
            adopted[reference(key, pk)] = on
    return adopted
