"""Assurance requests (due on the clock, received as an upload, assessed) and inspection reports
with the action plan the monitoring sub-group owns."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import calendar
from core.models import Deadline, Notification
from core.services import DomainError
from scrutiny.models import AssuranceRequest, Inspection
from scrutiny.services import assurance as services
from subgroups.models import ActionPlan
from subgroups.services import plans as plan_services
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 assurance report"


@pytest.fixture
def request_(business, agency, agency_lead):
    return services.request_create(
        acting_user=business,
        organisation=agency,
        topic="Return interviews",
        detail="How do you know children missing from home are offered a return interview within 72 hours?",
    )


def _deadline(record):
    return Deadline.objects.for_subject(record).get()


def test_a_request_is_due_on_the_clock_and_the_leads_are_told(request_, agency, agency_lead, business):
    deadline = _deadline(request_)
    assert deadline.rule.key == "assurance_request"
    assert deadline.due_date == request_.due_date == calendar.add_working_days(calendar.today(), 30)
    assert deadline.responsible_organisation == agency and list(deadline.responsible_users.all()) == [agency_lead]
    assert list(deadline.escalation_users.all()) == [business]
    assert Notification.objects.filter(recipient=agency_lead, kind="assurance_request").exists()


def test_only_the_business_unit_requests_and_assesses(agency, agency_lead, executive, request_):
    for person in (agency_lead, executive):
        with pytest.raises(PermissionDenied):
            services.request_create(acting_user=person, organisation=agency, topic="x", detail="y")
    with pytest.raises(PermissionDenied):
        services.request_assess(acting_user=agency_lead, request=request_, assurance_level="assured", assessment="x")


def test_the_lead_sends_the_report_and_the_deadline_is_met(request_, agency_lead, member, business):
    with pytest.raises(PermissionDenied):
        services.request_receive(acting_user=member, request=request_, upload=SimpleUploadedFile("r.pdf", PDF))
    with pytest.raises(DomainError, match="received report"):
        services.request_assess(acting_user=business, request=request_, assurance_level="assured", assessment="x")
    services.request_receive(
        acting_user=agency_lead, request=request_, upload=SimpleUploadedFile("r.pdf", PDF), summary="All offered."
    )
    request_.refresh_from_db()
    assert request_.status == AssuranceRequest.Status.RECEIVED and request_.report.original_name == "r.pdf"
    assert _deadline(request_).status == Deadline.Status.MET
    assert Notification.objects.filter(recipient=business, title__contains="received").exists()
    with pytest.raises(PermissionDenied):
        services.request_receive(acting_user=agency_lead, request=request_, upload=SimpleUploadedFile("r.pdf", PDF))
    services.request_assess(
        acting_user=business, request=request_, assurance_level="partly_assured", assessment="No audit of quality"
    )
    assert request_.status == AssuranceRequest.Status.ASSESSED
    assert Notification.objects.filter(recipient=agency_lead, title__contains="partly assured").exists()


def test_the_report_is_downloaded_only_by_those_who_see_the_request(
    request_, agency_lead, member, business, client_for
):
    services.request_receive(acting_user=agency_lead, request=request_, upload=SimpleUploadedFile("r.pdf", PDF))
    url = request_.report.get_absolute_url()
    assert client_for(business).get(url).status_code == 200
    assert client_for(member).get(url).status_code == 404


def test_a_new_due_date_moves_the_deadline_and_withdrawing_cancels_it(request_, business):
    later = request_.due_date + timedelta(days=14)
    services.request_update(
        acting_user=business, request=request_, topic="Return interviews", detail="x", due_date=later
    )
    assert _deadline(request_).due_date == later
    services.request_withdraw(acting_user=business, request=request_, reason="Covered by the inspection")
    assert request_.status == AssuranceRequest.Status.WITHDRAWN
    assert _deadline(request_).status == Deadline.Status.CANCELLED
    with pytest.raises(DomainError):
        services.request_withdraw(acting_user=business, request=request_, reason="Again")


def test_requests_are_seen_by_the_business_unit_and_the_agencys_leads(
    request_, client_for, member, agency_lead, outsider
):
    assert client_for(agency_lead).get(request_.get_absolute_url()).status_code == 200
    assert client_for(member).get(request_.get_absolute_url()).status_code == 404
    assert not list(client_for(member).get(reverse("scrutiny:request-list")).context["page"])
    assert client_for(outsider).get(reverse("scrutiny:request-list")).status_code == 403


def test_sending_the_report_refuses_bad_files(request_, agency_lead, client_for):
    url = reverse("scrutiny:request-receive", args=[request_.pk])
    client = client_for(agency_lead)
    empty = client.post(url, {"file": SimpleUploadedFile("r.pdf", b"")})
    assert form_errors(empty) == {"file": ["The selected file is empty"]}
    fake = client.post(url, {"file": SimpleUploadedFile("r.pdf", b"MZ not a pdf")})
    assert form_errors(fake)["file"]
    assert client.post(url, {}).status_code == 200
    assert client.post(url, {"file": SimpleUploadedFile("r.pdf", PDF)}).status_code == 302


# Inspections ----------------------------------------------------------------------------------------------


def test_an_inspection_starts_an_action_plan_for_the_monitoring_group(business, agency, effectiveness, chair):
    inspection = services.inspection_record(
        acting_user=business,
        kind=Inspection.Kind.CQC,
        title="CQC inspection of the hospital trust",
        report_date=date(2026, 5, 1),
        organisations=[agency],
        judgement="Requires improvement",
        summary="Safeguarding training is behind.",
        monitoring_group=effectiveness,
        report=SimpleUploadedFile("cqc.pdf", PDF),
    )
    plan = inspection.action_plan
    assert plan.owning_group == effectiveness and plan.source == inspection and plan.organisation == agency
    assert plan.status == ActionPlan.Status.DRAFT and inspection.report.subject == inspection
    # The monitoring group's chair approves it like any other plan.
    plan_services.action_add(
        acting_user=business, plan=plan, description="Train ward staff", owner=chair, due_date=date(2027, 1, 1)
    )
    plan_services.plan_submit(acting_user=business, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)
    services.inspection_finding_add(acting_user=business, inspection=inspection, kind="improvement", text="Training")
    assert inspection.findings.count() == 1


def test_only_the_business_unit_records_inspections(agency_lead, agency, effectiveness):
    with pytest.raises(PermissionDenied):
        services.inspection_record(
            acting_user=agency_lead,
            kind="jtai",
            title="x",
            report_date=date(2026, 1, 1),
            organisations=[agency],
            summary="x",
            monitoring_group=effectiveness,
        )


def test_the_inspection_form(business, agency, effectiveness, member, outsider, client_for):
    url = reverse("scrutiny:inspection-create")
    assert client_for(member).get(url).status_code == 403
    assert client_for(outsider).get(reverse("scrutiny:inspection-list")).status_code == 403
    client = client_for(business)
    errors = form_errors(client.post(url, {"organisations": ["x"], "kind": "ofsted"}))
    assert errors["kind"] == ["Select the inspectorate"]
    assert errors["organisations"] == ["Select organisations from the list"]
    assert errors["monitoring_group"] == ["Select the group that will monitor the action plan"]
    assert errors["report_date"] == ["Enter the date of the report"]
    today = calendar.today()
    response = client.post(
        url,
        {
            "kind": "ofsted_ilacs",
            "title": "Ofsted ILACS",
            "report_date_0": today.day,
            "report_date_1": today.month,
            "report_date_2": today.year,
            "organisations": [agency.pk],
            "judgement": "Good",
            "summary": "Good overall",
            "monitoring_group": effectiveness.pk,
            "report_file": SimpleUploadedFile("ofsted.pdf", PDF),
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.action_plan.owning_group == effectiveness
    assert client_for(member).get(inspection.get_absolute_url()).status_code == 200


# Every form of part A, posted with junk -----------------------------------------------------------------

JUNK = ["", "junk", "-1", "99999999999999999999", "<script>alert(1)</script>", "1' OR 1=1", "a\x00b", "x" * 20001]


def test_every_form_answers_junk_with_messages_not_errors(world, client_for):
    from tests.htmlforms import main_form
    from tests.matrix import ROLES

    from .matrix_assurance import ENTRIES

    for name, entry in ENTRIES.items():
        if entry.method != "get":
            continue
        role = next(r for r in ROLES if r != "anonymous" and entry.expected_for(r) == 200)
        client = client_for(world[role])
        url = entry.url(world)
        page = client.get(url)
        if 'method="post"' not in page.content.decode():
            continue
        form = main_form(page.content.decode())
        for index, junk in enumerate(JUNK):
            payload = {
                control.name: [junk if (i + index) % 3 else JUNK[(i + index) % len(JUNK)]]
                for i, control in enumerate(form.controls)
                if control.name not in ("csrfmiddlewaretoken",) and control.kind not in ("submit", "file")
            }
            response = client.post(url, payload)
            assert response.status_code in (200, 302, 403), f"{name} with {junk[:20]!r}: {response.status_code}"
            if response.status_code == 200:
                assert "govuk-error-summary" in response.content.decode(), f"{name}: no error shown for junk"
