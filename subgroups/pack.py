"""The agenda pack: one PDF with the agenda (and the business manager's summary), then for
each paper its cover sheet and the paper itself.

PDF papers are merged in, in agenda order; a paper in another format (Word, a spreadsheet)
is listed on its cover sheet with a link to it in the portal. The pack has bookmarks (the
agenda, each paper's cover sheet and the paper) and every page carries "Page n of N", the same
numbers the portal's paper list shows for each paper. Rendering goes through core.pdf; the
merging and numbering are pypdf's.

The agenda and the cover sheets are one tagged document (PDF/UA, with its language and
title); the papers' pages are inserted after their cover sheets, so the pack keeps that
document's structure. The papers themselves are as their authors made them.
"""

import io
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from core.pdf import render_pdf

from .models import Meeting, Paper
from .selectors import meetings as meeting_reads

logger = logging.getLogger(__name__)


@dataclass
class PackEntry:
    paper: Paper
    number: int  # the agenda item's number
    cover: bytes = b""
    body: PdfReader | None = None
    first_page: int = 0
    last_page: int = 0
    paper_first_page: int = 0

    @property
    def merged(self) -> bool:
        return self.body is not None


@dataclass
class Pack:
    pdf: bytes
    pages: int
    entries: list[PackEntry] = field(default_factory=list)

    def page_numbers(self) -> dict[int, tuple[int, int]]:
        """{paper id: (first page, last page)} of each paper's cover sheet and paper."""
        return {e.paper.pk: (e.first_page, e.last_page) for e in self.entries}


def _pdf_of(paper: Paper) -> PdfReader | None:
    """The paper's own pages, if it is a readable PDF; None for other formats (or a PDF pypdf
    cannot read, which the cover sheet then lists with its link)."""
    document = paper.document
    if document is None or not document.original_name.lower().endswith(".pdf"):
        return None
    try:
        with document.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        if reader.is_encrypted:
            return None
        len(reader.pages)
    except (PyPdfError, OSError, ValueError) as error:
        logger.warning("paper %s could not be merged into the pack: %s", paper.pk, error)
        return None
    return reader


def _count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _agenda(
    meeting: Meeting, agenda, summary, entries, *, title: str, supplementary: bool, with_covers: bool = False
) -> bytes:
    return render_pdf(
        "subgroups/pdf/agenda_pack.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "summary_items": summary,
            "entries": entries,
            "pack_title": title,
            "supplementary": supplementary,
            "generated_at": timezone.now(),
            "with_covers": with_covers,
            "base_url": settings.PORTAL_BASE_URL,
        },
    )


def _entries(agenda, papers: set[int] | None) -> list[PackEntry]:
    entries = []
    for number, item in enumerate(agenda, start=1):
        for paper in item.papers.all():
            if papers is None or paper.pk in papers:
                paper.item = item
                entries.append(PackEntry(paper=paper, number=number, body=_pdf_of(paper)))
    return entries


def build_pack(meeting: Meeting, *, only_papers: list[Paper] | None = None) -> Pack:
    """The whole pack, or (with `only_papers`) a supplementary pack of those papers."""
    supplementary = only_papers is not None
    agenda, summary = meeting_reads.pack_items(meeting)
    if supplementary:
        wanted = {p.pk for p in only_papers}
        agenda = [item for item in agenda + summary if any(p.pk in wanted for p in item.papers.all())]
        summary = []
    entries = _entries(agenda, {p.pk for p in only_papers} if supplementary else None)
    base = f"{settings.PORTAL_BASE_URL}"
    for entry in entries:
        entry.cover = render_pdf(
            "subgroups/pdf/cover_sheet.html",
            {"meeting": meeting, "paper": entry.paper, "number": entry.number, "entry": entry, "base_url": base},
        )
    title = f"{'Supplementary pack' if supplementary else 'Agenda pack'}: {meeting}"
    # The agenda lists each paper's pages, which depend on the agenda's own length: number
    # for a one-page agenda, lay out the agenda with the cover sheets, and lay it out again
    # with the agenda's real length if it came out longer (only a long agenda does). The
    # agenda is laid out once, not once to measure and again to print.
    cover_pages = sum(_count(entry.cover) for entry in entries)
    tagged, agenda_pages = b"", 1
    for _ in range(3):
        page = agenda_pages + 1
        for entry in entries:
            entry.first_page = page
            page += _count(entry.cover)
            entry.paper_first_page = page if entry.merged else 0
            page += len(entry.body.pages) if entry.merged else 0
            entry.last_page = page - 1
        tagged = _agenda(meeting, agenda, summary, entries, title=title, supplementary=supplementary, with_covers=True)
        laid_out = _count(tagged) - cover_pages
        if laid_out == agenda_pages:
            break
        agenda_pages = laid_out
    return _merge(title, tagged, agenda_pages, entries)


