"""Reads about multi-agency case audits."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from core.services import refuse_unless
from partnership.models import Organisation, User
from subgroups.models import ActionPlan

from .. import permissions
from ..models import (
    AuditCase,
    CaseAnswer,
    CaseAudit,
    CaseReturn,
)


def case_audit_plan(case_audit: CaseAudit) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(
            source_type__app_label="audits", source_type__model="caseaudit", source_id=case_audit.pk
        )
        .select_related("owning_group")
        .first()
    )


def participant_of(case_audit: CaseAudit, organisation_pk: int) -> Organisation | None:
    """An organisation taking part in the case audit, or none."""
    return case_audit.participants.filter(pk=organisation_pk).first()


def case_audit_list_for_user(user: User) -> QuerySet[CaseAudit]:
    refuse_unless(permissions.can_view_audits(user))
    return (
        permissions.case_audits_visible_to(user)
        .select_related("tool__framework")
        .annotate(case_count=Count("cases", distinct=True), agency_count=Count("participants", distinct=True))
        .order_by("-created_at", "-pk")
    )


def case_audit_get_for_user(user: User, pk: int) -> CaseAudit:
    case_audit = (
        permissions.case_audits_visible_to(user).select_related("tool__framework", "created_by").filter(pk=pk).first()
    )
    if case_audit is None:
        raise Http404("No such case audit")
    return case_audit


def case_get_for_user(user: User, pk: int) -> AuditCase:
    case = permissions.cases_visible_to(user).select_related("case_audit__tool__framework").filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    return case


@dataclass
class CaseGridRow:
    case: AuditCase
    statuses: list[tuple[Organisation, str]]


def case_grid(case_audit: CaseAudit, participants: list[Organisation]) -> list[CaseGridRow]:
    """Each case with each participating agency's return status, in two queries."""
    cases = list(case_audit.cases.all())
    status = {
        (r.case_id, r.organisation_id): r.get_status_display()
        for r in CaseReturn.objects.filter(case__case_audit=case_audit)
    }
    return [
        CaseGridRow(case, [(org, status.get((case.pk, org.pk), "Not started")) for org in participants])
        for case in cases
    ]


def case_return_for(case: AuditCase, organisation_id: int) -> CaseReturn | None:
    return (
        CaseReturn.objects.filter(case=case, organisation_id=organisation_id)
        .select_related("organisation", "submitted_by")
        .first()
    )


def case_answers(case_return: CaseReturn | None) -> dict[int, CaseAnswer]:
    if case_return is None:
        return {}
    return {a.question_id: a for a in case_return.answers.select_related("updated_by")}


def case_returns_shown(user: User, case: AuditCase) -> list[CaseReturn]:
    """The returns for a case the person may read: all of them for the business unit, their
    own organisations' otherwise."""
    returns = permissions.case_returns_visible_to(user).filter(case=case).select_related("organisation", "submitted_by")
    return list(returns.prefetch_related(Prefetch("answers", queryset=CaseAnswer.objects.select_related("question"))))
