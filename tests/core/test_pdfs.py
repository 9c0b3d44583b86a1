"""Every PDF the portal makes is fit to publish: tagged PDF/UA with its language and title
(tests.helpers.pdf_problems), table headers repeated and rows whole, and no user text able to
reach the stylesheet. The renderers are found by the modules that call core.pdf.render_pdf: a
new PDF fails here until it is added to RENDERERS."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.helpers import pdf_problems


def _yearly_report(w):
    from scrutiny.report import render_report_pdf

    return render_report_pdf(w["draft_report"])


def _yearly_report_for_sign_off(w):
    from scrutiny.report import render_report_pdf

    return render_report_pdf(w["signoff_report"])


def _audit_cycle_report(w):
    from audits.reports import report_pdf

    return report_pdf(w["audit_cycle"], timezone.localdate())


def _audit_cycle_report_stored(w):
    """Built as a worker builds it, and read back from its stored file as the view serves it."""
    from audits.reports import AGREED
    from audits.selectors.cycles import cycle_report_file
    from audits.services.reports import cycle_report_build

    cycle_report_build(cycle_id=w["audit_cycle"].pk, basis=AGREED)
    stored = cycle_report_file(w["audit_cycle"], AGREED)
    assert stored is not None
    with stored.pdf.open("rb") as file:
        return file.read()


def _feedback_letter(w):
    from audits.letters import render_feedback_letter

    return render_feedback_letter(w["audit_submitted"], signed_by=w["business"])


def _rapid_review(w):
    from reviews.report import render_rapid_review

    return render_rapid_review(w["review_a"])


def _briefing(w):
    from reviews.report import render_briefing

    return render_briefing(w["briefing"])


def _agenda_pack(w):
    from subgroups.pack import render_pack

    return render_pack(w["meeting"])


def _certificate(w):
    from training.pdfs import render_certificate

    return render_certificate(w["booking_attended"])


def _register(w):
    from training.pdfs import render_register

    return render_register(w["session_upcoming"])


def _survey_results(w):
    from engagement.report import render_results_pdf

    return render_results_pdf(w["closed_survey"])


# What each module that calls core.pdf makes, built from the URL matrix's world.
RENDERERS = {
    "scrutiny/report/pdf.py": {
        "yearly report being prepared": _yearly_report,
        "yearly report awaiting sign-off": _yearly_report_for_sign_off,
    },
    "audits/reports.py": {"audit cycle report": _audit_cycle_report},
    "audits/services/reports.py": {"audit cycle report, built in the background": _audit_cycle_report_stored},
    "audits/letters.py": {"feedback letter": _feedback_letter},
    "reviews/report.py": {"rapid review report": _rapid_review, "learning briefing": _briefing},
    "subgroups/pack.py": {"agenda pack": _agenda_pack},
    "training/pdfs.py": {"certificate of attendance": _certificate, "training register": _register},
    "engagement/report.py": {"survey results": _survey_results},
}
EVERY_PDF = {name: render for renderers in RENDERERS.values() for name, render in renderers.items()}


def _modules_making_pdfs() -> set[str]:
    root = Path(settings.BASE_DIR)
    found = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "tests/", "bench/", "core/pdf.py")) or "/migrations/" in relative:
            continue
        if relative.endswith("/demo.py"):  # the demo's stand-in uploads (papers people attached), not the portal's
            continue
        if re.search(r"\b(render_pdf|pdf_from_html)\(", path.read_text(encoding="utf-8")):
            found.add(relative)
    return found


def test_every_module_that_makes_a_pdf_is_checked_here():
    assert _modules_making_pdfs() == set(RENDERERS)


@pytest.mark.django_db
@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EVERY_PDF))
def test_every_pdf_is_tagged_with_its_title_and_language(name, shared_world):
    world = shared_world  # one world per module; each test's writes are undone
    data = EVERY_PDF[name](world)
    assert data.startswith(b"%PDF")
    assert pdf_problems(data) == [], name


def test_the_check_finds_an_untagged_pdf_without_title_or_language():
    from weasyprint import HTML

    plain = HTML(string="<p>Hello</p>").write_pdf()
    assert set(pdf_problems(plain)) >= {
        "not tagged: no structure tree",
        "no document language",
        "no document title",
        "not declared PDF/UA",
    }


def test_the_shared_print_styles_repeat_headers_keep_rows_whole_and_hold_no_template_variables():
    css = Path(settings.BASE_DIR, "templates", "pdf", "print.css").read_text(encoding="utf-8")
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", css)
    assert re.search(r"\btr\s*\{[^}]*break-inside:\s*avoid", css)
    assert "{{" not in css and "{%" not in css
    base = Path(settings.BASE_DIR, "templates", "pdf", "base.html").read_text(encoding="utf-8")
    style = base[base.index("<style>") : base.index("</style>")]
    assert "{{" not in style, "no template variable may be printed inside the stylesheet"


TABLE = """{% extends "pdf/base.html" %}{% block title %}Rows{% endblock title %}{% block content %}
<table><thead><tr><th>Heading one</th><th>Heading two</th></tr></thead><tbody>
{% for label, text in rows %}<tr><td>{{ label }}</td><td>{{ text }} end-{{ label }}</td></tr>{% endfor %}
</tbody></table>{% endblock content %}"""


def test_a_table_longer_than_a_page_repeats_its_header_and_never_splits_a_row():
    import io

    from django.template import engines
    from pypdf import PdfReader

    from core.pdf import pdf_from_html

    wrapping = "A cell long enough to wrap onto several lines in its column, " * 4
    rows = [(f"row{n}x", wrapping) for n in range(60)]
    html = engines["django"].from_string(TABLE).render({"rows": rows, "footer": "Footer text"})
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf_from_html(html))).pages]
    assert len(pages) > 2
    for text in pages:
        assert text.count("Heading one") == 1  # the header row repeated on every page
        assert "Footer text" in text
    for label, _ in rows:
        # A row's first cell and the end of its last cell are on the same page.
        assert any(label in text and f"end-{label}" in text for text in pages), label


def test_a_long_unbroken_word_in_a_table_cell_stays_inside_the_page():
    from django.template import engines

    from tests.core.test_pdf_fetching import _overflowing_boxes

    html = engines["django"].from_string(TABLE).render({"rows": [("x" * 300, "y" * 300)], "footer": "z" * 300})
    assert _overflowing_boxes(html) == []


NARROW = """{% extends "pdf/base.html" %}{% block title %}Scorecard{% endblock title %}{% block content %}
<table><thead><tr><th>Indicator</th><th>Q1</th><th>Q2</th><th>Q3</th><th>Q4</th><th>Rating</th><th>Trend</th>
<th>A year before</th></tr></thead><tbody>{% for n in rows %}<tr><td>Children in need, rate per 10,000 children</td>
<td>329.6 per 10,000</td><td>329.6 per 10,000</td><td>–</td><td>–</td><td>Not rated</td><td>Worse</td>
<td>323.6 per 10,000</td></tr>{% endfor %}</tbody></table>{% endblock content %}"""


def test_a_crowded_table_keeps_its_short_words_whole():
    import io

    from django.template import engines
    from pypdf import PdfReader

    from core.pdf import pdf_from_html

    html = engines["django"].from_string(NARROW).render({"rows": range(3)})
    text = " ".join(PdfReader(io.BytesIO(pdf_from_html(html))).pages[0].extract_text().split())
    assert text.count("Worse") == 3 and text.count("Not rated") == 3
