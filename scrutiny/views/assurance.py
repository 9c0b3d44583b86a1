"""Assurance requests to agencies and inspection reports."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.forms.reason import ReasonForm
from core.pagination import paginate
from core.selectors import latest_deadline_for
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.assurance import (
    AssessForm,
    AssuranceRequestForm,
    InspectionFindingForm,
    InspectionForm,
    ReportUploadForm,
)
from ..models import AssuranceRequest, Inspection
from ..selectors import assurance as selectors
from ..services import assurance as services


def request_list(request):
    refuse_unless(permissions.can_use_assurance(request.user))
    status = request.GET.get("status", "")
    page = paginate(request, selectors.request_list_for_user(request.user, status=status))
    page.object_list = selectors.with_status(page.object_list, calendar.today())
    return render(
        request,
        "scrutiny/request_list.html",
        {
            "page": page,
            "status": status,
            "statuses": AssuranceRequest.Status.choices,
            "can_manage": permissions.can_manage_assurance_requests(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    refuse_unless(permissions.can_manage_assurance_requests(request.user))
    form = AssuranceRequestForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Request an assurance report",
        caption="Assurance requests",
        back_url=reverse("scrutiny:request-list"),
        inset="The organisation’s leads are told, and the report is due on the partnership’s clock.",
        submit="Send the request",
        on_valid=lambda data: services.request_create(acting_user=request.user, **data),
        success=lambda r: f"{r.organisation} asked for a report by {r.due_date:%-d %B %Y}",
        next_url=lambda r: r,
    )


def request_detail(request, pk: int):
    assurance_request = selectors.request_get_for_user(request.user, pk)
    user = request.user
    assurance_request.status_label, assurance_request.status_colour = assurance_request.display_status(calendar.today())
    manages = permissions.can_manage_assurance_requests(user)
    status = assurance_request.status
    return render(
        request,
        "scrutiny/request_detail.html",
        {
            "assurance_request": assurance_request,
            "deadline": latest_deadline_for(assurance_request),
            "can_send": permissions.can_send_report(user, assurance_request),
            "can_edit": manages and status == AssuranceRequest.Status.REQUESTED,
            "can_assess": manages and status == AssuranceRequest.Status.RECEIVED,
            "can_withdraw": manages and status in (AssuranceRequest.Status.REQUESTED, AssuranceRequest.Status.RECEIVED),
        },
    )


def _managed_request(request, pk: int, *statuses) -> AssuranceRequest:
    assurance_request = selectors.request_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_assurance_requests(request.user) and assurance_request.status in statuses)
    return assurance_request


@require_http_methods(["GET", "POST"])
def request_edit(request, pk: int):
    assurance_request = _managed_request(request, pk, AssuranceRequest.Status.REQUESTED)
    form = AssuranceRequestForm(request.POST or None, instance=assurance_request)
    return form_page(
        request,
        form,
        title="Change the request",
        caption=str(assurance_request),
        back_url=assurance_request.get_absolute_url(),
        submit="Save changes",
        on_valid=lambda data: services.request_update(acting_user=request.user, request=assurance_request, **data),
        success="Request saved",
        next_url=assurance_request,
    )


@require_http_methods(["GET", "POST"])
def request_receive(request, pk: int):
    assurance_request = selectors.request_get_for_user(request.user, pk)
    refuse_unless(permissions.can_send_report(request.user, assurance_request))
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        title="Send the assurance report",
        caption=str(assurance_request),
        back_url=assurance_request.get_absolute_url(),
        inset=assurance_request.detail,
        submit="Upload the report",
        on_valid=lambda data: services.request_receive(
            acting_user=request.user, request=assurance_request, upload=data["file"], summary=data["summary"]
        ),
        success="Report received: the business unit has been told",
        next_url=assurance_request,
    )


@require_http_methods(["GET", "POST"])
def request_assess(request, pk: int):
    assurance_request = _managed_request(request, pk, AssuranceRequest.Status.RECEIVED)
    form = AssessForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Assess the report",
        caption=str(assurance_request),
        back_url=assurance_request.get_absolute_url(),
        submit="Save the assessment",
        on_valid=lambda data: services.request_assess(acting_user=request.user, request=assurance_request, **data),
        success="Assessment saved: the organisation’s leads have been told",
        next_url=assurance_request,
    )


@require_http_methods(["GET", "POST"])
def request_withdraw(request, pk: int):
    assurance_request = _managed_request(
        request, pk, AssuranceRequest.Status.REQUESTED, AssuranceRequest.Status.RECEIVED
    )
    form = ReasonForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Withdraw the request",
        caption=str(assurance_request),
        back_url=assurance_request.get_absolute_url(),
        submit="Withdraw the request",
        danger=True,
        on_valid=lambda data: services.request_withdraw(
            acting_user=request.user, request=assurance_request, reason=data["reason"]
        ),
        success="Request withdrawn",
        next_url=assurance_request,
    )


# Inspections -------------------------------------------------------------------------------------------


def inspection_list(request):
    kind = request.GET.get("kind", "")
    return render(
        request,
        "scrutiny/inspection_list.html",
        {
            "page": paginate(request, selectors.inspection_list_for_user(request.user, kind=kind)),
            "kind": kind,
            "kinds": Inspection.Kind.choices,
            "can_manage": permissions.can_manage_inspections(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def inspection_create(request):
    refuse_unless(permissions.can_manage_inspections(request.user))
    form = InspectionForm(request.POST or None, request.FILES or None)

    def record(data):
        data = dict(data)
        return services.inspection_record(acting_user=request.user, report=data.pop("report_file"), **data)

    return form_page(
        request,
        form,
        title="Record an inspection report",
        caption="Inspections",
        back_url=reverse("scrutiny:inspection-list"),
        inset="Its action plan is started as a draft for the monitoring group, whose chair approves it.",
        submit="Record the inspection",
        on_valid=record,
        success=lambda i: f"Inspection recorded and its action plan started for {i.monitoring_group}",
        next_url=lambda i: i,
    )


def inspection_detail(request, pk: int):
    inspection = selectors.inspection_get_for_user(request.user, pk)
    findings = list(inspection.findings.all())
    return render(
        request,
        "scrutiny/inspection_detail.html",
        {
            "inspection": inspection,
            "strengths": [f for f in findings if f.kind == f.Kind.STRENGTH],
            "improvements": [f for f in findings if f.kind == f.Kind.IMPROVEMENT],
            "organisations": list(inspection.organisations.all()),
            "can_manage": permissions.can_manage_inspections(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk: int):
    inspection = selectors.inspection_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_inspections(request.user))
    form = InspectionForm(request.POST or None, request.FILES or None, instance=inspection)

    def update(data):
        data = dict(data)
        return services.inspection_update(
            acting_user=request.user, inspection=inspection, report=data.pop("report_file"), **data
        )

    return form_page(
        request,
        form,
        title=f"Change “{inspection}”",
        caption="Inspections",
        back_url=inspection.get_absolute_url(),
        submit="Save changes",
        on_valid=update,
        success="Inspection saved",
        next_url=inspection,
    )


@require_http_methods(["GET", "POST"])
def inspection_finding_add(request, pk: int):
    inspection = selectors.inspection_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_inspections(request.user))
    form = InspectionFindingForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a finding",
        caption=str(inspection),
        back_url=inspection.get_absolute_url(),
        submit="Add the finding",
        on_valid=lambda data: services.inspection_finding_add(acting_user=request.user, inspection=inspection, **data),
        success="Finding added",
        next_url=inspection,
    )
