"""The grouped reminder messages: one per person and kind, listing what fell due for them.

Both sweeps (the set-based one on PostgreSQL and the pure-Python one) describe a group the
same way, as a `Group` (how many stages in each section, the first LISTED of each, the rules
they come from), and this module words it, so the two paths write identical messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from . import calendar, notifications
from .working_days import working_days_between

if TYPE_CHECKING:
    from partnership.models import User

REMINDER = notifications.DEADLINE_REMINDER.key
ESCALATION = notifications.DEADLINE_ESCALATION.key
# Items listed in a grouped message per section; the link opens the full list.
LISTED = 20

SECTIONS = {
    "overdue": "Overdue",
    "due": "Due today",
    "before": "Due soon",
    "escalation": "Overdue beyond the partnership's rule",
}


@dataclass(frozen=True)
class Item:
    """One deadline as a message shows it."""

    deadline_id: int
    stage: str
    title: str
    due: date
    rule: str
    summary: str


@dataclass
class Section:
    first_due: date
    last_due: date
    count: int = 0
    listed: list[Item] = field(default_factory=list)  # the first LISTED, soonest first


@dataclass
class Group:
    """What one person is told in one message: the stages of one kind that fell due for them."""

    user_id: int
    kind: str
    sections: dict[str, Section] = field(default_factory=dict)
    rules: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections.values())


def section_of(stage: str) -> str:
    for key in ("escalation", "overdue", "due", "before"):
        if stage.startswith(key):
            return key
    return "before"


def kind_of(stage: str) -> str:
    return ESCALATION if stage.startswith("escalation") else REMINDER


def group_of(user_id: int, kind: str, items: list[Item]) -> Group:
    """The Group for all of a person's items of one kind (the pure-Python path)."""
    group = Group(user_id=user_id, kind=kind, rules={item.rule for item in items})
    for item in sorted(items, key=lambda item: (item.due, item.deadline_id)):
        section = group.sections.setdefault(section_of(item.stage), Section(first_due=item.due, last_due=item.due))
        section.count += 1
        section.last_due = item.due
        if len(section.listed) < LISTED:
            section.listed.append(item)
    return group


class WorkingDays:
    """Working days from today to a date, from ordinals counted once per sweep (the same
    reference as core.working_days, without a loop per deadline)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.closures = calendar.closure_days()
        self.ordinals: dict[date, int] = {
            day: ordinal for day, ordinal, _ in calendar.cached_rows(self.closures, today)
        }

    def until(self, day: date) -> int:
        if day in self.ordinals and self.today in self.ordinals:
            return self.ordinals[day] - self.ordinals[self.today]
        return working_days_between(self.today, day, self.closures)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def message(user: User, group: Group, days: WorkingDays, as_business_unit: bool, list_url: str) -> dict[str, Any]:
    """The inbox message (a dict for notifications.create) telling `user` about `group`;
    `list_url` is reverse("core:deadline-list"), worked out once for all of a sweep's."""
    kind, sections, n = group.kind, group.sections, group.count
    if n == 1:
        item = next(iter(sections.values())).listed[0]
        title, body = _single(item, days)
        return {
            "recipient": user,
            "kind": kind,
            "title": title,
            "body": body,
            "url": reverse("core:deadline-detail", args=[item.deadline_id]),
            "deadline_id": item.deadline_id,
        }
    rule = f": {next(iter(group.rules))}" if len(group.rules) == 1 else ""
    if kind == ESCALATION:
        title = f"Escalation: {n} deadlines are overdue beyond the partnership's rule{rule}"
    elif list(sections) == ["overdue"]:
        title = f"{n} deadlines are now overdue{rule}"
    elif list(sections) == ["due"]:
        title = f"Due today: {n} items{rule}"
    elif list(sections) == ["before"]:
        # Working days left never decrease with the due date: the span's ends bound them.
        soonest, latest = days.until(sections["before"].first_due), days.until(sections["before"].last_due)
        word = "within" if soonest != latest else "in"
        title = f"Due {word} {_plural(latest, 'working day')}: {n} items{rule}"
    else:
        parts = [
            f"{sections[key].count} {label}"
            for key, label in (("overdue", "overdue"), ("due", "due today"), ("before", "due soon"))
            if key in sections
        ]
        title = "Deadlines: " + ", ".join(parts)
    lines = []
    for key in ("escalation", "overdue", "due", "before"):
        if key not in sections:
            continue
        section = sections[key]
        lines.append(f"{SECTIONS[key]} ({section.count}):")
        lines.extend(f"- {_line(item, days)}" for item in section.listed)
        if section.count > len(section.listed):
            lines.append(f"- and {section.count - len(section.listed)} more")
        lines.append("")
    lines.append("The list in the portal shows each of them, soonest first.")
    if kind == ESCALATION:
        lines.append("They have not been met and the partnership's rule says they should now be escalated.")
    overdue_only = kind == ESCALATION or list(sections) == ["overdue"]
    query = "?status=overdue" if overdue_only else "?status=live"
    if kind == ESCALATION and as_business_unit:
        query = "?scope=all&status=overdue"
    return {
        "recipient": user,
        "kind": kind,
        "title": title,
        "body": "\n".join(lines).strip(),
        "url": list_url + query,
    }


def _line(item: Item, days: WorkingDays) -> str:
    left = days.until(item.due)
    if left > 0:
        when = f"in {_plural(left, 'working day')}"
    elif item.due == days.today:
        when = "today"
    else:
        when = f"overdue by {_plural(-left, 'working day')}" if left else "overdue"
    return f"{item.title}: due {item.due:%a %-d %b %Y}, {when}"


def _single(item: Item, days: WorkingDays) -> tuple[str, str]:
    body = f"Due {item.due:%A %-d %B %Y}. Rule: {item.summary}."
    if item.stage.startswith("before"):
        return f"Due in {_plural(days.until(item.due), 'working day')}: {item.title}", body
    if item.stage.startswith("due"):
        return f"Due today: {item.title}", body
    overdue = _plural(-days.until(item.due), "working day")
    if item.stage.startswith("escalation"):
        return (
            f"Escalation, overdue by {overdue}: {item.title}",
            body + " It has not been met and the partnership's rule says it should now be escalated.",
        )
    return f"Overdue by {overdue}: {item.title}", body
