"""Every spreadsheet export the portal offers, downloaded as someone who may: numbers are
numbers, the header is frozen with a filter on it, and the columns have widths (the shared
writer in core.tabular; this proves each call site hands it numbers, not text)."""

import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return load_workbook(io.BytesIO(b"".join(response) if response.streaming else response.content))


def _column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _assert_ready(workbook):
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.column_dimensions["A"].width, sheet.title


# (URL, who downloads it, {column: the type its values must have}); each is in the URL matrix too.
EXPORTS = {
    "scorecard": (
        lambda w: reverse("scrutiny:scorecard-export", args=["xlsx"]),
        "business",
        {"Value": (int, float)},
    ),
    "directory": (lambda w: reverse("partnership:directory-export", kwargs={"fmt": "xlsx"}), "business", {}),
    "audit answers": (
        lambda w: reverse("audits:cycle-export", args=[w["audit_cycle"].pk]),
        "business",
        {"Last changed": (datetime,)},
    ),
    "audit framework": (lambda w: reverse("audits:version-export", args=[w["audit_version"].pk]), "business", {}),
    "personal data": (
        lambda w: reverse("partnership:person-export", args=[w["person"].pk]),
        "business",
        {"Rows": (int,)},
    ),
}


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_is_ready_to_work_with(name, shared_world, client):
    world = shared_world  # one world per module; each test's writes are undone
    url, who, types = EXPORTS[name]
    workbook = _download(client, world[who], url(world))
    _assert_ready(workbook)
    for header, expected in types.items():
        values = [v for v in _column(workbook.worksheets[0], header) if v not in (None, "")]
        assert values, (name, header)
        assert all(isinstance(v, expected) for v in values), (name, header, values[:5])
