"""Keeping small groups from being identified. Pure functions, no database.

Survey results never show a group of fewer than five people on its own: with three answers
from one agency, its manager could guess who said what. Agencies (and roles, and age groups)
with fewer than MINIMUM_GROUP responses are merged into one "other" group; if that group is
itself still too small, the smallest of the groups shown join it until it is not (or nothing is
left to show separately). Whole results need MINIMUM_GROUP responses before they are shown.
"""

MINIMUM_GROUP = 5


def merge_small_groups(
    counts: list[tuple[str, int]], *, other_label: str, minimum: int = MINIMUM_GROUP
) -> list[tuple[str, int]]:
    """(label, count) pairs, largest first, with every group under `minimum` merged into
    `other_label` (last). Empty groups are left out."""
    shown = sorted(((label, n) for label, n in counts if n > 0), key=lambda pair: (-pair[1], pair[0]))
    other = sum(n for _, n in shown if n < minimum)
    shown = [pair for pair in shown if pair[1] >= minimum]
    while 0 < other < minimum and shown:
        other += shown.pop()[1]
    if other and not shown:
        # Everything merged: one group, or nothing worth showing separately.
        return [(other_label, other)]
    return shown + ([(other_label, other)] if other else [])


def enough_to_show(total: int, minimum: int = MINIMUM_GROUP) -> bool:
    return total >= minimum
