"""Quarters and reporting years, as the partnership counts them. Pure functions, no database.

The partnership works to the financial year, like its budget (partnership.BudgetContribution):
the year 2025 means 1 April 2025 to 31 March 2026. Quarter 1 is April to June, quarter 4 is
January to March of the next calendar year. The yearly report covers the same twelve months.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_MONTH = 4  # the reporting year starts on 1 April
QUARTER_MONTHS = {1: "April to June", 2: "July to September", 3: "October to December", 4: "January to March"}
_LABEL = re.compile(
    r"^\s*(?:q(?P<q1>[1-4])\s+)?(?P<year>\d{4})(?:\s*[-/]\s*(?P<end>\d{2}|\d{4}))?(?:\s+q(?P<q2>[1-4]))?\s*$"
)


def year_label(year: int) -> str:
    """ "2025 to 2026" for the year starting in April 2025."""
    return f"{year} to {year + 1}"


def short_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self):
        if self.quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4")

    @classmethod
    def of(cls, day: date) -> "Quarter":
        months_in = (day.month - FIRST_MONTH) % 12
        return cls(year_of(day), months_in // 3 + 1)

    @classmethod
    def last_complete(cls, today: date) -> "Quarter":
        """The most recent quarter that has ended: the one values are usually entered for."""
        return cls.of(today).previous()

    @property
    def start(self) -> date:
        months_in = (self.quarter - 1) * 3
        month = (FIRST_MONTH - 1 + months_in) % 12 + 1
        return date(self.year + (1 if month < FIRST_MONTH else 0), month, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def previous(self) -> "Quarter":
        return Quarter(self.year, self.quarter - 1) if self.quarter > 1 else Quarter(self.year - 1, 4)

    def next(self) -> "Quarter":
        return Quarter(self.year, self.quarter + 1) if self.quarter < 4 else Quarter(self.year + 1, 1)

    def back(self, count: int) -> list["Quarter"]:
        """This quarter and the `count - 1` before it, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters[::-1]

    @property
    def label(self) -> str:
        """ "Q1 2025-26", as people write it in scorecards."""
        return f"Q{self.quarter} {short_year_label(self.year)}"

    @property
    def long_label(self) -> str:
        return f"Quarter {self.quarter} of {year_label(self.year)} ({QUARTER_MONTHS[self.quarter]} {self.start.year})"

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.quarter}"


def parse_year(text: str) -> int | None:
    """The reporting year from "2025", "2025-26", "2025/26" or "2025-2026"; None if it is not one."""
    match = _LABEL.match(str(text or "").lower())
    if not match or match.group("q1") or match.group("q2"):
        return None
    return _checked_year(match)


def parse_quarter(text: str) -> int | None:
    """The quarter number from "1", "Q1" or "q1"; None if it is not one."""
    cleaned = str(text or "").strip().lower().removeprefix("q").strip()
    return int(cleaned) if cleaned in ("1", "2", "3", "4") else None


def parse_label(text: str) -> Quarter | None:
    """A quarter written as "Q1 2025-26" or "2025-26 Q1" (the export's own form)."""
    match = _LABEL.match(str(text or "").lower())
    if not match or not (match.group("q1") or match.group("q2")):
        return None
    year = _checked_year(match)
    if year is None:
        return None
    return Quarter(year, int(match.group("q1") or match.group("q2")))


def _checked_year(match) -> int | None:
    year = int(match.group("year"))
    end = match.group("end")
    if end is not None:
        expected = year + 1
        if int(end) not in (expected, expected % 100):
            return None
    return year if 2000 <= year <= 2100 else None
