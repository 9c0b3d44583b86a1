"""Freezing the report: its whole content as it stands (each section's text, its compiled part
as rendered and the data behind it, the checklist and the explanation of each gap) becomes one
JSON document with a SHA-256 hash. A sign-off records the hash it signed; the page, the PDF and
the published file are all built from the frozen content, never from the data as it is now.
"""

import hashlib
import json

from django.utils.safestring import mark_safe

from ..models import ReportVersion, YearlyReport
from .compile import ChecklistItem, CompiledReport, Section, partner_sign_offs

FORMAT = 1


def content_of(compiled: CompiledReport) -> dict:
    report = compiled.report
    start, end = report.period
    return {
        "format": FORMAT,
        "title": str(report),
        "year": report.year,
        "period": [start.isoformat(), end.isoformat()],
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "order": s.order,
                "requirement": s.requirement,
                "has_content": s.has_content,
                "is_written": s.is_written,
                "text": s.text,
                "html": str(s.html),
                "data": s.data,
            }
            for s in compiled.sections
        ],
        "checklist": [
            {
                "key": item.key,
                "title": item.title,
                "summary": item.summary,
                "met": item.met,
                "sections": [s.key for s in item.sections],
                "explanation": item.explanation,
            }
            for item in compiled.checklist
        ],
    }


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def from_version(report: YearlyReport, version: ReportVersion) -> CompiledReport:
    """The report exactly as it was frozen in `version`, with that version's sign-offs."""
    content = version.content
    sections = [
        Section(
            key=s["key"],
            title=s["title"],
            order=s["order"],
            requirement=s["requirement"],
            has_content=s["has_content"],
            is_written=s["is_written"],
            text=s["text"],
            # Rendered (and escaped) by the portal's own templates when it was frozen.
            html=mark_safe(s["html"]),  # noqa: S308  # nosec B308 B703
            data=s["data"],
        )
        for s in content["sections"]
    ]
    by_key = {s.key: s for s in sections}
    checklist = [
        ChecklistItem(
            key=item["key"],
            title=item["title"],
            summary=item["summary"],
            met=item["met"],
            sections=[by_key[key] for key in item["sections"] if key in by_key],
            explanation=item["explanation"],
        )
        for item in content["checklist"]
    ]
    return CompiledReport(
        report=report,
        sections=sections,
        checklist=checklist,
        partners=partner_sign_offs(report, version),
        version=version,
    )


def changed_since(version: ReportVersion, live: CompiledReport) -> list[str]:
    """The titles of the sections whose content differs now from what `version` froze (the
    data behind a compiled section changed since, or a section came or went)."""
    frozen = {s["key"]: (s["text"], s["html"]) for s in version.content["sections"]}
    now = {s.key: (s.text, str(s.html)) for s in live.sections}
    titles = {s["key"]: s["title"] for s in version.content["sections"]} | {s.key: s.title for s in live.sections}
    return [titles[key] for key in titles if frozen.get(key) != now.get(key)]
