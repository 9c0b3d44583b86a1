"""PDFs never make the server fetch what a user names (issue 11, item 6).

User text never reaches CSS (the running footer is an HTML element, not a CSS string), and
WeasyPrint is given a url_fetcher that serves only the portal's own static files and
uploads, from disk or storage, and refuses everything else without opening a connection.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from core import pdf
from reviews.models import Briefing
from reviews.services import learning

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """An HTTP server on a free local port that counts the requests it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _published_briefing(business, title: str) -> Briefing:
    briefing = learning.briefing_save(
        acting_user=business, title=title, **{name: f"{label} text." for name, label in Briefing.SECTIONS}
    )
    return learning.briefing_publish(acting_user=business, briefing=briefing)


def test_a_briefing_title_cannot_make_an_anonymous_pdf_request_fetch_a_url(business, client, listener):
    port, hits = listener
    target = f"http://127.0.0.1:{port}/x"
    # A newline ends the CSS string the footer used to be put in; the braces close the rules.
    title = f"x\n}}}}body{{background:url({target})}}"
    briefing = _published_briefing(business, title)
    response = client.get(reverse("reviews:briefing-pdf", args=[briefing.slug]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert hits == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "ftp://example.org/x",
        # The portal's own address, but not a static file or an upload.
        "{base}/django-admin/",
        "{base}/static/../config/settings/base.py",
        "{base}/_pdf/uploads/../../config/settings/base.py",
        "{base}/_pdf/uploads/%2e%2e/secret.txt",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files_and_uploads(settings, url):
    with pytest.raises(pdf.FetchRefused):
        pdf.fetch(url.format(base=settings.PORTAL_BASE_URL.rstrip("/")))


def test_the_fetcher_serves_static_files_and_uploads_from_the_portal_itself(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "partnership").mkdir()
    (tmp_path / "partnership" / "logo.png").write_bytes(b"\x89PNG fake")
    base = settings.PORTAL_BASE_URL.rstrip("/")
    assert pdf.fetch(pdf.upload_src("partnership/logo.png")).read() == b"\x89PNG fake"
    static = pdf.fetch(f"{base}{settings.STATIC_URL}govuk/portal.css")
    assert static.read(10)
    assert pdf.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def _overflowing_boxes(html: str) -> list[str]:
    """The boxes WeasyPrint lays out past the right edge of their page."""
    from weasyprint import HTML

    from core import pdf

    document = HTML(string=html, base_url=f"{pdf._origin()}/", url_fetcher=pdf._fetcher()).render()
    found = []
    for page in document.pages:
        right = page.width
        for box in page._page_box.descendants():
            if hasattr(box, "margin_width") and box.position_x + box.margin_width() > right + 0.5:
                found.append(f"{type(box).__name__} {getattr(box, 'element_tag', '')}")
    return found


def test_hostile_text_is_printed_as_text_and_wraps_inside_the_page(business, client):
    import io

    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from partnership.models import PartnershipDetails

    long_word = "x" * 400
    briefing = learning.briefing_save(
        acting_user=business,
        title="Babies <script>alert(1)</script>",
        **{name: f"{label}: {long_word}" for name, label in Briefing.SECTIONS},
    )
    briefing = learning.briefing_publish(acting_user=business, briefing=briefing)
    pdf = client.get(reverse("reviews:briefing-pdf", args=[briefing.slug])).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "<script>alert(1)</script>" in text  # printed literally, never run or styled
    assert text.count(long_word) == len(Briefing.SECTIONS)  # every character is on the page
    html = render_to_string(
        "reviews/pdf/briefing.html",
        {"briefing": briefing, "themes": [], "partnership": PartnershipDetails.load(), "footer": long_word},
    )
    assert _overflowing_boxes(html) == []
    # The check is real: without the print stylesheet's wrapping the long word overflows.
    assert _overflowing_boxes(html.replace("overflow-wrap", "x-overflow-wrap"))
