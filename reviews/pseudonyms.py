"""Does a pseudonym look like a real name or a date of birth? Pure functions, no Django.

Reviews name children by pseudonym only: "Child H", "Baby T", "Sibling 2", or an invented
first name such as "Helen". Two or more capitalised words that are not one of those forms
look like a first name and a surname ("Helen Smith", "H. Smith"), and anything with a date in
it looks like a date of birth. The first can be confirmed as a pseudonym by the person typing
it (invented full names do happen); a date never belongs in a pseudonym.
"""

import re

# Words that begin the usual pseudonym forms ("Child H", "Young person D", "Baby T").
PSEUDONYM_WORDS = frozenset(
    {"child", "children", "baby", "infant", "sibling", "siblings", "young", "person", "yp", "twin", "twins", "family"}
)
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DATE_PATTERNS = (
    re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b"),  # 12/03/2015, 1.3.15
    re.compile(r"\b\d{4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\b"),  # 2015-03-12
    re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?\s+({MONTHS})\b", re.IGNORECASE),  # 12 March
    re.compile(rf"\b({MONTHS})\s+\d{{1,2}}(st|nd|rd|th)?\b", re.IGNORECASE),  # March 12
    re.compile(r"\b(19|20)\d{2}\b"),  # a year
    re.compile(r"\b(d\.?o\.?b|born)\b", re.IGNORECASE),
)
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’\-]+\.?")


def looks_like_date_of_birth(text: str) -> bool:
    return any(pattern.search(text or "") for pattern in DATE_PATTERNS)


def looks_like_full_name(text: str) -> bool:
    """Two or more name-like words, none of them a pseudonym word ("Helen Smith",
    "H. Smith", "helen smith"); "Child H", "Baby T", "Helen" and "Sibling 2" pass."""
    words = WORD.findall(text or "")
    if len(words) < 2:
        return False
    if any(word.rstrip(".").lower() in PSEUDONYM_WORDS for word in words):
        return False
    # A single letter or initial after the first word is how pseudonyms end ("Helen K").
    return len(words[-1].rstrip(".")) > 1


def problem(text: str) -> str | None:
    """'date', 'name' or None: what, if anything, the pseudonym looks like."""
    if looks_like_date_of_birth(text):
        return "date"
    if looks_like_full_name(text):
        return "name"
    return None


def mentions(text: str, pseudonym: str) -> bool:
    """Whether `text` names the pseudonym as a whole word or phrase, whatever the case."""
    pseudonym = (pseudonym or "").strip()
    if not pseudonym or not text:
        return False
    return re.search(rf"(?<!\w){re.escape(pseudonym)}(?!\w)", text, re.IGNORECASE) is not None
