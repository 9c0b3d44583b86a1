"""Reading and writing the spreadsheets people exchange with the portal (CSV and XLSX).

`read_table` turns an upload into rows keyed by column, or raises `TableError` with a message
fit to show the user (wrong columns, bad encoding, not really a spreadsheet). `Importer` is
the dry-run-then-apply shape every import follows: a preview says, row by row, what would be
created, changed, left alone or rejected and why; applying happens in one transaction and
only when no row is rejected, so nothing is ever half-imported.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from partnership.models import User

MAX_ROWS = 10_000
# Cells starting with these would run as formulas in Excel (CSV injection); exports prefix
# them with an apostrophe and imports take it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What a spreadsheet cell holds (see _cell_value).
CellValue: TypeAlias = str | int | float | Decimal | date


class TableError(Exception):
    """The whole file is refused; the message is shown to the user."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False


@dataclass
class Row:
    number: int  # the row's number as the user sees it in their spreadsheet (header is 1)
    values: dict[str, str]


def read_table(filename: str, content: bytes, columns: list[Column]) -> list[Row]:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not content:
        raise TableError("The selected file is empty")
    if extension == "csv":
        grid = _read_csv(content)
    elif extension == "xlsx":
        grid = _read_xlsx(content)
    else:
        raise TableError("The selected file must be a CSV or XLSX file")
    return _rows(grid, columns)


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("The selected file must be saved as UTF-8 (in Excel, choose “CSV UTF-8”)") from None
    if "\x00" in text:
        raise TableError("The selected file is not a CSV file")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise TableError(f"The selected file could not be read as CSV: {error}") from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TableError("The selected file is not a real XLSX spreadsheet")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise TableError("The selected file is not a real XLSX spreadsheet") from None
    try:
        sheet = workbook.worksheets[0]
        grid: list[list[str]] = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index > MAX_ROWS + 1:
                break
            grid.append([_cell_text(value) for value in row])
        return grid
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(grid: list[list[str]], columns: list[Column]) -> list[Row]:
    grid = [row for row in grid if any(str(cell).strip() for cell in row)] if grid else []
    if not grid:
        raise TableError("The selected file is empty")
    headers = [_normalise_header(h) for h in grid[0]]
    by_header = {_normalise_header(c.header): c for c in columns}
    by_header.update({_normalise_header(c.key): c for c in columns})
    unknown = [h for h in headers if h and h not in by_header]
    if unknown:
        raise TableError(
            "The file has columns the portal does not recognise: "
            + ", ".join(f"“{h}”" for h in unknown)
            + ". Use the headings from the export."
        )
    seen = [by_header[h].key for h in headers if h]
    duplicated = sorted({k for k in seen if seen.count(k) > 1})
    if duplicated:
        raise TableError("The file has the same column more than once: " + ", ".join(duplicated))
    missing = [c.header for c in columns if c.required and c.key not in seen]
    if missing:
        raise TableError("The file is missing required columns: " + ", ".join(missing))
    if len(grid) - 1 > MAX_ROWS:
        raise TableError(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files")
    if len(grid) == 1:
        raise TableError("The file has headings but no rows")
    rows: list[Row] = []
    for number, raw in enumerate(grid[1:], start=2):
        values: dict[str, str] = {}
        for header, cell in zip(headers, raw, strict=False):
            if header:
                values[by_header[header].key] = _unescape(str(cell).strip())
        rows.append(Row(number=number, values=values))
    return rows


def _normalise_header(value: object) -> str:
    return " ".join(str(value or "").strip().lower().replace("_", " ").split())


def _unescape(value: str) -> str:
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def _escape(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(headers: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_escape(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(headers: list[str], rows: Iterable[Iterable[object]], *, title: str = "Sheet1") -> bytes:
    return write_workbook([(title, headers, rows)])


# Column widths are measured on the headers and the first rows (rows may be a generator over
# a large query); a column is never narrower or wider than these, in characters.
WIDTH_SAMPLE = 500
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT, DATETIME_FORMAT = "d mmm yyyy", "d mmm yyyy hh:mm"


def write_workbook(sheets: Iterable[tuple[str, list[str], Iterable[Iterable[object]]]]) -> bytes:
    """One workbook, a sheet per (title, headers, rows), each ready to work with: numbers and
    dates stored as numbers and dates (so they sort and sum), text guarded against formulas,
    the header row bold and frozen, a filter on every column and the columns sized to fit."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_name(title, used))
        rows = iter(rows)
        sample = [[_cell_value(v) for v in row] for row in itertools.islice(rows, WIDTH_SAMPLE)]
        for index, width in enumerate(_widths(headers, sample), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_header_cell(sheet, h) for h in headers])
        count = 0
        for row in itertools.chain(sample, ([_cell_value(v) for v in row] for row in rows)):
            sheet.append([_data_cell(sheet, v) for v in row])
            count += 1
        if headers:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value: object) -> CellValue:
    """What a spreadsheet cell holds for a value: numbers, dates and times as themselves (an
    aware time in the portal's time zone: Excel has none), anything else as guarded text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return _escape(value)


def _widths(headers: list[str], sample: list[list[CellValue]]) -> list[float]:
    widths: list[float] = []
    for index, header in enumerate(headers):
        longest = len(str(header))
        for row in sample:
            if index < len(row):
                longest = max(longest, _display_length(row[index]))
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def _display_length(value: object) -> int:
    if isinstance(value, datetime):
        return 17
    if isinstance(value, date):
        return 11
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _sheet_name(title: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\\, and unique within the workbook.
    base = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base} {n}", n + 1
    used.add(name.lower())
    return name


def _header_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    cell = WriteOnlyCell(sheet, value=_escape(text))
    cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def _data_cell(sheet: WriteOnlyWorksheet, value: CellValue) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and "\n" in value:
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class RowResult:
    number: int
    label: str
    action: Action
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)
    instance: object = None


@dataclass
class Preview:
    results: list[RowResult]

    def count(self, action: Action) -> int:
        return sum(1 for r in self.results if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a.value: self.count(a) for a in Action}

    @property
    def can_apply(self) -> bool:
        return self.count(Action.REJECT) == 0 and any(r.action in (Action.CREATE, Action.UPDATE) for r in self.results)


class Importer:
    """Subclasses set `columns` and implement `check_rows` and `apply_row`."""

    columns: list[Column] = []

    def preview(self, filename: str, content: bytes) -> Preview:
        rows = read_table(filename, content, self.columns)
        return Preview(results=self.check_rows(rows))

    def check_rows(self, rows: list[Row]) -> list[RowResult]:
        raise NotImplementedError

    def apply(self, filename: str, content: bytes, *, acting_user: User) -> Preview:
        """Re-check the file (the data may have changed since the dry run) and apply it
        whole, or raise TableError and change nothing."""
        with transaction.atomic():
            preview = self.preview(filename, content)
            if not preview.can_apply:
                raise TableError("The file can no longer be imported as previewed; check it again")
            for result in preview.results:
                if result.action in (Action.CREATE, Action.UPDATE):
                    self.apply_row(result, acting_user=acting_user)
            return preview

    def apply_row(self, result: RowResult, *, acting_user: User) -> None:
        raise NotImplementedError
