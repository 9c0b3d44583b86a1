"""What the scrutiny app adds to a person's data export: the challenges they raised or answered,
the escalation stages that name them, the scorecard values they entered and their sign-offs,
by reference only."""

from decimal import Decimal

import pytest

from core import calendar, personal_data
from scrutiny.periods import Quarter
from scrutiny.services import challenges as challenge_services
from scrutiny.services import scorecard as scorecard_services

pytestmark = pytest.mark.django_db


def _rows(key: str, user) -> list[list]:
    source = next(s for s in personal_data.sources() if s.key == key)
    return [list(row) for row in source.rows(user)]


def test_the_challenges_a_person_raised_or_answered_are_in_their_export(challenge, business, agency_lead, member):
    challenge_services.challenge_answer(acting_user=agency_lead, challenge=challenge, response="We audit monthly.")
    assert _rows("challenges", business) == [[challenge.reference, challenge.raised_on, "raised it", "Answered"]]
    assert _rows("challenges", agency_lead)[0][2] == "answered it"
    assert _rows("challenges", member) == []


def test_the_scorecard_values_a_person_entered_are_in_their_export(indicator, agency_lead, business):
    quarter = Quarter.last_complete(calendar.today())
    scorecard_services.value_enter(acting_user=agency_lead, indicator=indicator, quarter=quarter, value=Decimal("81"))
    rows = _rows("scorecard_values", agency_lead)
    assert [row[:4] for row in rows] == [[indicator.name, quarter.year, quarter.quarter, Decimal("81.00")]]
    assert _rows("scorecard_values", business) == []


def test_the_privacy_notice_lists_what_scrutiny_holds(client):
    page = client.get("/privacy/").content.decode()
    for label in ("Challenges", "Escalations", "Scorecard values you entered", "Yearly report sign-offs"):
        assert label in page
