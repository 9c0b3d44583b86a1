"""The scorecard's main pages within the query budget at two data sizes, with every computed
figure on the scorecard; computed figures kept until their records change; the yearly report's
PDF served from its stored file once built."""

from dataclasses import replace
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import assurance, calendar
from scrutiny import computed, demo_scorecard
from scrutiny.figures import OVERDUE_ACTIONS
from scrutiny.models import Indicator
from scrutiny.periods import Quarter
from scrutiny.services import scorecard as scorecard_services
from tests.factories import OrganisationFactory
from tests.helpers import assert_query_budget, count_queries

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture
def grow(business):
    """Each call: an agency with two typed indicators, each with values for the last two
    quarters (one red and worse: an exception)."""

    def grow_once():
        last = Quarter.last_complete(calendar.today())
        organisation = OrganisationFactory(name=f"Agency {next(numbers)}")
        for n in range(2):
            indicator = scorecard_services.indicator_save(
                acting_user=business,
                name=f"{organisation} indicator {n}",
                definition="x",
                organisation=organisation,
                unit="percent",
                polarity="higher",
                target=Decimal("90"),
                amber_threshold=Decimal("90"),
                red_threshold=Decimal("80"),
            )
            for quarter, value in zip(last.back(2), ("85", "70"), strict=True):
                scorecard_services.value_enter(
                    acting_user=business, indicator=indicator, quarter=quarter, value=Decimal(value), tell=False
                )

    return grow_once


@pytest.fixture
def every_figure(business):
    """An indicator on the scorecard for each figure the portal computes."""
    demo_scorecard._computed(business)


@pytest.mark.parametrize("page", ["scrutiny:scorecard", "scrutiny:scorecard-exceptions"])
def test_the_scorecard_pages_stay_within_the_query_budget(every_figure, executive, client_for, grow, page):
    assert_query_budget(client_for(executive), reverse(page), grow)


def test_the_challenge_log_stays_within_the_query_budget(challenge, business, client_for, grow):
    assert_query_budget(client_for(business), reverse("scrutiny:challenge-list"), grow)


def test_the_scorecard_pages_a_long_list_of_indicators_and_counts_them_all(executive, client_for, grow):
    for _ in range(14):  # 28 indicators: more than a page
        grow()
    page = client_for(executive).get(reverse("scrutiny:scorecard")).content.decode()
    assert "Indicators 1 to 25 of 28" in page
    assert "28 exceptions" in page
    assert "?page=2" in page


def _counting_figure(monkeypatch, sources: tuple[str, ...]) -> list:
    """A computed figure (in place of overdue actions) that records each time it is worked out."""
    calls = []
    figure = replace(
        assurance.figure(OVERDUE_ACTIONS),
        compute=lambda start, end: calls.append((start, end)) or Decimal(len(calls)),
        sources=sources,
    )
    monkeypatch.setitem(assurance._figures, OVERDUE_ACTIONS, figure)
    return calls


def test_a_computed_figure_is_kept_until_one_of_its_records_changes(monkeypatch, business, indicator):
    calls = _counting_figure(monkeypatch, ("scrutiny.Indicator",))
    figure = assurance.figure(OVERDUE_ACTIONS)
    periods = [(q.start, q.end) for q in Quarter.of(timezone.localdate()).back(3)]
    first = computed.values([figure], periods)
    assert len(calls) == 3
    with CaptureQueriesContext(connection) as captured:
        assert computed.values([figure], periods) == first
    assert len(calls) == 3 and len(captured) == 0

    indicator.name = "Return interviews within 3 days"
    indicator.save()
    computed.values([figure], periods)
    assert len(calls) == 6


def test_a_computed_figure_that_names_no_records_is_worked_out_every_time(monkeypatch):
    calls = _counting_figure(monkeypatch, ())
    figure = assurance.figure(OVERDUE_ACTIONS)
    today = timezone.localdate()
    computed.value(figure, today, today)
    computed.value(figure, today, today)
    assert len(calls) == 2


