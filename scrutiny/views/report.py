"""The yearly report: the list, starting one, the report with its checklist and sign-offs,
editing a section, explaining a gap, submitting it for sign-off and withdrawing it, signing
off, the PDF, publishing and recording that it was sent, and who signs for each partner."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.history import render_history
from core.selectors import with_state
from core.services import refuse_unless
from core.views.form_pages import form_response, post_action

from .. import permissions_reporting as permissions
from ..forms.report import (
    DelegateForm,
    GapForm,
    PublishForm,
    ReportCreateForm,
    SentForm,
    SignatoryForm,
    SignOffForm,
    WithdrawForm,
    section_form_class,
)
from ..models import YearlyReport
from ..periods import year_of
from ..report import REQUIREMENTS, changed_since, compile_report, render_report_pdf, report_content
from ..selectors import report as selectors
from ..services import report as services
from ..services import signatories as signatory_services

YEARS_OFFERED = 5


def report_list(request):
    refuse_unless(permissions.can_view_reports(request.user))
    return render(
        request,
        "scrutiny/report_list.html",
        {
            "reports": selectors.report_list_for_user(request.user),
            "can_create": permissions.can_create_report(request.user),
            "show_assurance_nav": permissions.can_view_dashboard(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def report_create(request):
    refuse_unless(permissions.can_create_report(request.user))
    latest = year_of(calendar.today())
    taken = selectors.years_with_reports()
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
    compiled = report_content(report)
    user = request.user
    preparing = permissions.can_prepare_report(user) and not report.is_published
    signed = {p.partner.pk for p in compiled.partners if p.sign_off is not None}
    to_sign = []
    if permissions.can_sign_off_report(user, report):
        to_sign = [o for o in permissions.partners_signed_by(user).order_by("name") if o.pk not in signed]
    changed = []
    if preparing and report.is_awaiting_sign_off:
        changed = changed_since(compiled.version, compile_report(report))
    deadlines = selectors.report_deadlines(report)
    return render(
        request,
        "scrutiny/report_detail.html",
        {
            "report": report,
            "compiled": compiled,
            "can_edit": permissions.can_edit_report(user, report),
            "can_submit": preparing and report.is_being_prepared,
            "can_withdraw": preparing and report.is_awaiting_sign_off,
            "can_explain": preparing,
            "to_sign": to_sign,
            "can_publish": permissions.can_publish_report(user, report) and report.is_awaiting_sign_off,
            "can_record_sent": permissions.can_publish_report(user, report) and report.is_published,
            "can_view_history": permissions.can_view_report_history(user),
            "changed_since": changed,
            "versions": selectors.report_versions(report),
            "void_sign_offs": selectors.void_sign_offs(report),
            "deadlines": with_state(deadlines, calendar.today()),
        },
    )


def _already(request, report: YearlyReport):
    """A step that no longer applies (a second click, an old tab): say where the report is."""
    messages.info(request, f"The report is {report.get_status_display().lower()}: nothing was changed")
    return redirect(report)


def _warning(report: YearlyReport) -> str:
    """What saving a change does to a report awaiting sign-off, said on the form."""
    if not report.is_awaiting_sign_off:
        return ""
    signed = [str(s.organisation) for s in report.current_version.sign_offs.select_related("organisation")]
    text = f"This report is awaiting sign-off. Saving a change withdraws version {report.current_version.number}"
    if signed:
        text += ": the sign-offs of " + ", ".join(signed) + " will no longer count"
    return text + ". Submit it for sign-off again when it is ready."


def _saved(saved: str, edited) -> str:
    """What a change did: `saved` ("“Foreword” saved"), and any version it withdrew."""
    if edited.version is None:
        return saved
    text = f"{saved}. Version {edited.version.number} was withdrawn from sign-off"
    if edited.withdrawn:
        text += ": the sign-offs of " + ", ".join(str(s.organisation) for s in edited.withdrawn) + " no longer count"
    return text + ". Submit the report for sign-off again when it is ready"


@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, key: str):
    report = selectors.report_get_for_user(request.user, pk)
    if key not in YearlyReport.TEXT_FIELDS:
        raise Http404("No such section")
    refuse_unless(permissions.can_edit_report(request.user, report))
    form = section_form_class(key)(request.POST or None, instance=report)
    heading = next(h for k, h, _ in YearlyReport.TEXT_SECTIONS if k == key)
    return form_response(
        request,
        form,
        template="scrutiny/report_section_form.html",
        context={"report": report, "heading": heading, "warning": _warning(report)},
        on_valid=lambda data: services.report_section_edit(
            acting_user=request.user, report=report, key=key, text=data[key]
        ),
        success=lambda edited: _saved(f"“{heading}” saved", edited),
        next_url=f"{report.get_absolute_url()}#section-{key}",
    )


@require_http_methods(["GET", "POST"])
def gap_explain(request, pk: int, key: str):
    report = selectors.report_get_for_user(request.user, pk)
    requirement = next((r for r in REQUIREMENTS if r.key == key), None)
    if requirement is None:
        raise Http404("No such requirement")
    refuse_unless(permissions.can_prepare_report(request.user) and not report.is_published)
    current = (report.gap_explanations or {}).get(key, "")
    form = GapForm(request.POST or None, initial={"explanation": current}, has_explanation=bool(current))
    return form_response(
        request,
        form,
        template="scrutiny/report_gap_form.html",
        context={"report": report, "requirement": requirement, "warning": _warning(report)},
        on_valid=lambda data: services.report_gap_explain(
            acting_user=request.user, report=report, requirement=key, text=data["explanation"]
        ),
        success=lambda edited: _saved("Explanation saved", edited),
        next_url=f"{report.get_absolute_url()}#checklist",
    )


@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    """Confirm, then freeze the report into a version for sign-off."""
    report = selectors.report_get_for_user(request.user, pk)
    refuse_unless(permissions.can_prepare_report(request.user))
    if not report.is_being_prepared:
        return _already(request, report)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.report_submit(acting_user=request.user, report=report),
            success="Report submitted for sign-off: each partner’s signatory has been asked to sign it off",
            next_url=report,
        )
    compiled = compile_report(report, render=False)
    return render(request, "scrutiny/report_submit.html", {"report": report, "compiled": compiled})


@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    refuse_unless(permissions.can_prepare_report(request.user))
    if not report.is_awaiting_sign_off:
        return _already(request, report)
    form = WithdrawForm(request.POST or None)
    return form_response(
        request,
        form,
        template="scrutiny/report_withdraw.html",
        context={"report": report, "warning": _warning(report)},
        on_valid=lambda data: services.report_withdraw(acting_user=request.user, report=report, **data),
        success=lambda edited: _saved("Withdrawn", edited).replace("Withdrawn. ", ""),
        next_url=report,
    )


@require_POST
def sign_off(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    refuse_unless(permissions.can_sign_off_report(request.user, report))
    form = SignOffForm(request.POST, partners=permissions.partners_signed_by(request.user))
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
            version=form.cleaned_data["version"],
            content_hash=form.cleaned_data["content_hash"],
        ),
        success=f"You signed off version {form.cleaned_data['version']} of the report for {organisation}",
        next_url=report,
    )


def report_pdf(request, pk: int):
    """The published PDF as it was published, and a version awaiting sign-off as it was frozen:
    both served from their stored files (a version's is built in the background, and until it
    is this says so); a report being prepared is built now, from the data as it is."""
    report = selectors.report_get_for_user(request.user, pk)
    if report.is_published:
        if report.document_id:
            return redirect("scrutiny:report-public-pdf", year=report.year)
        services.report_published_pdf_request(report=report)
        return render(request, "scrutiny/report_pdf_building.html", {"report": report})
    version = report.current_version if report.is_awaiting_sign_off else None
    if version is not None:
        if version.document_id:
            return redirect(version.document.get_absolute_url())
        services.report_version_pdf_request(version=version)
        return render(request, "scrutiny/report_pdf_building.html", {"report": report, "version": version})
    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.file_name[:-4]}-draft.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    refuse_unless(permissions.can_publish_report(request.user, report))
    if not report.is_awaiting_sign_off:
        return _already(request, report)
    today = calendar.today()
    form = PublishForm(request.POST or None, initial={"published_on": today}, year_ends=report.period[1])
    return form_response(
        request,
        form,
        template="scrutiny/report_publish.html",
        context={
            "report": report,
            "compiled": report_content(report),
            "problems": selectors.publication_problems(report, published_on=today, early_reason="-"),
            "year_ends": report.period[1],
        },
        on_valid=lambda data: services.report_publish(acting_user=request.user, report=report, **data),
        success="Report published. Its PDF is being built, and will be on its public page in a minute or two. "
        "Send it to the Panel and the Department for Education within 7 days",
        next_url=report,
    )


@require_http_methods(["GET", "POST"])
def record_sent(request, pk: int):
    report = selectors.report_get_for_user(request.user, pk)
    refuse_unless(permissions.can_publish_report(request.user, report) and report.is_published)
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
    refuse_unless(permissions.can_view_report_history(request.user))
    return render_history(request, report, title=f"History of the {report}", back_url=report.get_absolute_url())


# Who signs for each partner --------------------------------------------------------------------------


def signatories(request):
    refuse_unless(permissions.can_view_reports(request.user))
    user = request.user
    rows = [
        {
            "partner": partner,
            "signatory": signatory,
            "can_name": permissions.can_name_signatories(user),
            "can_delegate": signatory is not None and signatory.signatory_id == user.pk,
        }
        for partner, signatory in selectors.signatories()
    ]
    return render(request, "scrutiny/report_signatories.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def signatory_name(request, pk: int):
    refuse_unless(permissions.can_name_signatories(request.user))
    partner = selectors.partner_get(pk)
    current = next((s for p, s in selectors.signatories() if p.pk == partner.pk), None)
    form = SignatoryForm(
        request.POST or None,
        people=selectors.people_who_may_sign_for(partner),
        initial={"person": current.signatory_id if current else None},
    )
    return form_response(
        request,
        form,
        template="scrutiny/report_signatory_form.html",
        context={"partner": partner, "current": current},
        on_valid=lambda data: signatory_services.signatory_name(
            acting_user=request.user, organisation=partner, person=data["person"]
        ),
        success=lambda signatory: f"{signatory.signatory} signs the yearly report for {partner}",
        next_url="scrutiny:report-signatories",
    )


@require_http_methods(["GET", "POST"])
def signatory_delegate(request, pk: int):
    partner = selectors.partner_get(pk)
    current = next((s for p, s in selectors.signatories() if p.pk == partner.pk), None)
    refuse_unless(current is not None and current.signatory_id == request.user.pk)
    form = DelegateForm(
        request.POST or None,
        people=selectors.people_who_may_sign_for(partner, exclude=request.user),
        initial={"person": current.delegate_id if current else None},  # refused above when None
    )
    return form_response(
        request,
        form,
        template="scrutiny/report_delegate_form.html",
        context={"partner": partner, "current": current},
        on_valid=lambda data: signatory_services.signatory_delegate(
            acting_user=request.user, organisation=partner, person=data["person"]
        ),
        success=lambda signatory: (
            f"{signatory.delegate} may sign the yearly report for you"
            if signatory.delegate
            else "Only you sign the yearly report now"
        ),
        next_url="scrutiny:report-signatories",
    )
