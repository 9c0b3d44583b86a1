"""The yearly report: the list, starting one, the report with its checklist and sign-offs,
editing a section, signing off, the PDF, publishing and recording that it was sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.history import render_history
from core.models import Deadline
from core.selectors import with_state
from core.views.helpers import form_response, post_action

from .. import permissions_reporting as permissions
from ..forms.report import PublishForm, ReportCreateForm, SentForm, SignOffForm, section_form_class
from ..models import YearlyReport
from ..periods import year_of
from ..report import compile_report, render_report_pdf
from ..selectors import report as selectors
from ..services import report as services

YEARS_OFFERED = 5


def report_list(request):
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    return render(
        request,
        "scrutiny/report_list.html",
        {
            "reports": selectors.report_list_for_user(request.user),
            "can_create": permissions.can_create_report(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def report_create(request):
    if not permissions.can_create_report(request.user):
        raise PermissionDenied
    latest = year_of(calendar.today())
    taken = set(YearlyReport.objects.values_list("year", flat=True))
    years = [y for y in range(latest, latest - YEARS_OFFERED, -1) if y not in taken]
    form = ReportCreateForm(request.POST or None, years=years)
    return form_response(
        request,
        form,
        template="scrutiny/report_create.html",
        context={"years": years},
        on_valid=lambda data: services.report_create(acting_user=request.user, **data),
        success=lambda report: f"{report} started: write its sections",
        next_url=lambda report: report,
    )


def report_detail(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    compiled = compile_report(report)
    for section in compiled.sections:
        if not section.is_text:
            section.html = section.render(request)
    led = permissions.partners_led_by(request.user)
    signed = {p.partner.pk for p in compiled.partners if p.sign_off is not None}
    deadlines = list(Deadline.objects.for_subject(report).select_related("rule").order_by("due_date"))
    return render(
        request,
        "scrutiny/report_detail.html",
        {
            "report": report,
            "compiled": compiled,
            "can_edit": permissions.can_edit_report(request.user, report),
            "to_sign": [p for p in led if p.pk not in signed] if report.is_draft else [],
            "can_publish": permissions.can_publish_report(request.user, report) and report.is_draft,
            "can_record_sent": permissions.can_publish_report(request.user, report) and not report.is_draft,
            "can_view_history": permissions.can_view_report_history(request.user),
            "earlier": selectors.earlier_sign_offs(report),
            "deadlines": with_state(deadlines, calendar.today()),
        },
    )


@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, key: str):
    report = selectors.report_get_for_user(request.user, pk)
    if key not in YearlyReport.TEXT_FIELDS:
        raise Http404("No such section")
    if not permissions.can_edit_report(request.user, report):
        raise PermissionDenied
    form = section_form_class(key)(request.POST or None, instance=report)
    heading, hint = next((h, t) for k, h, t in YearlyReport.TEXT_SECTIONS if k == key)

    def saved(edited) -> str:
        if edited.withdrawn:
            names = ", ".join(str(s.organisation) for s in edited.withdrawn)
            return f"“{heading}” saved. The sign-offs of {names} no longer count: they need to sign off again"
        return f"“{heading}” saved"

    return form_response(
        request,
        form,
        template="scrutiny/report_section_form.html",
        context={"report": report, "heading": heading},
        on_valid=lambda data: services.report_section_edit(
            acting_user=request.user, report=report, key=key, text=data[key]
        ),
        success=saved,
        next_url=f"{report.get_absolute_url()}#section-{key}",
    )


@require_POST
def sign_off(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    if not permissions.can_sign_off_report(request.user, report):
        raise PermissionDenied
    form = SignOffForm(request.POST, partners=permissions.partners_led_by(request.user))
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(report)
    organisation = form.cleaned_data["organisation"]
    return post_action(
        request,
        lambda: services.report_sign_off(
            acting_user=request.user,
            report=report,
            organisation=organisation,
            revision=form.cleaned_data["revision"],
        ),
        success=f"You signed off this version of the report for {organisation}",
        next_url=report,
    )


def report_pdf(request, pk: int):
    """The published PDF as it was published; a draft is built now."""
    report = selectors.report_get_for_user(request.user, pk)
    if report.document_id:
        return redirect(reverse("core:document-download", args=[report.document_id]))
    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="yearly-report-{report.year}-{report.year + 1}-draft.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    if not permissions.can_publish_report(request.user, report) or not report.is_draft:
        raise PermissionDenied
    form = PublishForm(request.POST or None, initial={"published_on": calendar.today()})
    return form_response(
        request,
        form,
        template="scrutiny/report_publish.html",
        context={"report": report, "compiled": compile_report(report)},
        on_valid=lambda data: services.report_publish(
            acting_user=request.user, report=report, render=render_report_pdf, **data
        ),
        success="Report published. Send it to the Panel and the Department for Education within 7 days",
        next_url=report,
    )


@require_http_methods(["GET", "POST"])
def record_sent(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    if not permissions.can_publish_report(request.user, report) or report.is_draft:
        raise PermissionDenied
    form = SentForm(request.POST or None, initial={"sent_on": calendar.today()})
    return form_response(
        request,
        form,
        template="scrutiny/report_sent.html",
        context={"report": report},
        on_valid=lambda data: services.report_record_sent(acting_user=request.user, report=report, **data),
        success="Recorded as sent to the Panel and the Department for Education",
        next_url=report,
    )


def report_history(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    if not permissions.can_view_report_history(request.user):
        raise PermissionDenied
    return render_history(request, report, title=f"History of the {report}", back_url=report.get_absolute_url())
