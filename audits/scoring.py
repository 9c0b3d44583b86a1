"""Scales, scores and bands for self-assessments: arithmetic only, no database, no Django.

Every scored answer becomes a number from 0 to 100 so that standards, organisations and
cycles can be compared whatever scale a framework uses:

- red, amber, green: red 0, amber 50, green 100;
- grades 1 to 4 (4 = fully met): 0, 33, 67, 100;
- a percentage: itself;
- yes, partly, no: 100, 50, 0.

Numbers and free text are not scored. "Not applicable" is left out of every average.
"""

from dataclasses import dataclass
from hashlib import sha256

RAG = "rag"
GRADES = "grades"
PERCENT = "percent"

RATING = "rating"
YES_NO_PARTLY = "yes_no_partly"
NUMBER = "number"
PERCENTAGE = "percentage"  # a measured percentage (staff trained, say): not a rating, never scored
TEXT = "text"
NUMERIC_KINDS = frozenset({NUMBER, PERCENTAGE})
SCORED_KINDS = frozenset({RATING, YES_NO_PARTLY})

YES, PARTLY, NO = "yes", "partly", "no"
RESPONSE_SCORES = {YES: 100.0, PARTLY: 50.0, NO: 0.0}

# The levels of the scales that have named levels, worst first: (value, label, tag colour).
LEVELS: dict[str, list[tuple[int, str, str]]] = {
    RAG: [(1, "Red", "red"), (2, "Amber", "yellow"), (3, "Green", "green")],
    GRADES: [
        (1, "1: not met", "red"),
        (2, "2: partly met", "orange"),
        (3, "3: mostly met", "yellow"),
        (4, "4: fully met", "green"),
    ],
}
DEFAULT_THRESHOLDS = {RAG: 3, GRADES: 3, PERCENT: 75}
PERCENT_RANGE = (0, 100)


def levels(scale: str) -> list[tuple[int, str, str]]:
    return LEVELS.get(scale, [])


def rating_range(scale: str) -> tuple[int, int]:
    if scale == PERCENT:
        return PERCENT_RANGE
    values = [value for value, _, _ in LEVELS[scale]]
    return min(values), max(values)


def is_valid_rating(scale: str, value: int) -> bool:
    low, high = rating_range(scale)
    return low <= value <= high


def rating_score(scale: str, value: int | None) -> float | None:
    """A rating on the scale as a score from 0 to 100."""
    if value is None:
        return None
    low, high = rating_range(scale)
    if scale == PERCENT:
        return float(value)
    return (value - low) * 100.0 / (high - low)


def rating_label(scale: str, value: int | None) -> str:
    if value is None:
        return ""
    if scale == PERCENT:
        return f"{value}%"
    return next((label for v, label, _ in LEVELS[scale] if v == value), str(value))


def rating_colour(scale: str, value: int | None) -> str:
    if value is None:
        return "grey"
    if scale == PERCENT:
        return band(float(value)).colour
    return next((colour for v, _, colour in LEVELS[scale] if v == value), "grey")


def answer_score(kind: str, scale: str, *, rating=None, response: str = "", not_applicable: bool = False):
    if not_applicable:
        return None
    if kind == RATING:
        return rating_score(scale, rating)
    if kind == YES_NO_PARTLY:
        return RESPONSE_SCORES.get(response)
    return None


def threshold_score(scale: str, threshold: int) -> float:
    return rating_score(scale, threshold)


def is_below_threshold(score: float | None, scale: str, threshold: int) -> bool:
    """Answers scoring below the framework's threshold are proposed as actions."""
    return score is not None and score < threshold_score(scale, threshold)


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    colour: str
    rank: int  # higher is better


GOOD = Band("green", "Green", "green", 3)
MIXED = Band("amber", "Amber", "yellow", 2)
WEAK = Band("red", "Red", "red", 1)
NO_DATA = Band("none", "Not answered", "grey", 0)
# A standard is green when its answers average 80 or more: mostly green with the odd amber.
BAND_FLOORS = ((80.0, GOOD), (50.0, MIXED), (0.0, WEAK))


def band(score: float | None) -> Band:
    if score is None:
        return NO_DATA
    for floor, result in BAND_FLOORS:
        if score >= floor:
            return result
    return WEAK


# A move of at least this many points (of 100) within a band counts as better or worse: one
# question of four moving a step on a red-amber-green scale is 12.5 points.
CHANGE_POINTS = 10.0


def change(previous: float | None, current: float | None) -> str:
    """How a standard moved between two cycles: "improved", "worse", "same" or "new". A
    change of band always counts; within a band, a move of CHANGE_POINTS or more does
    (amber 75% to amber 50% is worse, not the same)."""
    if current is None:
        return "none"
    if previous is None:
        return "new"
    before, after = band(previous).rank, band(current).rank
    if after != before:
        return "improved" if after > before else "worse"
    if current - previous >= CHANGE_POINTS:
        return "improved"
    if previous - current >= CHANGE_POINTS:
        return "worse"
    return "same"


def values_digest(*, rating=None, response: str = "", number=None, text: str = "", not_applicable=False) -> str:
    """A short fingerprint of an answer's values, so a save can tell whether the person changed
    the answer they were shown (and so whether someone else's newer answer is at stake)."""
    number_text = "" if number is None else f"{float(number):.4f}"
    raw = "\x1f".join(
        [
            str(rating if rating is not None else ""),
            response or "",
            number_text,
            (text or "").strip(),
            str(bool(not_applicable)),
        ]
    )
    return sha256(raw.encode()).hexdigest()[:16]
