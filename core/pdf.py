"""The one module that imports WeasyPrint: templates under templates/<app>/pdf/ become PDFs.

Every PDF is tagged PDF/UA-1 (a structure tree, the document's language and title), built
from a print template that extends `pdf/base.html`. Two rules keep a user's text from
becoming code:

- user text never goes into CSS: the running footer is an HTML element the page margin
  shows (`position: running(footer)`), never a CSS string a newline could end;
- WeasyPrint fetches nothing the portal does not hold itself: `fetch` serves the portal's
  own static files and uploads from disk or storage (never over the network) and `data:`
  URLs, and refuses everything else, so no text in a PDF can make the server open a
  connection or read a file of someone's choosing.
"""

from __future__ import annotations

import mimetypes
import posixpath
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

# Print templates point at an upload (the partnership's logo) with `upload_src(name)`.
UPLOADS_PATH = "/_pdf/uploads/"
# Uploads a print template may show: images only.
UPLOAD_TYPES = {"image/png", "image/jpeg"}


class FetchRefused(ValueError):
    """A PDF asked for something other than the portal's static files or uploads."""


def _origin() -> str:
    parts = urlsplit(settings.PORTAL_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def upload_src(name: str) -> str:
    """The address a print template gives an uploaded file (for example the logo)."""
    return f"{_origin()}{UPLOADS_PATH}{name}"


def image_src(file: FieldFile | None) -> str:
    """The address of an uploaded image (a FileField's file, like the partnership's logo) for a
    print template, or "" when there is none or it is not a PNG or JPEG."""
    name = file.name if file else None
    if not name or mimetypes.guess_type(name)[0] not in UPLOAD_TYPES:
        return ""
    return upload_src(name)


def _safe_path(path: str, prefix: str) -> str:
    """The part of `path` after `prefix`, refused if it climbs out of it in any spelling."""
    relative = unquote(path[len(prefix) :])
    normalised = posixpath.normpath(relative)
    if not relative or normalised != relative or normalised.startswith(("/", "..")) or "\\" in relative:
        raise FetchRefused(f"Refused to fetch {path!r} for a PDF")
    return normalised


def _open_static(relative: str) -> IO[bytes]:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(relative)
    if found:
        return open(found, "rb")  # noqa: SIM115 - WeasyPrint closes the response
    if staticfiles_storage.exists(relative):
        return staticfiles_storage.open(relative, "rb")
    raise FetchRefused(f"No static file {relative!r}")


def _open_upload(relative: str) -> IO[bytes]:
    from django.core.files.storage import default_storage

    if mimetypes.guess_type(relative)[0] not in UPLOAD_TYPES or not default_storage.exists(relative):
        raise FetchRefused(f"Refused to fetch the upload {relative!r} for a PDF")
    return default_storage.open(relative, "rb")


def fetch(url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
    """WeasyPrint's url_fetcher: a response for the portal's own static files, its image
    uploads and data: URLs; FetchRefused for anything else (no connection is ever made)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    if url.startswith("data:"):
        return URLFetcher(allowed_protocols=("data",)).fetch(url)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != _origin() or parts.query:
        raise FetchRefused(f"Refused to fetch {url!r} for a PDF")
    if parts.path.startswith(settings.STATIC_URL):
        body = _open_static(_safe_path(parts.path, settings.STATIC_URL))
    elif parts.path.startswith(UPLOADS_PATH):
        body = _open_upload(_safe_path(parts.path, UPLOADS_PATH))
    else:
        raise FetchRefused(f"Refused to fetch {url!r} for a PDF")
    content_type = mimetypes.guess_type(parts.path)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    class PortalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            return fetch(url, headers)

    return PortalFetcher()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """A tagged PDF/UA-1 document from a print template. A `footer` in the context is
    printed at the foot of every page (as text: it never reaches CSS)."""
    return pdf_from_html(print_html(template_name, context))


def print_html(template_name: str, context: dict[str, Any]) -> str:
    """The HTML of a print template, as render_pdf lays it out (for a PDF built later, or to
    tell whether a stored one still says the same)."""
    return render_to_string(template_name, {"portal_base_url": settings.PORTAL_BASE_URL, **context})


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF/UA-1 document from HTML already rendered from a print template."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=f"{_origin()}/", url_fetcher=_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
