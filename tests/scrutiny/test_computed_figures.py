"""The figures other apps register with core.assurance reach the scorecard: the indicator form
offers each, the demo makes an indicator for each, and the scorecard computes each."""

import pytest
from django.utils import timezone

from audits.figures import SECTION_11_RETURN_RATE
from core import assurance
from engagement.figures import RESPONSE_RATE, WE_DID_SHARE
from reviews.figures import NOTIFICATIONS_ON_TIME, RAPID_REVIEWS_ON_TIME
from scrutiny import demo_scorecard
from scrutiny.figures import OVERDUE_ACTIONS
from scrutiny.forms.scorecard import figure_choices
from scrutiny.models import Indicator
from scrutiny.periods import Quarter
from scrutiny.selectors import scorecard as selectors
from training import figures as training

EVERY_FIGURE = {
    OVERDUE_ACTIONS,
    NOTIFICATIONS_ON_TIME,
    RAPID_REVIEWS_ON_TIME,
    SECTION_11_RETURN_RATE,
    training.ATTENDANCE,
    training.EVALUATION_RESPONSE,
    training.FOLLOW_UP_RESPONSE,
    training.PRACTITIONERS_TRAINED,
    training.POOL_HOURS,
    RESPONSE_RATE,
    WE_DID_SHARE,
}
COUNTS = {OVERDUE_ACTIONS, training.PRACTITIONERS_TRAINED, training.POOL_HOURS}


def test_the_indicator_form_offers_every_computed_figure():
    assert {f.key for f in assurance.figures()} == EVERY_FIGURE
    assert {key for key, _ in figure_choices()} == {"", *EVERY_FIGURE}


@pytest.mark.django_db
def test_the_demo_makes_an_indicator_for_each_computed_figure_and_the_scorecard_computes_them(business):
    assert demo_scorecard._computed(business) == len(EVERY_FIGURE)
    indicators = list(Indicator.objects.exclude(computed_key=""))
    assert {i.computed_key for i in indicators} == EVERY_FIGURE
    assert all(i.unit == "percent" and i.polarity == "higher" for i in indicators if i.computed_key not in COUNTS)
    quarter = Quarter.last_complete(timezone.localdate())
    found = selectors.readings(indicators, [quarter])
    # Nothing happened in the quarter: no actions overdue, and nothing to measure the others by.
    values = {i.computed_key: found.get(i, quarter) for i in indicators}
    assert values.pop(OVERDUE_ACTIONS).value == 0
    assert values == dict.fromkeys(values)
