"""Scorecard values from a spreadsheet: a dry run with row-level errors, and a file with any
rejected row saves nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import PendingImport
from core.tabular import Action, TableError, write_xlsx
from scrutiny.figures import OVERDUE_ACTIONS
from scrutiny.models import IndicatorValue
from scrutiny.periods import Quarter
from scrutiny.scorecard_imports import ScorecardImporter
from scrutiny.services import scorecard as services
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
HEADER = "Indicator,Year,Quarter,Value,Comment\n"


@pytest.fixture
def quarter():
    return Quarter.last_complete(timezone.localdate())


@pytest.fixture
def police_indicator(business):
    return services.indicator_save(
        acting_user=business,
        name="Repeat MARAC referrals",
        definition="x",
        organisation=OrganisationFactory(name="Testshire Police", kind="police"),
        unit="percent",
        polarity="lower",
    )


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def test_a_good_file_previews_row_by_row_and_applies_whole(indicator, agency_lead, quarter):
    previous = quarter.previous()
    services.value_enter(acting_user=agency_lead, indicator=indicator, quarter=previous, value=Decimal("80"))
    content = _csv(
        f"Return interviews within 72 hours,{previous.year}-{(previous.year + 1) % 100:02d},Q{previous.quarter},82,",
        f'return interviews within 72 HOURS,{quarter.year},{quarter.quarter},"1,0.5%",Better',
    )
    importer = ScorecardImporter(agency_lead)
    preview = importer.preview("values.csv", content)
    assert [r.action for r in preview.results] == [Action.UPDATE, Action.CREATE]
    assert preview.results[0].changes == ["Value: 80% to 82%"]
    assert preview.can_apply
    importer.apply("values.csv", content, acting_user=agency_lead)
    saved = {row.period: row for row in IndicatorValue.objects.filter(indicator=indicator)}
    assert saved[previous].value == Decimal("82") and saved[quarter].value == Decimal("10.50")
    assert saved[quarter].comment == "Better" and saved[quarter].entered_by == agency_lead


def test_bad_rows_are_refused_row_by_row_and_nothing_is_saved(indicator, police_indicator, agency_lead, quarter):
    future = Quarter.of(timezone.localdate()).next()
    y, q = quarter.year, quarter.quarter
    content = _csv(
        f"No such indicator,{y},{q},50,",  # row 2
        f"Return interviews within 72 hours,{y},{q},lots,",  # 3: not a number
        f"Return interviews within 72 hours,{y},5,50,",  # 4: bad quarter
        f"Return interviews within 72 hours,twenty,{q},50,",  # 5: bad year
        f"Repeat MARAC referrals,{y},{q},30,",  # 6: another organisation's indicator
        f"Return interviews within 72 hours,{quarter.previous().year},{quarter.previous().quarter},101,",  # 7: >100%
        f"Return interviews within 72 hours,{future.year},{future.quarter},50,",  # 8: not started
        f"Return interviews within 72 hours,{y},{q},50,",  # 9: duplicate
        f"Return interviews within 72 hours,{y},Q{q},51,",  # 10: duplicate
        f",{y},{q},50,",  # 11: no indicator
    )
    before = IndicatorValue.objects.count()
    importer = ScorecardImporter(agency_lead)
    preview = importer.preview("values.csv", content)
    errors = {r.number: r.errors for r in preview.results}
    assert errors[2] == ["There is no indicator called “No such indicator”: use the names from the export"]
    assert errors[3] == ["Value “lots” must be a number, like 12 or 45.5"]
    assert errors[4] == ["Quarter “5” must be 1, 2, 3 or 4"]
    assert errors[5] == ["Year “twenty” must be a reporting year, like 2025-26"]
    assert errors[6] == [
        "“Repeat MARAC referrals” belongs to Testshire Police: only its lead or the business unit can enter its values"
    ]
    assert errors[7] == ["Value “101”: enter a percentage from 0 to 100"]
    assert errors[8] == [f"{future.label} has not started yet"]
    assert (
        errors[9]
        == errors[10]
        == [f"{quarter.label} for “Return interviews within 72 hours” appears more than once in the file"]
    )
    assert errors[11] == ["Enter the indicator’s name"]
    assert all(r.action == Action.REJECT for r in preview.results)
    assert not preview.can_apply
    with pytest.raises(TableError):
        importer.apply("values.csv", content, acting_user=agency_lead)
    assert IndicatorValue.objects.count() == before


def test_one_bad_row_stops_the_good_ones_too(indicator, agency_lead, quarter):
    content = _csv(
        f"Return interviews within 72 hours,{quarter.year},{quarter.quarter},80,",
        f"Return interviews within 72 hours,{quarter.previous().year},{quarter.previous().quarter},n/a,",
    )
    preview = ScorecardImporter(agency_lead).preview("values.csv", content)
    assert [r.action for r in preview.results] == [Action.CREATE, Action.REJECT]
    with pytest.raises(TableError):
        ScorecardImporter(agency_lead).apply("values.csv", content, acting_user=agency_lead)
    assert not IndicatorValue.objects.exists()


def test_the_business_unit_may_import_any_organisations_values(police_indicator, business, quarter):
    content = _csv(f"Repeat MARAC referrals,{quarter.year},{quarter.quarter},31.2,")
    ScorecardImporter(business).apply("values.csv", content, acting_user=business)
    assert IndicatorValue.objects.get(indicator=police_indicator).value == Decimal("31.20")


def test_a_computed_figure_is_not_imported(business, agency, quarter):
    services.indicator_save(
        acting_user=business,
        name="Overdue actions",
        definition="x",
        organisation=agency,
        unit="number",
        polarity="lower",
        computed_key=OVERDUE_ACTIONS,
    )
    typed = ScorecardImporter(business).preview("v.csv", _csv(f"Overdue actions,{quarter.year},{quarter.quarter},4,"))
    assert typed.results[0].errors == [
        "“Overdue actions” is computed by the portal: its values cannot be typed or imported"
    ]
    exported = ScorecardImporter(business).preview(
        "v.csv",
        f"Indicator,Year,Quarter,Value,Source\nOverdue actions,{quarter.year},{quarter.quarter},4,Computed by the portal\n".encode(),
    )
    assert exported.results[0].action == Action.UNCHANGED


def test_an_xlsx_file_is_read_the_same_way(indicator, agency_lead, quarter):
    content = write_xlsx(
        ["Indicator", "Year", "Quarter", "Value", "Comment"],
        [["Return interviews within 72 hours", f"{quarter.year}", f"Q{quarter.quarter}", "77", "Fewer staff"]],
    )
    ScorecardImporter(agency_lead).apply("values.xlsx", content, acting_user=agency_lead)
    assert IndicatorValue.objects.get(indicator=indicator).comment == "Fewer staff"


def test_a_file_without_the_required_columns_is_refused_at_upload(indicator, agency_lead, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(agency_lead).post(
        reverse("scrutiny:scorecard-import"),
        {"file": SimpleUploadedFile("values.csv", b"Indicator,Value\nReturn interviews within 72 hours,50\n")},
    )
    assert response.status_code == 200
    assert "The file is missing required columns: Year, Quarter" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_the_import_pages_show_the_errors_and_confirming_a_bad_file_saves_nothing(
    indicator, agency_lead, client_for, quarter
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(agency_lead)
    bad = _csv(f"Return interviews within 72 hours,{quarter.year},{quarter.quarter},lots,")
    uploaded = client.post(reverse("scrutiny:scorecard-import"), {"file": SimpleUploadedFile("values.csv", bad)})
    assert uploaded.status_code == 302
    preview = client.get(uploaded["Location"])
    page = preview.content.decode()
    assert "The file cannot be imported" in page and "Row 2: Value “lots” must be a number" in page
    confirmed = client.post(uploaded["Location"])
    assert confirmed.status_code == 302 and not IndicatorValue.objects.exists()

    good = _csv(f"Return interviews within 72 hours,{quarter.year},{quarter.quarter},79,")
    uploaded = client.post(reverse("scrutiny:scorecard-import"), {"file": SimpleUploadedFile("values.csv", good)})
    confirmed = client.post(uploaded["Location"])
    assert confirmed.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("79")


def test_the_outsider_and_a_member_cannot_import(member, outsider, client_for):
    for user in (member, outsider):
        assert client_for(user).get(reverse("scrutiny:scorecard-import")).status_code == 403
