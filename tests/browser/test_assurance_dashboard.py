"""Assurance end to end: an agency lead enters a quarter's scorecard values (and is told what
is wrong first), the executive opens the dashboard, and the business unit builds the yearly
report's PDF. axe finds nothing on any page, the trend chart's table alternative included."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnership.models import BudgetContribution
from scrutiny.models import IndicatorValue
from scrutiny.periods import Quarter, year_of
from scrutiny.services import report as report_services
from scrutiny.services import scorecard as scorecard_services

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scorecard(business, agency, council):
    indicator = scorecard_services.indicator_save(
        acting_user=business,
        name="Return interviews within 72 hours",
        definition="Children back from a missing episode offered a return interview within 72 hours.",
        organisation=agency,
        unit="percent",
        polarity="higher",
        target=Decimal("90"),
        amber_threshold=Decimal("90"),
        red_threshold=Decimal("80"),
    )
    last = Quarter.last_complete(timezone.localdate())
    for quarter, value in zip(last.previous().back(4), ("84", "86", "88", "85"), strict=True):
        scorecard_services.value_enter(
            acting_user=business, indicator=indicator, quarter=quarter, value=Decimal(value), tell=False
        )
    BudgetContribution.objects.create(
        financial_year=year_of(timezone.localdate()), organisation=council, cash_amount=Decimal("150000")
    )
    return indicator


def test_a_quarters_values_the_dashboard_and_the_yearly_report(
    page, live_server, sign_in, business, executive, agency_lead, scorecard
):
    quarter = Quarter.last_complete(timezone.localdate())

    # The agency lead is asked for the quarter's value on My work.
    sign_in(agency_lead)
    expect(page.get_by_role("heading", name=f"Scorecard values due for {quarter.label}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Enter the values for {quarter.label}").click()
    expect(page.get_by_role("heading", name=f"Enter values for {quarter.label}")).to_be_visible()
    value = page.get_by_label(f"Return interviews within 72 hours: value for {quarter.label}")
    comment = page.get_by_label("Comment on Return interviews within 72 hours (optional)")
    value.fill("seventy")
    comment.fill("Two return interview workers left in the summer.")
    page.get_by_role("button", name="Save values").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the value for Return interviews within 72 hours as a number, like 12 or 45.5"
    )
    expect(comment).to_have_value("Two return interview workers left in the summer.")
    assert_accessible(page)
    value.fill("76.5")
    page.get_by_role("button", name="Save values").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Values saved for {quarter.label}: 1 new"
    )
    assert IndicatorValue.objects.get(indicator=scorecard, year=quarter.year, quarter=quarter.quarter).value == Decimal(
        "76.50"
    )
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    assert_accessible(page)

    # Its page: the chart, and the same numbers in a table beside it.
    page.get_by_role("link", name="Return interviews within 72 hours").first.click()
    chart = page.get_by_role("img", name="Trend of Return interviews within 72 hours")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Values, ")
    expect(table).to_contain_text("76.5%")
    expect(table).to_contain_text("Red")
    assert_accessible(page)

    # The executive sees it as an exception on the dashboard, linked to the indicator.
    page.context.clear_cookies()
    sign_in(executive)
    page.get_by_role("link", name="open the executive dashboard").click()
    expect(page.get_by_role("heading", name="Executive dashboard")).to_be_visible()
    exceptions = page.locator("#scorecard")
    expect(exceptions).to_contain_text("1 exception on the scorecard")
    expect(exceptions.get_by_role("link", name="Return interviews within 72 hours")).to_be_visible()
    expect(page.locator("#budget")).to_contain_text("100%")
    assert_accessible(page)

    # The business unit starts the yearly report, writes a section and builds the PDF.
    page.context.clear_cookies()
    sign_in(business)
    page.goto(f"{live_server.url}/assurance/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a yearly report").click()
    page.get_by_role("button", name="Start the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the reporting year")
    assert_accessible(page)
    year = year_of(timezone.localdate())
    page.get_by_label(f"{year} to {year + 1} (April to March)").check()
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", name=f"Yearly report {year} to {year + 1}", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit “The voice of children and families”").click()
    page.get_by_label("The voice of children and families").fill("The youth board rewrote our leaflet.")
    page.get_by_role("button", name="Save section").click()
    expect(page.locator("#section-voice")).to_contain_text("The youth board rewrote our leaflet.")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Build a draft PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    report = report_services.YearlyReport.objects.get(year=year)
    assert report.voice == "The youth board rewrote our leaflet."
    assert report.published_on is None and report.created_at > timezone.now() - timedelta(minutes=10)


def test_the_executive_dashboard_leads_with_four_figures_each_with_target_trend_and_table(
    page, sign_in, business, executive, agency, scorecard
):
    from core.services import deadlines as clock

    today = timezone.localdate()
    # A worse value typed today for the quarter under way shows at once.
    scorecard_services.value_enter(
        acting_user=business, indicator=scorecard, quarter=Quarter.of(today), value=Decimal("60"), tell=False
    )
    clock.deadline_create(
        subject=agency,
        rule_key="serious_incident_notification",
        start=today - timedelta(days=20),
        due_date=today - timedelta(days=1),
        title="Notify the Panel of an incident",
        responsible_organisation=agency,
    )
    sign_in(executive)
    page.get_by_role("link", name="open the executive dashboard").click()
    headlines = page.locator("#headlines")
    expect(headlines.get_by_role("heading", name="The figures to decide on")).to_be_visible()
    for title in (
        "Statutory deadlines met on time",
        "Overdue actions",
        "Risks escalated to the Executive",
        "Scorecard exceptions",
    ):
        expect(headlines.get_by_role("heading", name=title, exact=True)).to_be_visible()
    exceptions = page.locator("#headline-scorecard-exceptions")
    expect(exceptions).to_contain_text(f"{Quarter.of(today).label}, the latest quarter with values")
    expect(exceptions).to_contain_text("Target: 0")
    expect(exceptions).to_contain_text("Off target")
    expect(exceptions.get_by_role("img", name="Scorecard exceptions by quarter")).to_be_visible()
    met = page.locator("#headline-deadlines-met")
    expect(met).to_contain_text("Target: 100%")
    expect(met.get_by_role("img", name="Statutory deadlines met on time by quarter")).to_be_visible()
    # The sparkline's numbers as a table, for those who cannot see the line.
    met.get_by_text("Statutory deadlines met on time by quarter, as a table").click()
    expect(met.get_by_role("table")).to_contain_text("0%")
    expect(page.locator("#scorecard")).to_contain_text(f"1 exception on the scorecard for {Quarter.of(today).label}")
    assert_accessible(page)


def test_what_the_dashboard_keeps_gives_way_to_a_value_entered_by_someone_else(
    page, browser, live_server, sign_in, business, executive, scorecard
):
    """The executive's dashboard is kept between visits (core.kept); a value the business unit
    enters in its own browser shows on the executive's next visit, without the executive
    signing in again (both are signed in before the first visit: a sign-in is a change too)."""
    from tests.factories import PASSWORD

    quarter = Quarter.last_complete(timezone.localdate())
    other = browser.new_context()
    try:
        theirs = other.new_page()
        theirs.goto(f"{live_server.url}/accounts/login/")
        theirs.get_by_label("Email address").fill(business.email)
        theirs.get_by_label("Password").fill(PASSWORD)
        theirs.get_by_role("button", name="Sign in").click()
        theirs.wait_for_url(f"{live_server.url}/")
        theirs.goto(f"{live_server.url}/assurance/scorecard/enter/{quarter.year}/{quarter.quarter}/")

        sign_in(executive)
        page.goto(f"{live_server.url}/dashboard/")
        exceptions = page.locator("#scorecard")
        expect(exceptions).not_to_contain_text(quarter.label)
        page.reload()  # kept from the visit before
        expect(exceptions).not_to_contain_text(quarter.label)

        theirs.get_by_label(f"Return interviews within 72 hours: value for {quarter.label}").fill("61")
        theirs.get_by_role("button", name="Save values").click()
        expect(theirs.locator(".govuk-notification-banner--success")).to_contain_text(
            f"Values saved for {quarter.label}: 1 new"
        )
    finally:
        other.close()

    page.reload()
    expect(exceptions).to_contain_text(f"1 exception on the scorecard for {quarter.label}")
    expect(page.locator("#headline-scorecard-exceptions")).to_contain_text(f"{quarter.label}, the latest quarter")
    assert_accessible(page)
