"""Reads about multi-agency case audits."""

from subgroups.models import ActionPlan

from ..models import CaseAudit


def case_audit_plan(case_audit: CaseAudit) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(
            source_type__app_label="audits", source_type__model="caseaudit", source_id=case_audit.pk
        )
        .select_related("owning_group")
        .first()
    )


def participant_of(case_audit: CaseAudit, organisation_pk: int):
    """An organisation taking part in the case audit, or none."""
    return case_audit.participants.filter(pk=organisation_pk).first()
