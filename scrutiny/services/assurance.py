"""Assurance requests to agencies (due, received, assessed) and inspection reports with the
action plan the relevant sub-group monitors."""

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core import calendar, documents, notifications
from core.models import Deadline
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from subgroups.models import PartnershipGroup
from subgroups.services.plans import plan_create

from .. import permissions
from ..models import AssuranceLevel, AssuranceRequest, Inspection, InspectionFinding
from ..selectors.people import organisation_leads

ASSURANCE_REQUEST = notifications.register_kind(
    notifications.Kind(
        "assurance_request",
        "Assurance requests",
        "When your organisation is asked for an assurance report, or a report you asked for arrives",
    )
)
RULE = "assurance_request"
Status = AssuranceRequest.Status


def _require_manager(user: User) -> None:
    refuse_unless(permissions.can_manage_assurance_requests(user), "Only the business unit manages assurance requests")


@transaction.atomic
def request_create(
    *, acting_user: User, organisation: Organisation, topic: str, detail: str, due_date: date | None = None
) -> AssuranceRequest:
    _require_manager(acting_user)
    today = calendar.today()
    if due_date is not None and due_date <= today:
        raise DomainError("The due date must be in the future")
    request = AssuranceRequest(
        organisation=organisation,
        topic=topic,
        detail=detail,
        requested_by=acting_user,
        requested_on=today,
        due_date=due_date or clock.rule_for(RULE).due_date(today, calendar.closure_days()),
    )
    save_with_history(request, acting_user=acting_user, reason="Requested")
    leads = organisation_leads(organisation)
    clock.deadline_create(
        subject=request,
        rule_key=RULE,
        start=today,
        due_date=due_date,
        title=f"Assurance report from {organisation}: {topic[:100]}",
        responsible_users=leads,
        responsible_organisation=organisation,
        escalation_users=[acting_user],
        acting_user=acting_user,
        reason="Assurance report requested",
    )
    notifications.notify(
        leads,
        kind=ASSURANCE_REQUEST.key,
        title=f"The partnership asks {organisation} for an assurance report by {request.due_date:%-d %B %Y}",
        body=f"{topic}\n\n{detail}",
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def request_update(
    *, acting_user: User, request: AssuranceRequest, topic: str, detail: str, due_date: date
) -> AssuranceRequest:
    _require_manager(acting_user)
    if request.status != Status.REQUESTED:
        raise DomainError("Only a request still awaiting its report can be changed")
    old_due = request.due_date
    request.topic, request.detail, request.due_date = topic, detail, due_date
    save_with_history(request, acting_user=acting_user, reason="Changed")
    deadline = Deadline.objects.latest_for(request)
    if deadline and deadline.is_live and due_date != old_due:
        clock.deadline_move(
            deadline=deadline, due_date=due_date, acting_user=acting_user, reason="The report’s due date changed"
        )
    return request


@transaction.atomic
def request_receive(
    *, acting_user: User, request: AssuranceRequest, upload: UploadedFile, summary: str = ""
) -> AssuranceRequest:
    """The agency (or the business unit for it) uploads the report: the deadline is met."""
    refuse_unless(
        permissions.can_send_report(acting_user, request),
        "Only the organisation’s lead, or the business unit, sends the report",
    )
    request.report = documents.store(
        upload=upload, subject=request, uploaded_by=acting_user, title=f"Assurance report: {request.topic}"
    )
    request.report_summary = summary
    request.status = Status.RECEIVED
    request.received_at = timezone.now()
    request.received_by = acting_user
    late = calendar.today() > request.due_date
    save_with_history(request, acting_user=acting_user, reason="Report received late" if late else "Report received")
    deadline = Deadline.objects.latest_for(request)
    if deadline and deadline.is_live:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Report received")
    notifications.notify(
        [request.requested_by],
        kind=ASSURANCE_REQUEST.key,
        title=f"Assurance report received from {request.organisation}: {request.topic}",
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def request_assess(
    *, acting_user: User, request: AssuranceRequest, assurance_level: str, assessment: str
) -> AssuranceRequest:
    _require_manager(acting_user)
    if request.status != Status.RECEIVED:
        raise DomainError("Only a received report can be assessed")
    if assurance_level not in AssuranceLevel.values:
        raise DomainError("Select how assured the partnership is by the report")
    if not assessment.strip():
        raise DomainError("Enter the partnership’s assessment")
    request.status = Status.ASSESSED
    request.assurance_level = assurance_level
    request.assessment = assessment
    request.assessed_by = acting_user
    request.assessed_at = timezone.now()
    save_with_history(
        request, acting_user=acting_user, reason=f"Assessed: {request.get_assurance_level_display().lower()}"
    )
    notifications.notify(
        organisation_leads(request.organisation),
        kind=ASSURANCE_REQUEST.key,
        title=f"The partnership has assessed your assurance report: {request.get_assurance_level_display().lower()}",
        body=assessment,
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def request_withdraw(*, acting_user: User, request: AssuranceRequest, reason: str) -> AssuranceRequest:
    _require_manager(acting_user)
    if request.status not in (Status.REQUESTED, Status.RECEIVED):
        raise DomainError(f"This request is already {request.get_status_display().lower()}")
    if not reason.strip():
        raise DomainError("Enter why the request is withdrawn")
    request.status = Status.WITHDRAWN
    request.withdrawn_reason = reason
    save_with_history(request, acting_user=acting_user, reason=f"Withdrawn: {reason}")
    deadline = Deadline.objects.latest_for(request)
    if deadline and deadline.is_live:
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="Request withdrawn")
    return request


# Inspections ----------------------------------------------------------------------------------------------

INSPECTION_FIELDS = ("kind", "title", "report_date", "judgement", "summary")


def _require_inspections(user: User) -> None:
    refuse_unless(permissions.can_manage_inspections(user), "Only the business unit records inspections")


@transaction.atomic
def inspection_record(
    *,
    acting_user: User,
    organisations: Iterable[Organisation],
    monitoring_group: PartnershipGroup,
    report: UploadedFile | None = None,
    **fields: object,
) -> Inspection:
    """Record the report and start its action plan, owned and monitored by `monitoring_group`
    (drafted here, then approved by that group's chair like every other plan)."""
    _require_inspections(acting_user)
    organisations = list(organisations)
    if not organisations:
        raise DomainError("Select the organisations inspected")
    inspection = Inspection(monitoring_group=monitoring_group, created_by=acting_user)
    for name in INSPECTION_FIELDS:
        setattr(inspection, name, fields.get(name, getattr(inspection, name)))
    save_with_history(inspection, acting_user=acting_user, reason="Recorded")
    inspection.organisations.set(organisations)
    if report is not None:
        inspection.report = documents.store(
            upload=report, subject=inspection, uploaded_by=acting_user, title=inspection.title
        )
    inspection.action_plan = plan_create(
        acting_user=acting_user,
        title=f"Inspection action plan: {inspection.title}"[:300],
        owning_group=monitoring_group,
        source=inspection,
        organisation=organisations[0] if len(organisations) == 1 else None,
        check_permission=False,
    )
    save_with_history(inspection, acting_user=acting_user, reason="Action plan started", clean=False)
    return inspection


@transaction.atomic
def inspection_update(
    *,
    acting_user: User,
    inspection: Inspection,
    organisations: Iterable[Organisation],
    report: UploadedFile | None = None,
    **fields: object,
) -> Inspection:
    _require_inspections(acting_user)
    organisations = list(organisations)
    if not organisations:
        raise DomainError("Select the organisations inspected")
    for name in INSPECTION_FIELDS:
        if name in fields:
            setattr(inspection, name, fields[name])
    if report is not None:
        inspection.report = documents.store(
            upload=report,
            subject=inspection,
            uploaded_by=acting_user,
            title=inspection.title,
            previous=inspection.report,
        )
    save_with_history(inspection, acting_user=acting_user, reason="Changed")
    inspection.organisations.set(organisations)
    return inspection


@transaction.atomic
def inspection_finding_add(*, acting_user: User, inspection: Inspection, kind: str, text: str) -> InspectionFinding:
    _require_inspections(acting_user)
    finding = InspectionFinding(inspection=inspection, kind=kind, text=text)
    save_with_history(finding, acting_user=acting_user, reason="Added")
    return finding
