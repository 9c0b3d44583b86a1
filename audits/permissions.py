"""Who may see and do what with frameworks, cycles, submissions and case audits.

Submissions and cases are restricted (need-to-know) records. An organisation's returns are
answered by its leads (the directory's lead-organisation role, assigned by the business
unit); a cycle's peer moderators are a django-guardian role on the cycle. Executive members
and the independent scrutineer read the cycle reports (aggregates), not the returns.
Every check lives here and is used by views (as flags) and querysets alike.
"""

from django.db.models import Q, QuerySet

from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.permissions import led_organisation_ids

from .models import (
    AuditCase,
    AuditCycle,
    AuditSubmission,
    CaseAudit,
    CaseReturn,
    CycleUserObjectPermission,
    Framework,
)

MODERATE = "moderate_cycle"


def _cache(user, name: str, compute):
    key = f"_audits_{name}"
    if not hasattr(user, key):
        setattr(user, key, compute())
    return getattr(user, key)


def moderated_cycle_ids(user) -> frozenset[int]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _cache(
        user,
        "moderated",
        lambda: frozenset(
            CycleUserObjectPermission.objects.filter(user=user, permission__codename=MODERATE).values_list(
                "content_object_id", flat=True
            )
        ),
    )


def moderated_cycles_query(user) -> QuerySet:
    """moderated_cycle_ids as a subquery (cycle ids), costing no query of its own."""
    if not user.is_authenticated or not user.is_active:
        return CycleUserObjectPermission.objects.none().values("content_object_id")
    return CycleUserObjectPermission.objects.filter(user=user, permission__codename=MODERATE).values(
        "content_object_id"
    )


def is_business_unit(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def reads_reports(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def can_view_audits(user) -> bool:
    return has_any_role(user)


def can_view_history(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


# Frameworks ---------------------------------------------------------------------------------


def can_view_frameworks(user) -> bool:
    return has_any_role(user)


def can_manage_frameworks(user) -> bool:
    return is_business_unit(user)


def frameworks_visible_to(user) -> QuerySet[Framework]:
    return Framework.objects.all() if can_view_frameworks(user) else Framework.objects.none()


# Cycles -------------------------------------------------------------------------------------


def can_manage_cycles(user) -> bool:
    return is_business_unit(user)


def cycles_visible_to(user) -> QuerySet[AuditCycle]:
    """The business unit sees every cycle; report readers and a cycle's moderators see it once
    it is launched."""
    if is_business_unit(user):
        return AuditCycle.objects.all()
    launched = AuditCycle.objects.exclude(status=AuditCycle.Status.SETUP)
    if reads_reports(user):
        return launched
    return launched.filter(pk__in=moderated_cycle_ids(user))


def is_moderator(user, cycle: AuditCycle) -> bool:
    return cycle.pk in moderated_cycle_ids(user) and cycle.status != AuditCycle.Status.SETUP


def can_moderate(user, cycle: AuditCycle) -> bool:
    return is_business_unit(user) or is_moderator(user, cycle)


def can_open_submissions(user, cycle: AuditCycle) -> bool:
    """Whether the cycle's pages may link to individual returns for this person."""
    return can_moderate(user, cycle)


def can_export_answers(user, cycle: AuditCycle) -> bool:
    return can_moderate(user, cycle)


# Submissions --------------------------------------------------------------------------------


def submissions_visible_to(user) -> QuerySet[AuditSubmission]:
    """The business unit: every return. Others: their own organisations' returns and those of
    the cycles they moderate, once the cycle is launched and while the organisation is in it."""
    if is_business_unit(user):
        return AuditSubmission.objects.all()
    if not user.is_authenticated or not user.is_active:
        return AuditSubmission.objects.none()
    led, moderated = led_organisation_ids(user), moderated_cycle_ids(user)
    # The senior officer named to sign a return off reads it (and keeps reading what they signed).
    return (
        AuditSubmission.objects.filter(Q(organisation_id__in=led) | Q(cycle_id__in=moderated) | Q(signatory=user))
        .exclude(cycle__status=AuditCycle.Status.SETUP)
        .filter(is_withdrawn=False)
    )


def can_view_submission(user, submission: AuditSubmission) -> bool:
    return submissions_visible_to(user).filter(pk=submission.pk).exists()


def is_lead_for(user, submission: AuditSubmission) -> bool:
    return submission.organisation_id in led_organisation_ids(user)


def can_answer(user, submission: AuditSubmission) -> bool:
    """Only the organisation's own leads answer, and only while the return is with them."""
    return submission.is_editable and is_lead_for(user, submission)


def can_sign_off(user, submission: AuditSubmission) -> bool:
    """Only the senior officer the lead named, never the person who asked."""
    return (
        submission.status == AuditSubmission.Status.AWAITING_SIGN_OFF
        and user.is_authenticated
        and submission.signatory_id == user.pk
        and submission.sign_off_requested_by_id != user.pk
        and not submission.is_withdrawn
    )


def can_invite_signatory(user, submission: AuditSubmission) -> bool:
    """The lead invites a senior officer by email while answering, or again (to someone else,
    or with a fresh link) while the return waits for someone who has not accepted yet."""
    if not is_lead_for(user, submission) or submission.is_withdrawn:
        return False
    if submission.status == AuditSubmission.Status.AWAITING_SIGN_OFF:
        return submission.signatory_id is None and submission.cycle.status == AuditCycle.Status.OPEN
    return submission.is_editable


def can_manage_submission(user, submission: AuditSubmission) -> bool:
    return is_business_unit(user) and not submission.is_withdrawn


def can_view_moderation(user, submission: AuditSubmission) -> bool:
    """Moderation notes and confidence ratings are for the business unit and moderators."""
    return can_moderate(user, submission.cycle)


def can_view_submission_history(user, submission: AuditSubmission) -> bool:
    return is_business_unit(user)


def can_view_organisation_history(user, organisation) -> bool:
    return reads_reports(user) or organisation.pk in led_organisation_ids(user)


def can_view_evidence(user, submission: AuditSubmission) -> bool:
    return can_view_submission(user, submission)


# Case audits --------------------------------------------------------------------------------


def can_manage_case_audits(user) -> bool:
    return is_business_unit(user)


def case_audits_visible_to(user) -> QuerySet[CaseAudit]:
    if reads_reports(user):
        return CaseAudit.objects.all()
    led = led_organisation_ids(user)
    if not led:
        return CaseAudit.objects.none()
    return CaseAudit.objects.filter(
        pk__in=CaseAudit.participants.through.objects.filter(organisation_id__in=led).values("caseaudit_id")
    )


def cases_visible_to(user) -> QuerySet[AuditCase]:
    return AuditCase.objects.filter(case_audit__in=case_audits_visible_to(user))


def can_view_case_return(user, case_return_organisation_id: int) -> bool:
    return is_business_unit(user) or case_return_organisation_id in led_organisation_ids(user)


def case_returns_visible_to(user) -> QuerySet[CaseReturn]:
    if is_business_unit(user):
        return CaseReturn.objects.all()
    return CaseReturn.objects.filter(organisation_id__in=led_organisation_ids(user))


def can_answer_case(user, case_audit: CaseAudit, organisation_id: int) -> bool:
    return case_audit.is_open and organisation_id in led_organisation_ids(user)
