"""The yearly report as a PDF a partnership would publish: a cover with the partnership's logo
and name, contents with page numbers, each section, how the report meets Working Together 2023
(with the explanation of any gap), and who signed it off. A version awaiting sign-off or
published is printed from its frozen content; a report still being prepared from the data as
it is now. Whether it is published is decided here, never in the template: a published report
says when it was published and nothing else about its state."""

import logging

from django.utils import timezone

from core.models import Document
from core.pdf import image_src, render_pdf
from partnership.models import PartnershipDetails

from ..models import ReportVersion, YearlyReport
from .compile import CompiledReport, compile_report
from .versions import from_version

logger = logging.getLogger(__name__)


def report_content(report: YearlyReport, version: ReportVersion | None = None) -> CompiledReport:
    """What the report says: `version` (by default the current one, once submitted for
    sign-off) exactly as it was frozen, otherwise the data as it is now."""
    if version is None and report.current_version_id and not report.is_being_prepared:
        version = report.current_version
    if version is not None:
        return from_version(report, version)
    return compile_report(report)


def status_line(report: YearlyReport, compiled: CompiledReport) -> str:
    if report.is_published:
        return f"Published on {report.published_on:%-d %B %Y}"
    if compiled.version is not None:
        return (
            f"Version {compiled.version.number} for sign-off by the safeguarding partners, "
            f"{compiled.version.frozen_at:%-d %B %Y}: not yet published"
        )
    return f"Draft built on {timezone.localdate():%-d %B %Y}: not signed off or published"


def render_report_pdf(report: YearlyReport, *, version: ReportVersion | None = None) -> bytes:
    """The report as a PDF: as published once it is; `version` (by default the current one)
    as frozen for sign-off; or a draft from the data as it is now. A published report's and a
    frozen version's PDF never change, and building one takes seconds, so each is built once,
    in the background (services.report), and read from its stored file from then on."""
    stored = stored_report_pdf(report, version)
    if stored is not None:
        try:
            with stored.file.open("rb") as file:
                return file.read()
        except FileNotFoundError:
            logger.warning("The stored PDF of %s (document %s) is missing: building it again", report, stored.pk)
    return build_report_pdf(report, version=version)


def stored_report_pdf(report: YearlyReport, version: ReportVersion | None = None) -> Document | None:
    """The stored PDF of what render_report_pdf would print, if it has been built."""
    if report.is_published and version is None:
        return report.document
    if version is None and report.current_version_id and not report.is_being_prepared:
        version = report.current_version
    return version.document if version is not None else None


def build_report_pdf(report: YearlyReport, *, version: ReportVersion | None = None) -> bytes:
    """Build the PDF render_report_pdf describes, from the content now."""
    compiled = report_content(report, version)
    details = PartnershipDetails.load()
    status = status_line(report, compiled)
    footer = f"{details.name}: yearly report {report.year_label}"
    if not report.is_published:
        footer += f". {status}"
    return render_pdf(
        "scrutiny/pdf/yearly_report.html",
        {
            "compiled": compiled,
            # A published report prints what it has; one being prepared shows what is missing.
            "sections": [s for s in compiled.sections if s.text or s.html or not report.is_published],
            "report": report,
            "partnership": details,
            "logo_src": image_src(details.logo),
            "status_line": status,
            "is_published": report.is_published,
            "footer": footer,
        },
    )
