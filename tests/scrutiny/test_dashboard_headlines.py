"""The executive dashboard leads with four figures, each with its target, a trend drawn as a
sparkline (from zero, the target dashed) and the same numbers in a table; the scorecard's
exceptions are those of the latest quarter with values, so a worse value shows at once."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from core.services import deadlines as clock
from scrutiny.periods import Quarter
from scrutiny.selectors import headlines
from scrutiny.services import scorecard as scorecard_services
from subgroups.services import groups as group_services
from subgroups.services import risks as risk_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
IN_Q3 = datetime(2030, 11, 18, 12, tzinfo=LONDON)  # Q3 2030-31: October to December 2030


def _headline(page: str, key: str) -> str:
    start = page.index(f'id="headline-{key}"')
    return page[start : page.index('id="headline-', start + 10) if 'id="headline-' in page[start + 10 :] else None]


def test_a_worse_value_entered_for_the_quarter_under_way_shows_at_once(business, executive, indicator, client_for):
    with time_machine.travel(IN_Q3):
        under_way = Quarter.of(date(2030, 11, 18))
        scorecard_services.value_enter(
            acting_user=business, indicator=indicator, quarter=under_way.previous(), value=Decimal("95"), tell=False
        )
        client = client_for(executive)
        page = client.get(reverse("scrutiny:dashboard")).content.decode()
        assert "No exceptions on the" in page and "Q2 2030-31" in page
        scorecard_services.value_enter(
            acting_user=business, indicator=indicator, quarter=under_way, value=Decimal("60"), tell=False
        )
        page = client.get(reverse("scrutiny:dashboard")).content.decode()
    assert "1 exception on the scorecard for Q3 2030-31" in page
    assert "Return interviews within 72 hours" in page
    exceptions = _headline(page, "scorecard-exceptions")
    assert "Q3 2030-31, the latest quarter with values" in exceptions and "Off target" in exceptions
    assert ">1</span>" in exceptions


def test_statutory_deadlines_met_on_time_as_a_share_with_its_target_trend_and_table(
    business, executive, agency, client_for
):
    with time_machine.travel(IN_Q3):
        for n, due in enumerate((date(2030, 11, 1), date(2030, 11, 4))):
            deadline = clock.deadline_create(
                subject=agency,
                rule_key="serious_incident_notification",
                start=due - timedelta(days=7),
                due_date=due,
                title=f"Notify the Panel {n}",
                responsible_organisation=agency,
            )
            if n == 0:
                clock.deadline_meet(
                    deadline=deadline, acting_user=business, when=datetime(2030, 10, 31, 9, tzinfo=LONDON)
                )
        page = client_for(executive).get(reverse("scrutiny:dashboard")).content.decode()
    met = _headline(page, "deadlines-met")
    assert ">50%</span>" in met and "Q3 2030-31 so far" in met
    assert "Target: 100%" in met and "Off target" in met
    assert '<svg viewBox="0 0 220 84"' in met and 'class="app-sparkline"' in met
    assert 'stroke-dasharray="6 4"' in met  # the target line
    assert "From 50% in Q3 2030-31 so far to 50% in Q3 2030-31 so far; target 100%." in met
    assert "<summary" in met and '<th scope="row" class="govuk-table__header">Q2 2030-31</th><td' in met
    assert "No figure" in met  # quarters with no statutory deadline due are not 0%


def test_escalated_risks_are_counted_at_each_quarter_end_from_their_history(business, chair, executive, settings):
    settings.PORTAL_EXECUTIVE_TARGETS = {"escalated_risks": 0}
    group = group_services.group_save(acting_user=business, name="Neglect sub-group", kind="subgroup", purpose="x")
    with time_machine.travel(datetime(2030, 5, 10, 12, tzinfo=LONDON)):  # Q1 2030-31
        risk_services.risk_save(
            acting_user=business,
            group=group,
            title="Health visiting capacity",
            cause="c",
            effect="e",
            likelihood=5,
            impact=4,
            owner=UserFactory(),
            target_likelihood=1,
            target_impact=1,
            review_date=date(2030, 6, 30),
        )
    with time_machine.travel(IN_Q3):
        today = date(2030, 11, 18)
        quarters = Quarter.of(today).back(headlines.TREND_QUARTERS)
        assert headlines.escalated_risks(today, quarters) == [0, 0, 0, 1, 1, 1]
        assert headlines.targets()["escalated_risks"] == 0


def test_the_headlines_are_shown_only_to_those_who_see_the_dashboard(cast, client_for):
    page = client_for(cast["scrutineer"]).get(reverse("scrutiny:dashboard")).content.decode()
    assert "The figures to decide on" in page and 'id="headline-overdue-actions"' in page
    assert page.index("The figures to decide on") < page.index("Statutory deadlines missed or at risk")
    assert client_for(cast["outsider"]).get(reverse("scrutiny:dashboard")).status_code == 403
