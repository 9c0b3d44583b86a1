"""Does a pseudonym look like a real name or a date of birth, and does free text name anyone?
Pure functions, no Django. (Reviews check their pseudonyms and titles with these; the
listening surveys check practitioners' and children's comments before anyone else reads them.)

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


# Free text --------------------------------------------------------------------------------------
#
# A comment in a survey may name a child ("Jayden told me...", "Amelia Brook's mum") or give a
# date of birth. A moderator reads every comment before anyone else does; these functions show
# them what looks like a name or a date, and suggest the comment with those removed. They err
# towards flagging: a capitalised word inside a sentence that is not a common word, an
# organisation's name or a pseudonym form is a possible name. The moderator decides.

NAME_REMOVED = "[name removed]"
DATE_REMOVED = "[date removed]"
NAME = "name"
DATE = "date"

CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:['’\-][A-Za-zÀ-ÖØ-öø-ÿ]+)*\b")
SENTENCE_END = re.compile(r"[.!?…:;\n]\s*[\"“‘'(]*\s*$")
# Capitalised words that are not names: days, months, common sentence words, and the words
# organisations and services are named with ("Northbridge General Hospital" is a place, not a
# person).
NOT_NAMES = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "christmas",
        "easter",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "if",
        "when",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "it",
        "its",
        "this",
        "that",
        "there",
        "these",
        "those",
        "my",
        "me",
        "you",
        "your",
        "yes",
        "no",
        "not",
        "please",
        "thank",
        "thanks",
        "also",
        "however",
        "because",
        "so",
        "then",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
        "would",
        "could",
        "should",
        "staff",
        "parents",
        "parent",
        "carers",
        "carer",
        "children",
        "child",
        "people",
        "professionals",
        "practitioners",
        "managers",
        "manager",
        "everyone",
        "someone",
        "somebody",
        "nobody",
        "everybody",
        "teachers",
        "teacher",
        "workers",
        "worker",
        "colleagues",
        "mum",
        "dad",
        "mother",
        "father",
        "nan",
        "grandma",
        "grandad",
        "sister",
        "brother",
        "friends",
        "friend",
        "all",
        "some",
        "most",
        "many",
        "few",
        "none",
        "one",
        "two",
        "three",
        "something",
        "nothing",
        "anything",
        "everything",
        # Languages and nationalities are capitalised too.
        "english",
        "welsh",
        "scottish",
        "irish",
        "british",
        "polish",
        "romanian",
        "urdu",
        "punjabi",
        "bengali",
        "arabic",
        "somali",
        "portuguese",
        "spanish",
        "french",
        "ukrainian",
        "asian",
        "african",
        "caribbean",
        "european",
    ]
)
ORGANISATION_WORDS = frozenset(
    [
        "hospital",
        "hospitals",
        "school",
        "schools",
        "academy",
        "college",
        "university",
        "council",
        "police",
        "service",
        "services",
        "team",
        "teams",
        "trust",
        "nhs",
        "board",
        "partnership",
        "centre",
        "center",
        "unit",
        "department",
        "group",
        "court",
        "office",
        "officer",
        "officers",
        "health",
        "care",
        "social",
        "children's",
        "childrens",
        "children",
        "families",
        "family",
        "youth",
        "forum",
        "hub",
        "network",
        "clinic",
        "practice",
        "gp",
        "surgery",
        "house",
        "home",
        "homes",
        "authority",
        "agency",
        "agencies",
        "safeguarding",
        "panel",
        "project",
        "programme",
        "charity",
        "street",
        "road",
        "avenue",
        "lane",
        "park",
        "ward",
    ]
)


# After a name at the start of a sentence, people usually say what the person said or did.
REPORTING = re.compile(
    r"^\s+(told|tells|said|says|asked|asks|wanted|wants|felt|feels|explained|shared|disclosed|talked|spoke|"
    r"mentioned|mentions)\b",
    re.IGNORECASE,
)


def _is_pseudonym(words: list[str]) -> bool:
    """ "Child H", "Baby T", "Young person D": a pseudonym form, not a name."""
    return words[0].lower() in PSEUDONYM_WORDS


def possible_identifiers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) for each stretch of `text` that may name a person ("name") or give a
    date ("date"), in order and not overlapping."""
    text = text or ""
    found: list[tuple[int, int, str]] = []
    for pattern in DATE_PATTERNS[:5]:  # dates and years; a bare "born" is not itself a date
        found += [(m.start(), m.end(), DATE) for m in pattern.finditer(text)]
    runs: list[list[re.Match[str]]] = []
    for match in CAPITALISED.finditer(text):
        between = text[runs[-1][-1].end() : match.start()] if runs else ""
        if runs and between.strip() in ("", "-") and "\n" not in between:
            runs[-1].append(match)
        else:
            runs.append([match])
    for run in runs:
        words = [m.group(0) for m in run]
        lowered = [w.lower().replace("’", "'") for w in words]
        if _is_pseudonym(words) or any(w in ORGANISATION_WORDS for w in lowered):
            continue
        starts_sentence = run[0].start() == 0 or bool(SENTENCE_END.search(text[: run[0].start()]))
        if len(words) == 1 and lowered[0] in NOT_NAMES:
            continue
        if len(words) == 1 and starts_sentence and not REPORTING.match(text[run[0].end() :]):
            continue
        if all(w in NOT_NAMES for w in lowered):
            continue
        if starts_sentence and lowered[0] in NOT_NAMES:
            run = run[1:]
            if not run:
                continue
        found.append((run[0].start(), run[-1].end(), NAME))
    return _without_overlaps(sorted(found))


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end, kept[-1][2])
            continue
        kept.append((start, end, kind))
    return kept


def suggest_removals(text: str) -> str:
    """The text with each possible name and date replaced by a marker."""
    text = text or ""
    parts, position = [], 0
    for start, end, kind in possible_identifiers(text):
        parts.append(text[position:start])
        parts.append(NAME_REMOVED if kind == NAME else DATE_REMOVED)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def marked_up(text: str) -> list[tuple[str, str]]:
    """The text cut into (piece, kind) pairs, kind "" for ordinary text, so a template can
    highlight what may identify someone without marking up the text itself."""
    text = text or ""
    pieces, position = [], 0
    for start, end, kind in possible_identifiers(text):
        if start > position:
            pieces.append((text[position:start], ""))
        pieces.append((text[start:end], kind))
        position = end
    if position < len(text):
        pieces.append((text[position:], ""))
    return pieces
