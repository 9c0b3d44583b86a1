"""Risk scores: likelihood times impact, each from 1 to 5. Pure functions, no database.

A risk scoring above its group's threshold (12 by default, as in the Stockport arrangements)
is escalated to the Executive's register; it comes off when the score drops back.
"""

DEFAULT_ESCALATION_THRESHOLD = 12
LEVELS = range(1, 6)


def score(likelihood: int, impact: int) -> int:
    if likelihood not in LEVELS or impact not in LEVELS:
        raise ValueError("Likelihood and impact are each from 1 to 5")
    return likelihood * impact


def rating(value: int) -> tuple[str, str]:
    """A label and a tag colour for a score, in the usual 5x5 matrix bands."""
    if value >= 15:
        return "High", "red"
    if value >= 8:
        return "Medium", "orange"
    if value >= 4:
        return "Low", "yellow"
    return "Very low", "green"


def should_escalate(value: int, threshold: int = DEFAULT_ESCALATION_THRESHOLD) -> bool:
    return value > threshold