def test_every_computed_figure_names_the_records_it_is_worked_out_from():
    from django.apps import apps

    for figure in assurance.figures():
        assert figure.sources, figure.key
        for label in figure.sources:
            assert apps.get_model(label)


def test_the_scorecard_shows_a_computed_figure_again_once_its_records_change(
    every_figure, executive, client_for, business, monkeypatch
):
    calls = _counting_figure(monkeypatch, ("scrutiny.Indicator",))
    client = client_for(executive)
    client.get(reverse("scrutiny:scorecard"))
    worked_out = len(calls)
    client.get(reverse("scrutiny:scorecard"))
    assert len(calls) == worked_out
    Indicator.objects.filter(computed_key=OVERDUE_ACTIONS).get().save()
    client.get(reverse("scrutiny:scorecard"))
    assert len(calls) == 2 * worked_out


def test_the_dashboard_stays_within_the_query_budget_of_a_main_page(every_figure, executive, client_for, grow):
    """Eleven sections in fifteen queries: the person with their roles in one, and sections that
    share what they read (the escalated risks, the scorecard's exceptions) read it once (counted
    as worked out afresh, not as kept from the render before: tests.helpers.count_queries)."""
    assert_query_budget(client_for(executive), reverse("scrutiny:dashboard"), grow)


def test_the_dashboard_kept_from_before_costs_only_the_person(executive, client_for):
    client = client_for(executive)
    url = reverse("scrutiny:dashboard")
    client.get(url)
    queries, _captured = count_queries(client, url, afresh=False)
    assert queries == 1


def test_the_scorecard_is_worked_out_once_for_everyone_until_a_value_changes(
    executive, agency_lead, business, outsider, grow
):
    """Its rows are the partnership's (every reader sees every active indicator), kept until
    the records they come from change; someone who may not see it gets none."""
    from scrutiny.selectors import scorecard as selectors

    grow()
    quarter = Quarter.last_complete(calendar.today())
    first = {row.indicator.pk: row.latest.value for row in selectors.scorecard(executive, quarter)}
    with CaptureQueriesContext(connection) as captured:
        again = {row.indicator.pk: row.latest.value for row in selectors.scorecard(agency_lead, quarter)}
    assert again == first
    assert not [query["sql"] for query in captured if "scrutiny_" in query["sql"]]  # the reader's roles only
    assert selectors.scorecard(outsider, quarter) == []

    indicator = Indicator.objects.get(pk=min(first))
    scorecard_services.value_enter(
        acting_user=business, indicator=indicator, quarter=quarter, value=Decimal("95"), tell=False
    )
    latest = {row.indicator.pk: row.latest.value for row in selectors.scorecard(executive, quarter)}
    assert latest[indicator.pk] == Decimal("95")


def test_everyone_who_may_see_the_scorecard_sees_every_active_indicator(
    business, executive, scrutineer, member, agency_lead, grow
):
    """What lets the scorecard's rows be kept once for every reader (selectors.scorecard)."""
    from scrutiny import permissions_reporting

    grow()
    Indicator.objects.filter(pk=Indicator.objects.order_by("pk").first().pk).update(is_active=False)
    active = set(Indicator.objects.filter(is_active=True))
    for person in (business, executive, scrutineer, member, agency_lead):
        assert permissions_reporting.can_view_scorecard(person)
        assert set(permissions_reporting.indicators_visible_to(person).filter(is_active=True)) == active


def test_the_exceptions_are_paged_and_counted_in_full(executive, client_for, grow):
    for _ in range(14):  # 28 exceptions: more than a page
        grow()
    client = client_for(executive)
    first = client.get(reverse("scrutiny:scorecard-exceptions")).content.decode()
    assert "28 exceptions, 1 to 25 shown" in first and "?page=2" in first
    second = client.get(reverse("scrutiny:scorecard-exceptions") + "?page=2").content.decode()
    assert "28 exceptions, 26 to 28 shown" in second
    assert second.count('<tr class="govuk-table__row">') == 1 + 3  # the header and three rows