def _merge(title: str, tagged: bytes, agenda_pages: int, entries: list[PackEntry]) -> Pack:
    """The agenda-and-cover-sheets document with each paper's pages after its cover sheet."""
    cover_pages = [_count(entry.cover) for entry in entries]
    if len(PdfReader(io.BytesIO(tagged)).pages) != agenda_pages + sum(cover_pages):
        raise ValueError("The agenda pack's cover sheets did not lay out as when they were counted")
    writer = PdfWriter(clone_from=io.BytesIO(tagged))
    # Insert from the last paper back, so the earlier insertion points do not move. The
    # papers' own outlines are not imported: the pack's bookmarks are the ones below.
    ends, at = [], agenda_pages
    for pages in cover_pages:
        at += pages
        ends.append(at)
    for entry, end in reversed(list(zip(entries, ends, strict=True))):
        if entry.merged:
            writer.merge(position=end, fileobj=entry.body, import_outline=False)
    writer.add_outline_item(title="Agenda", page_number=0)
    for entry in entries:
        parent = writer.add_outline_item(
            title=f"Item {entry.number}: {entry.paper.title}", page_number=entry.first_page - 1
        )
        writer.add_outline_item(title="Cover sheet", page_number=entry.first_page - 1, parent=parent)
        if entry.merged:
            writer.add_outline_item(title="The paper", page_number=entry.paper_first_page - 1, parent=parent)
    total = len(writer.pages)
    _number_pages(writer, total)
    writer.add_metadata({"/Title": title})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return Pack(pdf=out.getvalue(), pages=total, entries=entries)


def _number_pages(writer: PdfWriter, total: int) -> None:
    """Stamp "Page n of N" at the foot of every page, papers included, so the numbers on the
    agenda and in the portal find the page whatever its source."""
    stamps = PdfReader(io.BytesIO(render_pdf("subgroups/pdf/page_numbers.html", {"total": total})))
    for index, page in enumerate(writer.pages):
        stamp = stamps.pages[index]
        # Put the number at the foot of the page whatever its size.
        width = float(page.mediabox.width)
        stamp_width = float(stamp.mediabox.width)
        page.merge_translated_page(stamp, tx=(width - stamp_width) / 2, ty=0, over=True)


def render_pack(meeting: Meeting) -> bytes:
    return build_pack(meeting).pdf


def render_minutes(meeting: Meeting) -> bytes:
    """The minutes (draft until approved) as a PDF: attendance, each item's minutes and
    entries, and the actions agreed."""
    agenda, summary = meeting_reads.pack_items(meeting)
    action_log = meeting_reads.meeting_action_log(meeting)
    actions = list(action_log.actions.select_related("owner", "owner_organisation")) if action_log else []
    return render_pdf(
        "subgroups/pdf/minutes.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "summary_items": summary,
            "attendance": meeting_reads.meeting_attendance(meeting),
            "actions": actions,
            "generated_at": timezone.now(),
        },
    )
