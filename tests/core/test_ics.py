"""Calendar files: hostile text in any field stays text, one event per event.

The outside test found that a bare carriage return in a location started a new line, which a
lenient calendar could read as a new event.
"""

import re
from datetime import UTC, date, datetime

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from core import ics

HOSTILE = [
    "Room 1\rBEGIN:VEVENT\rSUMMARY:Injected",
    "Room 1\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected",
    "Room 1\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nEND:VEVENT",
    "commas, semicolons; back\\slashes\\n and \\N",
    "tab\tand NUL\x00 and vertical\x0btab and DEL\x7f and NEL\x85 and LS\u2028end",
    "Très long — 東京 🚸 " * 40,
    ":BEGIN:VEVENT;X=1:\r:",
]


def _expected(text: str) -> str:
    """What the person typed, with line breaks as iCalendar's one newline and the control
    characters iCalendar text may not hold left out."""
    text = re.sub("\r\n|\r|\u2028|\u2029", "\n", text)
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text)


def _event(n: int, text: str) -> ics.Event:
    return ics.Event(
        uid=f"event-{n}-{text}@portal",
        summary=f"Summary {n}: {text}",
        start=datetime(2030, 3, 7, 10, 0, tzinfo=UTC),
        end=datetime(2030, 3, 7, 12, 0, tzinfo=UTC),
        description=f"Description {n}: {text}",
        url=f"https://portal.example.org/meetings/{n}/?q={text}",
        location=f"Location {n}: {text}",
        sequence=n,
    )


def _check(events: list[ics.Event], body: str, name: str) -> None:
    # Every line ends CRLF; no carriage return or line feed anywhere else.
    assert body.endswith("\r\n")
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    # A lenient reader that breaks lines at any line-ending character and ignores folding
    # still finds one BEGIN:VEVENT per event, and no property line it was not meant to see.
    lenient = re.split("\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c", body)
    assert sum(line == "BEGIN:VEVENT" for line in lenient) == len(events)
    assert sum(line.startswith("SUMMARY:") for line in lenient) == len(events)
    # A strict parser reads back exactly the text, field by field.
    calendar = icalendar.Calendar.from_ical(body)
    # (The parser leaves an X- property's escapes as they are.)
    calendar_name = re.sub(r"\\([\\;,])", r"\1", str(calendar["X-WR-CALNAME"]))
    assert calendar_name == " ".join(_expected(name).split())
    parsed = calendar.walk("VEVENT")
    assert len(parsed) == len(events)
    for event, component in zip(events, parsed, strict=True):
        assert str(component["SUMMARY"]) == _expected(event.summary)
        assert str(component["DESCRIPTION"]) == _expected(event.description)
        assert str(component["LOCATION"]) == _expected(event.location)
        assert str(component["UID"]) == " ".join(_expected(event.uid).split())
        assert "\n" not in str(component["URL"]) and " " not in str(component["URL"])
        assert component["SEQUENCE"] == event.sequence
        assert component.decoded("DTSTART") == event.start


def test_hostile_text_in_every_field_stays_inside_its_own_event():
    events = [_event(n, text) for n, text in enumerate(HOSTILE)]
    name = "Partnership\r\nBEGIN:VEVENT\rportal"
    _check(events, ics.build(events, name=name), name)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=4), st.text(max_size=80))
def test_any_text_at_all_gives_one_event_per_event_with_the_text_intact(texts, name):
    events = [_event(n, text) for n, text in enumerate(texts)]
    _check(events, ics.build(events, name=name), name)


def test_all_day_events_and_sequence_are_kept():
    body = ics.build([ics.Event(uid="d@portal", summary="Due", start=date(2030, 1, 7), sequence=2)], name="Feed")
    assert "DTSTART;VALUE=DATE:20300107" in body and "DTEND;VALUE=DATE:20300108" in body
    assert "SEQUENCE:2" in body
