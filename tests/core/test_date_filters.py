"""The portal's `date` and `time` filters (core.templatetags.govuk) give what Django's give,
for every format the templates use and for values of every kind."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, defaultfilters
from django.utils import timezone

from core.templatetags import govuk

ROOT = Path(__file__).resolve().parents[2]
LONDON = ZoneInfo("Europe/London")


def formats_in_templates() -> set[str]:
    found = set()
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for match in re.finditer(r"\|(?:date|time):(?:\"([^\"]*)\"|'([^']*)')", path.read_text()):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return found


FORMATS = sorted(formats_in_templates() | {"j M Y", "d/m/Y", "y-n-j", "G:i:s", "D l", "jS F", "P", "N j, Y"})
DATES = [datetime.date(2024, 2, 29), datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), datetime.date(999, 5, 9)]
DATETIMES = [
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON),
    datetime.datetime(2026, 10, 25, 1, 30, 5, tzinfo=LONDON),
    datetime.datetime(2026, 7, 4, 12, 0, tzinfo=LONDON),
    datetime.datetime(2026, 7, 4, 23, 59, 59),  # noqa: DTZ001 - a naive value, which Django formats too
]
TIMES = [datetime.time(0, 0), datetime.time(9, 5, 7), datetime.time(12, 0), datetime.time(23, 59)]
OTHERS = [None, "", "not a date", 0]


def test_the_templates_use_formats_worked_out_directly():
    direct = [fmt for fmt in formats_in_templates() if govuk._compiled(fmt) is not None]
    assert "j F Y" in direct and "j M Y" in direct and "H:i" in direct
    assert len(direct) >= len(formats_in_templates()) - 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_gives_what_django_gives(fmt):
    for value in [*DATES, *DATETIMES, *TIMES, *OTHERS]:
        try:
            expected = defaultfilters.date(value, fmt)
        except TypeError as error:  # Django refuses a time format for a date
            with pytest.raises(TypeError):
                govuk.date(value, fmt)
            assert "time-related" in str(error)
            continue
        assert govuk.date(value, fmt) == expected, (value, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_time_gives_what_django_gives(fmt):
    for value in [*DATETIMES, *TIMES, *OTHERS, *DATES]:
        try:
            expected = defaultfilters.time(value, fmt)
        except TypeError:
            with pytest.raises(TypeError):
                govuk.time(value, fmt)
            continue
        assert govuk.time(value, fmt) == expected, (value, fmt)


def test_templates_use_the_portals_filters_with_local_time():
    moment = datetime.datetime(2026, 6, 1, 11, 15, tzinfo=datetime.UTC)  # 12:15 in London (BST)
    with timezone.override(LONDON):
        rendered = Template('{{ moment|date:"j M Y, H:i" }} {{ moment|time:"H:i" }} {{ day|date }}').render(
            Context({"moment": moment, "day": datetime.date(2026, 6, 1)})
        )
    assert rendered == "1 Jun 2026, 12:15 12:15 " + defaultfilters.date(datetime.date(2026, 6, 1))
    assert Template("").engine.template_builtins[-1].filters["date"] is govuk.date
