"""Is a meeting quorate? Pure arithmetic over who attended, with no database access.

The partnership's default rule: each of the three safeguarding partners (the local authority,
the integrated care board, the police) is represented by a member who is present or by the
named deputy attending for a member. Some groups use a minimum number of members instead.
Observers, guests and people who sent apologies never count.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

PARTNERS_RULE = "partners"
MINIMUM_RULE = "minimum"


@dataclass(frozen=True)
class Attendee:
    status: str  # "present", "deputy", "apologies", "absent", "observer", "guest"
    is_member: bool  # a member of the group (for a deputy: the member they stand in for)
    partner_kind: str | None  # the partner this person's organisation belongs to, if any


@dataclass
class Verdict:
    quorate: bool
    counted: int
    missing_partners: list[str] = field(default_factory=list)
    explanation: str = ""


PARTNER_NAMES = {
    "local_authority": "the local authority",
    "integrated_care_board": "the integrated care board",
    "police": "the police",
}


def counts(attendee: Attendee) -> bool:
    return attendee.is_member and attendee.status in ("present", "deputy")


def verdict(rule: str, attendees: Iterable[Attendee], *, minimum: int | None = None) -> Verdict:
    counted = [a for a in attendees if counts(a)]
    if rule == MINIMUM_RULE:
        needed = minimum or 1
        quorate = len(counted) >= needed
        return Verdict(
            quorate=quorate,
            counted=len(counted),
            explanation=f"{len(counted)} member{'s' if len(counted) != 1 else ''} present or deputised; "
            f"{needed} needed",
        )
    represented = {a.partner_kind for a in counted if a.partner_kind}
    missing = [name for kind, name in PARTNER_NAMES.items() if kind not in represented]
    if missing:
        explanation = "Not quorate: no member or named deputy from " + _and(missing)
    else:
        explanation = "Quorate: all three safeguarding partners are represented"
    return Verdict(quorate=not missing, counted=len(counted), missing_partners=missing, explanation=explanation)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
