"""Scorecard values from a spreadsheet (CSV or XLSX), and the export that doubles as its template.

One row per indicator and quarter. Indicators are matched by name (case-insensitive); the year
is the reporting year ("2025-26", or 2025 for April 2025 to March 2026) and the quarter 1 to 4
("Q1" works too). The organisation, unit and rating columns of the export are there to read
and are ignored on import; a computed figure's rows (source "Computed by the portal") are left
alone. A file with any rejected row saves nothing.
"""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction

from core import calendar
from core.services import DomainError
from core.tabular import Action, Column, Importer, Row, RowResult, TableError

from . import permissions_reporting as permissions
from .models import Indicator, IndicatorValue
from .models.scorecard import value_error
from .periods import Quarter, parse_quarter, parse_year, short_year_label
from .services import scorecard as services

COMPUTED = "Computed by the portal"
TYPED = "Typed"
COLUMNS = [
    Column("indicator", "Indicator", required=True),
    Column("organisation", "Organisation"),
    Column("year", "Year", required=True),
    Column("quarter", "Quarter", required=True),
    Column("value", "Value", required=True),
    Column("comment", "Comment"),
    Column("unit", "Unit"),
    Column("rating", "Rating"),
    Column("source", "Source"),
]
READ_ONLY = ("organisation", "unit", "rating")
LARGEST = Decimal("9999999999.99")
CENT = Decimal("0.01")


class ScorecardImporter(Importer):
    columns = COLUMNS

    def __init__(self, user):
        self.user = user

    def check_rows(self, rows: list[Row]) -> list[RowResult]:
        indicators = {i.name.lower(): i for i in Indicator.objects.select_related("organisation")}
        enterable = set(permissions.indicators_enterable_by(self.user).values_list("pk", flat=True))
        results = [self._check(row, indicators, enterable) for row in rows]
        _refuse_duplicates(results)
        _compare_with_saved(results)
        return results

    def _check(self, row: Row, indicators: dict, enterable: set[int]) -> RowResult:
        values = row.values
        name = " ".join(values.get("indicator", "").split())
        result = RowResult(number=row.number, label=name or "(no indicator)", action=Action.REJECT)
        errors = result.errors
        indicator = indicators.get(name.lower()) if name else None
        if not name:
            errors.append("Enter the indicator’s name")
        elif indicator is None:
            errors.append(f"There is no indicator called “{name}”: use the names from the export")
        quarter = _quarter(values, errors)
        if quarter is not None:
            result.label = f"{indicator or name or '(no indicator)'}, {quarter.label}"
        if indicator is not None and indicator.is_computed:
            if values.get("source", "").strip().lower() == COMPUTED.lower():
                result.action = Action.UNCHANGED if not errors else Action.REJECT
                result.changes = ["Computed by the portal: not imported"]
                return result
            errors.append(f"“{indicator}” is computed by the portal: its values cannot be typed or imported")
            return result
        if indicator is not None:
            if not indicator.is_active:
                errors.append(f"“{indicator}” is no longer in use")
            elif indicator.pk not in enterable:
                errors.append(
                    f"“{indicator}” belongs to {indicator.organisation}: only its lead or the business unit can "
                    "enter its values"
                )
        value = _value(values.get("value", ""), indicator, errors)
        if errors:
            return result
        result.cleaned = {
            "indicator": indicator,
            "quarter": quarter,
            "value": value,
            "comment": values.get("comment", "").strip(),
        }
        result.action = Action.CREATE
        return result

    def apply(self, filename: str, content: bytes, *, acting_user):
        """All the file's values in one transaction, quarter by quarter, or none of them."""
        with transaction.atomic():
            preview = self.preview(filename, content)
            if not preview.can_apply:
                raise TableError("The file can no longer be imported as previewed; check it again")
            by_quarter = defaultdict(list)
            for result in preview.results:
                if result.action in (Action.CREATE, Action.UPDATE):
                    data = result.cleaned
                    by_quarter[data["quarter"]].append((data["indicator"], data["value"], data["comment"]))
            try:
                for quarter, rows in sorted(by_quarter.items()):
                    services.values_enter(acting_user=acting_user, quarter=quarter, rows=rows)
            except DomainError as error:
                raise TableError(f"Nothing was imported: {error}") from None
            return preview


def _quarter(values: dict, errors: list[str]) -> Quarter | None:
    raw_year, raw_quarter = values.get("year", ""), values.get("quarter", "")
    year, number = parse_year(raw_year), parse_quarter(raw_quarter)
    if year is None:
        errors.append(f"Year “{raw_year}” must be a reporting year, like 2025-26")
    if number is None:
        errors.append(f"Quarter “{raw_quarter}” must be 1, 2, 3 or 4")
    if year is None or number is None:
        return None
    quarter = Quarter(year, number)
    if quarter.start > calendar.today():
        errors.append(f"{quarter.label} has not started yet")
    return quarter


def _value(raw: str, indicator: Indicator | None, errors: list[str]) -> Decimal | None:
    text = raw.strip().replace(",", "").removesuffix("%").strip()
    if not text:
        errors.append("Enter the value")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(f"Value “{raw}” must be a number, like 12 or 45.5")
        return None
    if not value.is_finite() or abs(value) > LARGEST:
        errors.append(f"Value “{raw}” must be a number, like 12 or 45.5")
        return None
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if indicator is not None:
        message = value_error(indicator.unit, value)
        if message:
            errors.append(f"Value “{raw}”: {message[0].lower()}{message[1:]}")
    return value


def _refuse_duplicates(results: list[RowResult]) -> None:
    keys = Counter(_key(r) for r in results if r.cleaned)
    for result in results:
        if result.cleaned and keys[_key(result)] > 1:
            data = result.cleaned
            result.errors.append(
                f"{data['quarter'].label} for “{data['indicator']}” appears more than once in the file"
            )
            result.action = Action.REJECT


def _key(result: RowResult) -> tuple[int, Quarter]:
    return result.cleaned["indicator"].pk, result.cleaned["quarter"]


def _compare_with_saved(results: list[RowResult]) -> None:
    """Rows for values already saved are changes (or nothing to do): one query for the file."""
    pending = [r for r in results if r.action == Action.CREATE]
    if not pending:
        return
    years = {r.cleaned["quarter"].year for r in pending}
    saved = {
        (row.indicator_id, row.period): row
        for row in IndicatorValue.objects.filter(
            indicator_id__in={r.cleaned["indicator"].pk for r in pending}, year__in=years
        )
    }
    for result in pending:
        data = result.cleaned
        existing = saved.get((data["indicator"].pk, data["quarter"]))
        if existing is None:
            continue
        indicator = data["indicator"]
        if existing.value != data["value"]:
            result.changes.append(f"Value: {indicator.show(existing.value)} to {indicator.show(data['value'])}")
        if existing.comment != data["comment"]:
            result.changes.append("Comment changed")
        result.action = Action.UPDATE if result.changes else Action.UNCHANGED


def export_table(rows) -> tuple[list[str], list[list]]:
    """The export, in the columns the import reads."""
    headers = [c.header for c in COLUMNS]
    table = [
        [
            indicator.name,
            indicator.organisation.name,
            short_year_label(reading.quarter.year),
            f"Q{reading.quarter.quarter}",
            reading.value,
            reading.comment,
            indicator.get_unit_display(),
            reading.rating_label if reading.rating else "",
            COMPUTED if reading.computed else TYPED,
        ]
        for indicator, reading in rows
    ]
    return headers, table
