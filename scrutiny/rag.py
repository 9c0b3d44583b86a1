"""Red, amber and green for scorecard indicators. Pure functions, no database.

Every indicator says which way is better (its polarity). Its two thresholds say where it
stops being green and where it becomes red, always in the "worse" direction:

- higher is better (say, return interviews within 72 hours): amber below the amber threshold,
  red below the red threshold, so the red threshold is at or below the amber one;
- lower is better (say, re-referrals): amber above the amber threshold, red above the red
  threshold, so the red threshold is at or above the amber one.

A value exactly on a threshold is not worse than it, so it stays in the better band. An
indicator with a target but no thresholds is green when the target is met and red when it
is not. An indicator with neither is for context only: it has no rating.

An exception, for the executive's attention, is a red indicator, or an amber one that got
worse since the previous period.
"""

from dataclasses import dataclass
from decimal import Decimal

HIGHER = "higher"
LOWER = "lower"
POLARITIES = (HIGHER, LOWER)

GREEN = "green"
AMBER = "amber"
RED = "red"
LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red"}
# GOV.UK tag colours for each rating (see core.templatetags.govuk).
TAG_COLOURS = {GREEN: "green", AMBER: "orange", RED: "red"}
_RANK = {GREEN: 0, AMBER: 1, RED: 2}


def is_worse(value: Decimal, than: Decimal, polarity: str) -> bool:
    if polarity == HIGHER:
        return value < than
    if polarity == LOWER:
        return value > than
    raise ValueError(f"Unknown polarity {polarity!r}")


def rating(
    value: Decimal | None,
    *,
    polarity: str,
    target: Decimal | None = None,
    amber: Decimal | None = None,
    red: Decimal | None = None,
) -> str | None:
    """GREEN, AMBER, RED, or None when there is no value or nothing to rate it against."""
    if value is None:
        return None
    if amber is not None and red is not None:
        if is_worse(value, red, polarity):
            return RED
        if is_worse(value, amber, polarity):
            return AMBER
        return GREEN
    if target is not None:
        return RED if is_worse(value, target, polarity) else GREEN
    return None


def threshold_errors(
    *, polarity: str, target: Decimal | None, amber: Decimal | None, red: Decimal | None
) -> dict[str, str]:
    """What is inconsistent about an indicator's target and thresholds, by field, in the
    words the form shows."""
    errors: dict[str, str] = {}
    if polarity not in POLARITIES:
        return {"polarity": "Select whether higher or lower is better"}
    better = "higher" if polarity == HIGHER else "lower"
    worse = "lower" if polarity == HIGHER else "higher"
    if amber is not None and red is None:
        errors["red_threshold"] = "Enter the red threshold, or leave both thresholds empty"
    elif red is not None and amber is None:
        errors["amber_threshold"] = "Enter the amber threshold, or leave both thresholds empty"
    elif amber is not None and red is not None and is_worse(amber, red, polarity):
        errors["red_threshold"] = (
            f"When {better} is better, the red threshold must be the same as or {worse} than the amber threshold"
        )
    if target is not None and amber is not None and is_worse(target, amber, polarity):
        errors["target"] = (
            f"When {better} is better, the target must be the same as or {better} than the amber threshold"
        )
    return errors


@dataclass(frozen=True)
class Movement:
    """How a value moved since the previous period: its arrow and what that means."""

    arrow: str  # "up", "down" or "level"
    verdict: str  # "better", "worse" or "no change"

    @property
    def symbol(self) -> str:
        return {"up": "▲", "down": "▼", "level": "▶"}[self.arrow]

    @property
    def text(self) -> str:
        if self.arrow == "level":
            return "No change"
        return f"{'Up' if self.arrow == 'up' else 'Down'}, {self.verdict}"


def movement(value: Decimal | None, previous: Decimal | None, polarity: str) -> Movement | None:
    if value is None or previous is None:
        return None
    if value == previous:
        return Movement("level", "no change")
    arrow = "up" if value > previous else "down"
    return Movement(arrow, "worse" if is_worse(value, previous, polarity) else "better")


def is_exception(rated: str | None, moved: Movement | None) -> bool:
    return rated == RED or (rated == AMBER and moved is not None and moved.verdict == "worse")


def worst_first(rated: str | None) -> int:
    """A sort key: red, then amber, then green, then unrated."""
    return -_RANK.get(rated, -1)
