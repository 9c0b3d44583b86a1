"""The agenda pack: the agenda, the business manager's summary, and a cover sheet for each
paper with its summary, as one PDF."""

from django.utils import timezone

from core.pdf import render_pdf

from . import selectors
from .models import Meeting


def render_pack(meeting: Meeting) -> bytes:
    agenda, summary = selectors.pack_items(meeting)
    return render_pdf(
        "subgroups/pdf/agenda_pack.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "summary_items": summary,
            "members": selectors.group_members(meeting.group),
            "generated_at": timezone.now(),
        },
    )
