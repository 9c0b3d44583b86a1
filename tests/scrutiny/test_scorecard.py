"""The scorecard: red, amber and green by polarity, quarters, the trend chart, who may enter
values, the pages and the quarter's entry form."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from hypothesis import given
from hypothesis import strategies as st

from core import assurance
from core.services import DomainError
from scrutiny import charts, rag
from scrutiny.figures import OVERDUE_ACTIONS, overdue_actions
from scrutiny.forms.scorecard import notes_name, value_name
from scrutiny.models import Indicator, IndicatorValue
from scrutiny.periods import Quarter, parse_label, parse_quarter, parse_year
from scrutiny.permissions_reporting import indicators_enterable_by, values_enterable_by
from scrutiny.selectors import scorecard as selectors
from scrutiny.services import scorecard as services
from tests.factories import OrganisationFactory, UserFactory

D = Decimal
decimals = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


# Red, amber and green: pure functions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("90", rag.GREEN), ("85", rag.GREEN), ("84.99", rag.AMBER), ("75", rag.AMBER), ("74.99", rag.RED)],
)
def test_higher_is_better_is_amber_below_amber_and_red_below_red(value, expected):
    assert rag.rating(D(value), polarity=rag.HIGHER, amber=D("85"), red=D("75")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10", rag.GREEN), ("18", rag.GREEN), ("18.01", rag.AMBER), ("24", rag.AMBER), ("24.01", rag.RED)],
)
def test_lower_is_better_is_amber_above_amber_and_red_above_red(value, expected):
    assert rag.rating(D(value), polarity=rag.LOWER, amber=D("18"), red=D("24")) == expected


def test_a_target_without_thresholds_is_green_when_met_and_red_when_missed():
    assert rag.rating(D("90"), polarity=rag.HIGHER, target=D("90")) == rag.GREEN
    assert rag.rating(D("89"), polarity=rag.HIGHER, target=D("90")) == rag.RED
    assert rag.rating(D("19"), polarity=rag.LOWER, target=D("20")) == rag.GREEN
    assert rag.rating(D("21"), polarity=rag.LOWER, target=D("20")) == rag.RED


def test_an_indicator_for_context_only_or_without_a_value_has_no_rating():
    assert rag.rating(D("5"), polarity=rag.HIGHER) is None
    assert rag.rating(None, polarity=rag.HIGHER, amber=D("1"), red=D("0")) is None


@given(a=decimals, b=decimals, amber=decimals, spread=st.decimals(min_value=0, max_value=500, places=2))
def test_a_better_value_never_gets_a_worse_rating(a, b, amber, spread):
    rank = {rag.GREEN: 0, rag.AMBER: 1, rag.RED: 2}
    low, high = sorted((a, b))
    higher = (rag.rating(x, polarity=rag.HIGHER, amber=amber, red=amber - spread) for x in (high, low))
    assert rank[next(higher)] <= rank[next(higher)]
    lower = (rag.rating(x, polarity=rag.LOWER, amber=amber, red=amber + spread) for x in (low, high))
    assert rank[next(lower)] <= rank[next(lower)]


@given(value=decimals, amber=decimals, spread=st.decimals(min_value=0, max_value=500, places=2))
def test_lower_is_better_mirrors_higher_is_better(value, amber, spread):
    assert rag.rating(value, polarity=rag.LOWER, amber=amber, red=amber + spread) == rag.rating(
        -value, polarity=rag.HIGHER, amber=-amber, red=-(amber + spread)
    )


@given(amber=decimals, spread=st.decimals(min_value=0, max_value=500, places=2))
def test_consistent_thresholds_have_no_errors_whichever_way_is_better(amber, spread):
    assert rag.threshold_errors(polarity=rag.HIGHER, target=amber, amber=amber, red=amber - spread) == {}
    assert rag.threshold_errors(polarity=rag.LOWER, target=amber, amber=amber, red=amber + spread) == {}


def test_inconsistent_thresholds_are_refused_in_words():
    assert rag.threshold_errors(polarity=rag.HIGHER, target=None, amber=D("80"), red=D("90")) == {
        "red_threshold": "When higher is better, the red threshold must be the same as or lower than the amber "
        "threshold"
    }
    assert rag.threshold_errors(polarity=rag.LOWER, target=None, amber=D("20"), red=D("10")) == {
        "red_threshold": "When lower is better, the red threshold must be the same as or higher than the amber "
        "threshold"
    }
    assert rag.threshold_errors(polarity=rag.HIGHER, target=D("70"), amber=D("80"), red=D("60")) == {
        "target": "When higher is better, the target must be the same as or higher than the amber threshold"
    }
    assert rag.threshold_errors(polarity=rag.HIGHER, target=None, amber=D("80"), red=None) == {
        "red_threshold": "Enter the red threshold, or leave both thresholds empty"
    }
    assert rag.threshold_errors(polarity=rag.LOWER, target=None, amber=None, red=D("8")) == {
        "amber_threshold": "Enter the amber threshold, or leave both thresholds empty"
    }


def test_movement_says_which_way_and_whether_it_is_better():
    assert rag.movement(D("5"), D("4"), rag.HIGHER) == rag.Movement("up", "better")
    assert rag.movement(D("5"), D("4"), rag.LOWER) == rag.Movement("up", "worse")
    assert rag.movement(D("3"), D("4"), rag.LOWER).text == "Down, better"
    assert rag.movement(D("4"), D("4"), rag.LOWER).text == "No change"
    assert rag.movement(D("4"), None, rag.LOWER) is None


def test_an_exception_is_red_or_amber_and_getting_worse():
    worse, better = rag.Movement("down", "worse"), rag.Movement("up", "better")
    assert rag.is_exception(rag.RED, better)
    assert rag.is_exception(rag.RED, None)
    assert rag.is_exception(rag.AMBER, worse)
    assert not rag.is_exception(rag.AMBER, better)
    assert not rag.is_exception(rag.AMBER, None)
    assert not rag.is_exception(rag.GREEN, worse)
    assert not rag.is_exception(None, worse)


# Quarters of the reporting year ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2025, 4, 1), Quarter(2025, 1)),
        (date(2025, 6, 30), Quarter(2025, 1)),
        (date(2025, 12, 31), Quarter(2025, 3)),
        (date(2026, 1, 1), Quarter(2025, 4)),
        (date(2026, 3, 31), Quarter(2025, 4)),
    ],
)
def test_the_reporting_year_runs_april_to_march(day, quarter):
    assert Quarter.of(day) == quarter


@given(day=st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_falls_in_its_quarter_and_quarters_follow_on(day):
    quarter = Quarter.of(day)
    assert quarter.start <= day <= quarter.end
    assert quarter.next().start == quarter.end + timedelta(days=1)
    assert quarter.next().previous() == quarter


def test_quarters_are_written_and_read_as_people_write_them():
    quarter = Quarter(2025, 4)
    assert quarter.label == "Q4 2025-26"
    assert quarter.long_label == "Quarter 4 of 2025 to 2026 (January to March 2026)"
    assert parse_label("Q4 2025-26") == parse_label("2025/2026 q4") == quarter
    assert parse_year("2025-26") == parse_year("2025") == parse_year("2025/2026") == 2025
    assert parse_year("2025-27") is None
    assert parse_year("twenty") is None
    assert parse_quarter("Q3") == parse_quarter("3") == 3
    assert parse_quarter("5") is None
    assert [q.label for q in Quarter(2025, 2).back(3)] == ["Q4 2024-25", "Q1 2025-26", "Q2 2025-26"]


# The trend chart ----------------------------------------------------------------------------------------


def test_the_chart_breaks_its_line_at_a_missing_quarter_and_keeps_points_in_the_plot():
    chart = charts.trend_chart(
        [("Q1 2025-26", D("70")), ("Q2 2025-26", D("80")), ("Q3 2025-26", None), ("Q4 2025-26", D("90"))],
        target=D("95"),
    )
    assert len(chart.lines) == 2
    assert [p.label for p in chart.points] == ["Q1 2025-26", "Q2 2025-26", "Q4 2025-26"]
    assert all(chart.top <= p.y <= chart.bottom and chart.left <= p.x <= chart.right for p in chart.points)
    assert chart.points[0].y > chart.points[1].y > chart.points[2].y  # higher values sit higher
    assert chart.target_y < chart.points[2].y
    assert chart.x_ticks[0].text == "Q1" and chart.x_ticks[0].second_line == "2025-26"


def test_an_empty_chart_has_nothing_to_draw():
    assert not charts.trend_chart([("Q1 2025-26", None)]).has_values


@given(values=st.lists(st.decimals(min_value=0, max_value=10**6, places=1), min_size=1, max_size=12))
def test_the_axis_covers_every_value(values):
    chart = charts.trend_chart([(f"Q{i}", v) for i, v in enumerate(values)])
    assert all(chart.top - 0.1 <= p.y <= chart.bottom + 0.1 for p in chart.points)


# Who may enter values ------------------------------------------------------------------------------------


@pytest.fixture
def last_quarter():
    return Quarter.last_complete(timezone.localdate())


@pytest.mark.django_db
def test_the_owning_organisations_lead_enters_a_value_with_its_history(indicator, agency_lead, last_quarter):
    value, outcome = services.value_enter(
        acting_user=agency_lead, indicator=indicator, quarter=last_quarter, value=D("81.5"), comment="Staffing"
    )
    assert outcome == "created" and value.entered_by == agency_lead
    _, outcome = services.value_enter(
        acting_user=agency_lead, indicator=indicator, quarter=last_quarter, value=D("83"), comment="Staffing"
    )
    assert outcome == "changed"
    latest = IndicatorValue.objects.get(pk=value.pk).history.first()
    assert latest.history_change_reason == "Changed from 81.5%" and latest.history_user == agency_lead


@pytest.mark.django_db
def test_the_business_unit_may_enter_any_indicators_values(indicator, business, last_quarter):
    services.value_enter(acting_user=business, indicator=indicator, quarter=last_quarter, value=D("88"))
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "chair", "executive", "scrutineer", "outsider", "other_lead"])
def test_nobody_else_may_enter_an_indicators_values(indicator, cast, last_quarter, who):
    if who == "other_lead":
        user = UserFactory()
        assign_perm("partnership.lead_organisation", user, OrganisationFactory())
    else:
        user = cast[who]
    with pytest.raises(PermissionDenied):
        services.value_enter(acting_user=user, indicator=indicator, quarter=last_quarter, value=D("88"))
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_querysets_of_what_may_be_entered_are_filtered_too(indicator, business, agency_lead, member, last_quarter):
    other = services.indicator_save(
        acting_user=business,
        name="Police indicator",
        definition="x",
        organisation=OrganisationFactory(kind="police"),
        unit="number",
        polarity="lower",
    )
    services.value_enter(acting_user=business, indicator=other, quarter=last_quarter, value=D("3"))
    services.value_enter(acting_user=business, indicator=indicator, quarter=last_quarter, value=D("80"))
    assert list(indicators_enterable_by(agency_lead)) == [indicator]
    assert list(values_enterable_by(agency_lead).values_list("indicator", flat=True)) == [indicator.pk]
    assert set(indicators_enterable_by(business)) == {indicator, other}
    assert not indicators_enterable_by(member).exists()


@pytest.mark.django_db
def test_a_value_for_a_quarter_that_has_not_started_is_refused(indicator, agency_lead):
    with pytest.raises(DomainError, match="has not started yet"):
        services.value_enter(
            acting_user=agency_lead, indicator=indicator, quarter=Quarter.of(timezone.localdate()).next(), value=D("80")
        )


@pytest.mark.django_db
def test_a_percentage_above_100_is_refused(indicator, agency_lead, last_quarter):
    with pytest.raises(ValidationError, match="Enter a percentage from 0 to 100"):
        services.value_enter(acting_user=agency_lead, indicator=indicator, quarter=last_quarter, value=D("100.5"))


@pytest.mark.django_db
def test_an_indicator_with_inconsistent_thresholds_is_refused(business, agency):
    with pytest.raises(ValidationError) as raised:
        services.indicator_save(
            acting_user=business,
            name="Bad",
            definition="x",
            organisation=agency,
            unit="percent",
            polarity="lower",
            amber_threshold=D("20"),
            red_threshold=D("10"),
        )
    assert "red_threshold" in raised.value.message_dict


@pytest.mark.django_db
def test_a_computed_indicator_takes_its_figures_unit_and_direction_and_cannot_be_typed(business, agency, last_quarter):
    indicator = services.indicator_save(
        acting_user=business,
        name="Overdue actions",
        definition="x",
        organisation=agency,
        unit="percent",
        polarity="higher",
        computed_key=OVERDUE_ACTIONS,
    )
    assert (indicator.unit, indicator.polarity) == ("number", "lower")
    with pytest.raises(PermissionDenied):
        services.value_enter(acting_user=business, indicator=indicator, quarter=last_quarter, value=D("1"))
    assert not indicators_enterable_by(business).filter(pk=indicator.pk).exists()


@pytest.mark.django_db
def test_an_indicator_with_typed_values_cannot_become_computed(indicator, business, last_quarter):
    services.value_enter(acting_user=business, indicator=indicator, quarter=last_quarter, value=D("80"))
    with pytest.raises(DomainError, match="typed values"):
        services.indicator_save(acting_user=business, indicator=indicator, computed_key=OVERDUE_ACTIONS)


@pytest.mark.django_db
def test_a_red_value_tells_the_business_unit(indicator, business, agency_lead, last_quarter):
    from core.models import Notification

    services.value_enter(acting_user=agency_lead, indicator=indicator, quarter=last_quarter, value=D("60"))
    assert Notification.objects.filter(recipient=business, kind="scorecard_exception").exists()


# Overdue actions: a figure the portal computes -----------------------------------------------------------


@pytest.mark.django_db
def test_overdue_actions_counts_actions_overdue_at_the_end_of_the_period(business, chair, member):
    from subgroups.services import groups as group_services
    from subgroups.services import plans as plan_services

    assert assurance.figure(OVERDUE_ACTIONS) is not None
    group = group_services.group_save(acting_user=business, name="Neglect sub-group", kind="subgroup", purpose="x")
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    with time_machine.travel(date(2026, 4, 1)):
        plan = plan_services.plan_create(acting_user=business, title="Plan", owning_group=group)
        late = plan_services.action_add(
            acting_user=business, plan=plan, description="Late", owner=member, due_date=date(2026, 5, 1)
        )
        plan_services.action_add(
            acting_user=business, plan=plan, description="Later", owner=member, due_date=date(2026, 9, 1)
        )
        plan_services.plan_submit(acting_user=business, plan=plan)
        plan_services.plan_approve(acting_user=chair, plan=plan)
    with time_machine.travel(date(2026, 7, 15)):
        plan_services.action_update(acting_user=member, action=late, status="complete", text="Done late")
    with time_machine.travel(date(2026, 12, 1)):
        q1, q2 = Quarter(2026, 1), Quarter(2026, 2)
        assert overdue_actions(q1.start, q1.end) == 1  # due in May, not done by 30 June
        assert overdue_actions(q2.start, q2.end) == 1  # the first done in July; the second overdue by September
        assert overdue_actions(Quarter(2025, 4).start, Quarter(2025, 4).end) == 0  # before the plan was approved


# The overview, an indicator's page and the quarter's form --------------------------------------------------


def _enter_series(indicator, user, values):
    quarters = Quarter.last_complete(timezone.localdate()).back(len(values))
    for quarter, value in zip(quarters, values, strict=True):
        services.value_enter(acting_user=user, indicator=indicator, quarter=quarter, value=D(value), tell=False)
    return quarters


@pytest.mark.django_db
def test_the_overview_rates_each_indicator_and_flags_exceptions(indicator, business, executive, client_for):
    quarters = _enter_series(indicator, business, ["86", "80"])
    rows = selectors.scorecard(executive, quarters[-1])
    assert rows[0].latest.value == D("80") and rows[0].previous.value == D("86")
    assert (rows[0].rating, rows[0].movement.verdict, rows[0].exception) == (rag.AMBER, "worse", True)
    page = client_for(executive).get(reverse("scrutiny:scorecard")).content.decode()
    assert "Return interviews within 72 hours" in page and "Exception" in page and "Down, worse" in page


@pytest.mark.django_db
def test_an_indicators_page_has_the_chart_and_the_same_numbers_in_a_table(indicator, business, member, client_for):
    _enter_series(indicator, business, ["70", "76.5", "88"])
    page = client_for(member).get(indicator.get_absolute_url()).content.decode()
    assert 'role="img"' in page and 'aria-labelledby="trend-title trend-desc"' in page
    assert "<polyline" in page and page.count("<circle") == 3
    assert "lowest 70%, highest 88%, latest 88% against a target of 90%" in page
    table = page[page.index("<table") :]
    for shown in ("70%", "76.5%", "88%"):
        assert shown in table


@pytest.mark.django_db
def test_the_quarters_form_keeps_what_was_typed_and_says_what_is_wrong(indicator, agency_lead, client_for):
    quarter = Quarter.last_complete(timezone.localdate())
    url = reverse("scrutiny:scorecard-enter", args=[quarter.year, quarter.quarter])
    client = client_for(agency_lead)
    snapshot = client.get(url).context["form"].initial["_snapshot"]
    bad = client.post(url, {value_name(indicator): "eighty", notes_name(indicator): "Sickness", "_snapshot": snapshot})
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "Enter the value for Return interviews within 72 hours as a number, like 12 or 45.5" in page
    assert 'value="eighty"' in page and "Sickness" in page
    too_big = client.post(url, {value_name(indicator): "140", "_snapshot": snapshot})
    assert "Enter a percentage from 0 to 100 for Return interviews within 72 hours" in too_big.content.decode()
    nothing = client.post(url, {"_snapshot": snapshot})
    assert "Enter at least one value" in nothing.content.decode()
    saved = client.post(url, {value_name(indicator): "72.5%", notes_name(indicator): "Sickness", "_snapshot": snapshot})
    assert saved.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator).value == D("72.50")


@pytest.mark.django_db
def test_the_quarters_form_lists_only_the_leads_own_indicators(indicator, business, agency_lead, client_for):
    other = services.indicator_save(
        acting_user=business,
        name="Someone else's",
        definition="x",
        organisation=OrganisationFactory(),
        unit="number",
        polarity="lower",
    )
    quarter = Quarter.last_complete(timezone.localdate())
    page = client_for(agency_lead).get(reverse("scrutiny:scorecard-enter", args=[quarter.year, quarter.quarter]))
    assert value_name(indicator) in page.content.decode() and value_name(other) not in page.content.decode()


@pytest.mark.django_db
def test_the_business_unit_adds_an_indicator_and_is_told_about_bad_thresholds(business, agency, client_for):
    client = client_for(business)
    data = {
        "name": "Re-referrals within 12 months",
        "definition": "Referrals for a child referred in the previous 12 months.",
        "organisation": agency.pk,
        "unit": "percent",
        "polarity": "lower",
        "target": "18",
        "amber_threshold": "18",
        "red_threshold": "twelve",
        "frequency": "quarterly",
        "position": "10",
        "is_active": "on",
    }
    refused = client.post(reverse("scrutiny:indicator-create"), data)
    assert refused.status_code == 200
    assert "Enter the red threshold as a number, like 12 or 45.5" in refused.content.decode()
    refused = client.post(reverse("scrutiny:indicator-create"), {**data, "red_threshold": "12"})
    assert "the red threshold must be the same as or higher than the amber threshold" in refused.content.decode()
    saved = client.post(reverse("scrutiny:indicator-create"), {**data, "red_threshold": "24"})
    assert saved.status_code == 302
    assert Indicator.objects.get(name="Re-referrals within 12 months").red_threshold == D("24")


@pytest.mark.django_db
def test_the_export_reimports_unchanged(indicator, business, client_for):
    from scrutiny.scorecard_imports import ScorecardImporter

    _enter_series(indicator, business, ["70", "76.5"])
    response = client_for(business).get(reverse("scrutiny:scorecard-export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Indicator,Organisation,Year,Quarter,Value,Comment,Unit,Rating,Source"
    assert "Return interviews within 72 hours" in text
    preview = ScorecardImporter(business).preview("scorecard.csv", response.content)
    assert [r.action for r in preview.results] == ["unchanged", "unchanged"]
    xlsx = client_for(business).get(reverse("scrutiny:scorecard-export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client_for(business).get(reverse("scrutiny:scorecard-export", args=["pdf"])).status_code == 404


@pytest.mark.django_db
def test_the_outsider_is_refused_every_scorecard_page(indicator, outsider, client_for):
    quarter = Quarter.last_complete(timezone.localdate())
    client = client_for(outsider)
    for url in (
        reverse("scrutiny:scorecard"),
        reverse("scrutiny:scorecard-exceptions"),
        reverse("scrutiny:scorecard-export", args=["csv"]),
        reverse("scrutiny:scorecard-enter-choose"),
        reverse("scrutiny:scorecard-enter", args=[quarter.year, quarter.quarter]),
        reverse("scrutiny:scorecard-import"),
        reverse("scrutiny:indicator-create"),
        indicator.get_absolute_url(),
        reverse("scrutiny:indicator-edit", args=[indicator.pk]),
        reverse("scrutiny:indicator-history", args=[indicator.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url


@pytest.mark.django_db
def test_an_indicator_added_by_mistake_is_deleted_but_one_with_values_is_only_retired(
    indicator, business, agency, client_for, last_quarter
):
    spare = services.indicator_save(
        acting_user=business, name="Typo", definition="x", organisation=agency, unit="number", polarity="lower"
    )
    client = client_for(business)
    assert client.post(reverse("scrutiny:indicator-delete", args=[spare.pk])).status_code == 302
    assert not Indicator.objects.filter(pk=spare.pk).exists()
    services.value_enter(acting_user=business, indicator=indicator, quarter=last_quarter, value=D("80"))
    with pytest.raises(DomainError, match="retire it instead"):
        services.indicator_delete(acting_user=business, indicator=indicator)
    response = client.post(reverse("scrutiny:indicator-delete", args=[indicator.pk]), follow=True)
    assert "has values: retire it instead" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
