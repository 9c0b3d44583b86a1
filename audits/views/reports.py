"""A cycle's reports (heatmap, standard by standard, comparison, the overview PDF, the export
of every answer) and an organisation's history across cycles."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from core import calendar
from core.access_log import log_view, restricted_read
from core.models import AccessLog
from core.services import refuse_unless

from .. import permissions, reports
from ..models import AuditCycle
from ..selectors import cycles as cycle_reads
from ..selectors import submissions as submission_reads
from ..services import reports as report_services
from .cycles import _filters


def _basis(request) -> str:
    """Which ratings the page shows: agreed at moderation (the default) or self-assessed."""
    basis = request.GET.get("basis", "")
    return basis if basis in reports.BASES else reports.AGREED


def _basis_context(request) -> dict:
    basis = _basis(request)
    return {"basis": basis, "bases": list(reports.BASES.items()), "basis_label": reports.BASES[basis]}


def cycle_heatmap(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    _, kind = _filters(request)
    return render(
        request,
        "audits/cycle_heatmap.html",
        {
            "cycle": cycle,
            "heatmap": reports.heatmap(cycle, kind=kind, basis=_basis(request)),
            **_basis_context(request),
            "kind": kind,
            "kinds": cycle_reads.cycle_kinds(cycle),
            "can_open_submissions": permissions.can_open_submissions(request.user, cycle),
        },
    )


def cycle_standards(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    return render(
        request,
        "audits/cycle_standards.html",
        {
            "cycle": cycle,
            "summaries": reports.standard_summary(cycle, basis=_basis(request)),
            **_basis_context(request),
        },
    )


def cycle_comparison(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    _, kind = _filters(request)
    return render(
        request,
        "audits/cycle_comparison.html",
        {
            "cycle": cycle,
            "comparison": reports.comparison(cycle, kind=kind, basis=_basis(request)),
            **_basis_context(request),
            "kind": kind,
            "kinds": cycle_reads.cycle_kinds(cycle),
        },
    )


def cycle_report(request, pk: int):
    """The overview report's PDF: the stored file while the report would say the same (its
    HTML is compared, not the PDF), otherwise a build is asked for and this says so. Where
    tasks run at once (the embedded demo) the build is done by the time the page answers."""
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    basis = _basis(request)
    digest = report_services.content_hash(reports.report_html(cycle, calendar.today(), basis=basis))
    stored = cycle_reads.cycle_report_file(cycle, basis)
    if stored is None or not stored.serves(digest):
        report_services.cycle_report_request(cycle=cycle, basis=basis, digest=digest)
        stored = cycle_reads.cycle_report_file(cycle, basis)
    if stored is None or not stored.serves(digest):
        return render(request, "audits/cycle_report_building.html", {"cycle": cycle, "stored": stored, "basis": basis})
    with stored.pdf.open("rb") as file:
        response = HttpResponse(file.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(cycle.title)}-overview-report.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@restricted_read
def cycle_export(request, pk: int):
    """Every organisation's answers, drafts included: restricted data, so each download is in
    the cycle's access log, saying how many returns it held."""
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_export_answers(request.user, cycle))
    content = reports.export_xlsx(cycle)
    log_view(request, cycle, action=AccessLog.Action.EXPORT, detail=_export_contents(cycle))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(cycle.title)}-answers.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _export_contents(cycle: AuditCycle) -> str:
    counts = cycle_reads.return_counts(cycle)
    return (
        f"Every answer in the cycle (spreadsheet): the returns of {counts['returns']} organisations, "
        f"{counts['drafts']} of them not yet submitted"
    )


def organisation_history(request, pk: int):
    organisation = submission_reads.organisation_get_for_history(request.user, pk)
    references, rows = reports.organisation_history(
        organisation, submission_reads.organisation_submissions(organisation)
    )
    visible = submission_reads.visible_submission_ids(request.user, organisation)
    for row in rows:
        row.can_open = row.submission.pk in visible
    return render(
        request,
        "audits/organisation_history.html",
        {"organisation": organisation, "references": references, "rows": rows},
    )
