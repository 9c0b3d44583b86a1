import io

import pytest
from openpyxl import Workbook

from core.tabular import Column, TableError, read_table, write_csv, write_xlsx

COLUMNS = [Column("name", "Name", required=True), Column("kind", "Kind", required=True), Column("phone", "Phone")]


def test_reads_csv_with_bom_and_headings_in_any_case():
    rows = read_table("d.csv", "\ufeffNAME,kind\nOakfield,School\n".encode(), COLUMNS)
    assert [(r.number, r.values) for r in rows] == [(2, {"name": "Oakfield", "kind": "School"})]


def test_reads_xlsx():
    workbook = Workbook()
    workbook.active.append(["Name", "Kind", "Phone"])
    workbook.active.append(["Oakfield", "School", 1234])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_table("d.xlsx", buffer.getvalue(), COLUMNS)
    assert rows[0].values == {"name": "Oakfield", "kind": "School", "phone": "1234"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("d.csv", b"", "The selected file is empty"),
        ("d.txt", b"Name,Kind\n", "The selected file must be a CSV or XLSX file"),
        ("d.csv", "Name,Kind\nCaf\xe9,Other\n".encode("latin-1"), "must be saved as UTF-8"),
        ("d.csv", b"Name,Colour\nA,red\n", "columns the portal does not recognise: \u201ccolour\u201d"),
        ("d.csv", b"Name\nA\n", "missing required columns: Kind"),
        ("d.csv", b"Name,Kind,name\nA,B,C\n", "the same column more than once: name"),
        ("d.csv", b"Name,Kind\n", "headings but no rows"),
        ("d.xlsx", b"this is not a spreadsheet", "not a real XLSX spreadsheet"),
        ("d.xlsx", b"PK\x03\x04garbage", "not a real XLSX spreadsheet"),
    ],
)
def test_refuses_bad_files_with_a_message(name, content, message):
    with pytest.raises(TableError) as caught:
        read_table(name, content, COLUMNS)
    assert message in str(caught.value)


def test_exports_guard_against_formulas_and_imports_take_the_guard_off():
    csv_bytes = write_csv(["Name", "Kind", "Phone"], [["=HYPERLINK(1)", "Other", "+44 161 555 0100"]])
    assert b"'=HYPERLINK(1)" in csv_bytes and b"'+44 161" in csv_bytes
    rows = read_table("d.csv", csv_bytes, COLUMNS)
    assert rows[0].values == {"name": "=HYPERLINK(1)", "kind": "Other", "phone": "+44 161 555 0100"}
    xlsx_bytes = write_xlsx(["Name", "Kind", "Phone"], [["@SUM(A1)", "Other", ""]])
    assert read_table("d.xlsx", xlsx_bytes, COLUMNS)[0].values["name"] == "@SUM(A1)"


# Writing: every export is ready to work with ----------------------------------------------------


def _sheet(content: bytes, index: int = 0):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content)).worksheets[index]


def test_xlsx_keeps_numbers_and_dates_as_numbers_and_dates():
    from datetime import UTC, date, datetime
    from decimal import Decimal

    aware = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 9:30 in London too: GMT in March
    content = write_xlsx(
        ["Name", "Count", "Rate", "Share", "Due", "Changed", "Done", "Note"],
        [["Oakfield", 12, Decimal("81.5"), 0.25, date(2026, 3, 31), aware, True, "-5 is text"]],
    )
    row = [cell.value for cell in _sheet(content)[2]]
    assert row[:4] == ["Oakfield", 12, 81.5, 0.25]
    assert row[4].date() == date(2026, 3, 31) and row[5] == aware.replace(tzinfo=None)
    assert row[6:] == ["yes", "'-5 is text"]


def test_xlsx_has_a_frozen_bold_header_a_filter_and_columns_sized_to_fit():
    rows = [["Oakfield Primary School with a long name", n, "x"] for n in range(30)]
    sheet = _sheet(write_xlsx(["Name", "Count", "Tiny"], iter(rows), title="Schools"))
    assert sheet.title == "Schools"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C31"
    assert sheet["A1"].font.b and sheet["C1"].font.b
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}
    assert widths["A"] >= len(rows[0][0]) and widths["B"] == widths["C"] == 8
    assert sheet.max_row == 31


def test_a_very_long_cell_does_not_make_a_column_wider_than_a_screen():
    sheet = _sheet(write_xlsx(["Notes"], [["word " * 200]]))
    assert sheet.column_dimensions["A"].width == 60
