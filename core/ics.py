"""iCalendar (RFC 5545) files for the personal calendar feeds, written by the `icalendar`
package, which escapes and folds text as the standard says (a hand-made writer let a bare
carriage return through, and a lenient calendar could read a new event into a location).

Text is normalised first: line breaks of any kind become the one newline iCalendar can carry,
and other control characters, which iCalendar text may not contain, are dropped.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import icalendar

# Every C0 control character but tab and newline, DEL, and the C1 controls (NEL among them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029")
URI_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""
    # RFC 5545 SEQUENCE: raised each time the event is rescheduled, so calendars update it.
    sequence: int = 0


class _Text(icalendar.vText):
    """TEXT escaped exactly as RFC 5545 says. (icalendar's own escaping also turns a typed
    backslash-N into a line break; people's text is kept as they wrote it.)"""

    encoding: str  # set by vText.__new__ (one of its __slots__)

    def to_ical(self) -> bytes:
        escaped = self.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode(self.encoding)


def clean_text(text: str) -> _Text:
    return _Text(_CONTROL.sub("", _LINE_BREAKS.sub("\n", str(text))))


def _clean_line(text: str) -> _Text:
    """For values that are one line by nature (UIDs, the calendar's name)."""
    return _Text(" ".join(clean_text(text).split()))


def _when(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _event(event: Event, stamp: datetime) -> icalendar.Event:
    end = event.end or (event.start + timedelta(days=1) if not isinstance(event.start, datetime) else event.start)
    component = icalendar.Event()
    component.add("uid", _clean_line(event.uid))
    component.add("dtstamp", stamp)
    component.add("sequence", int(event.sequence))
    component.add("dtstart", _when(event.start))
    component.add("dtend", _when(end))
    component.add("summary", clean_text(event.summary))
    if event.description:
        component.add("description", clean_text(event.description))
    if event.location:
        component.add("location", clean_text(event.location))
    # Anything a URI may not hold as it is (spaces, backslashes, line breaks) percent-encoded.
    url = quote("".join(clean_text(event.url).split()), safe=URI_SAFE)
    if url:
        component.add("url", url)
    return component


def build(events: list[Event], *, name: str) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Safeguarding partnership portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _clean_line(name))
    stamp = datetime.now(UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_event(event, stamp))
    ical: bytes = calendar.to_ical()
    return ical.decode()
