"""What a person has to do in audits, for "My work" and the audits home page."""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partnership.models import Organisation, User

from .. import permissions
from ..models import (
    AuditCase,
    AuditCycle,
    AuditSubmission,
    CaseAudit,
    CaseReturn,
)


def my_submissions(user: User) -> QuerySet[AuditSubmission]:
    """Returns of the organisations the person leads, newest cycle first."""
    led = permissions.led_organisation_ids(user)
    if not led:
        return AuditSubmission.objects.none()
    return (
        AuditSubmission.objects.filter(organisation_id__in=led, is_withdrawn=False)
        .exclude(cycle__status=AuditCycle.Status.SETUP)
        .select_related("cycle__version__framework", "organisation")
        .order_by("-cycle__opens_on", "organisation__name")
    )


def submissions_to_sign_off(user: User | AnonymousUser) -> QuerySet[AuditSubmission]:
    """Returns whose lead named this person as the senior officer to sign them off."""
    if not user.is_authenticated:
        return AuditSubmission.objects.none()
    return (
        AuditSubmission.objects.filter(
            signatory=user, status=AuditSubmission.Status.AWAITING_SIGN_OFF, is_withdrawn=False
        )
        .select_related("cycle", "organisation", "sign_off_requested_by")
        .order_by("sign_off_requested_at")
    )


def submissions_to_moderate(user: User) -> QuerySet[AuditSubmission]:
    """Submitted returns waiting for the business unit, or in the cycles the person moderates."""
    waiting = AuditSubmission.objects.filter(
        is_withdrawn=False, status=AuditSubmission.Status.SUBMITTED, cycle__status=AuditCycle.Status.OPEN
    )
    if not permissions.is_business_unit(user):
        waiting = waiting.filter(cycle_id__in=permissions.moderated_cycles_query(user))
    return waiting.select_related("cycle", "organisation").order_by("submitted_at")


def my_case_returns(user: User) -> list[tuple[AuditCase, int, str]]:
    """Cases in open audits that the person's organisations have not yet submitted."""
    led = permissions.led_organisation_ids(user)
    if not led:
        return []
    audits = CaseAudit.objects.filter(status=CaseAudit.Status.AUDITING, participants__in=led).distinct()
    submitted = set(
        CaseReturn.objects.filter(
            case__case_audit__in=audits, organisation_id__in=led, status=CaseReturn.Status.SUBMITTED
        ).values_list("case_id", "organisation_id")
    )
    pairs = CaseAudit.participants.through.objects.filter(caseaudit__in=audits, organisation_id__in=led).values_list(
        "caseaudit_id", "organisation_id"
    )
    orgs: defaultdict[int, list[int]] = defaultdict(list)
    for audit_id, org_id in pairs:
        orgs[audit_id].append(org_id)
    names = dict(Organisation.objects.filter(pk__in=led).values_list("pk", "name"))
    due: list[tuple[AuditCase, int, str]] = []
    for case in AuditCase.objects.filter(case_audit__in=audits).select_related("case_audit"):
        for org_id in orgs[case.case_audit_id]:
            if (case.pk, org_id) not in submitted:
                due.append((case, org_id, names.get(org_id, "")))
    return due
