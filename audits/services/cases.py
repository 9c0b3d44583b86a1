"""Multi-agency thematic case audits: the audit and its sample of (pseudonymised) cases, each
participating agency's answers per case, the graded findings, the learning and the actions."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import notifications
from core.models import Deadline
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations
from subgroups.models import ActionPlan, PartnershipGroup
from subgroups.services import plans as plan_services

from .. import permissions
from ..models import AuditCase, CaseAnswer, CaseAudit, CaseReturn, Framework, FrameworkVersion, Question
from ..selectors.cases import case_audit_plan
from ..selectors.submissions import Problem
from .answering import AnswerInput, SaveResult, apply_answers
from .cycles import AUDIT_INVITATION

Status = CaseAudit.Status


class CaseReturnIncomplete(DomainError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"There {'are' if count != 1 else 'is'} {count} question{'s' if count != 1 else ''} to answer before you "
            "can submit"
        )


def _require_open(case_audit: CaseAudit) -> None:
    if not case_audit.is_open:
        raise DomainError("The findings of this audit are agreed, so it cannot be changed")


def _check_tool(tool: FrameworkVersion) -> None:
    if tool.framework.purpose != Framework.Purpose.CASE_AUDIT:
        raise DomainError("Select a case audit tool, not a self-assessment framework")


@transaction.atomic
def case_audit_create(
    *,
    acting_user: User,
    title: str,
    theme: str,
    tool: FrameworkVersion,
    scope: str,
    returns_due: date,
    participants: Iterable[Organisation],
) -> CaseAudit:
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    _check_tool(tool)
    participants = list(participants)
    if not participants:
        raise DomainError("Select at least one participating agency")
    case_audit = CaseAudit(
        title=title, theme=theme, tool=tool, scope=scope, returns_due=returns_due, created_by=acting_user
    )
    save_with_history(case_audit, acting_user=acting_user, reason="Planned")
    case_audit.participants.set(participants)
    _invite(case_audit, participants, acting_user)
    return case_audit


def _invite(case_audit: CaseAudit, organisations: list[Organisation], acting_user: User) -> None:
    contacts = contacts_for_organisations([o.pk for o in organisations])
    for organisation in organisations:
        leads = contacts.get(organisation.pk, [])
        clock.deadline_create(
            subject=case_audit,
            rule_key="audit_return",
            start=timezone.localdate(),
            due_date=case_audit.returns_due,
            title=f"Case audit returns ({case_audit.theme}): {organisation}"[:200],
            responsible_users=leads,
            responsible_organisation=organisation,
            escalation_users=[case_audit.created_by],
            acting_user=acting_user,
            reason="Agency invited to the case audit",
        )
        notifications.notify(
            leads,
            kind=AUDIT_INVITATION.key,
            title=f"{organisation} is taking part in the case audit “{case_audit.title}”",
            body=f"Please answer the audit tool for each case by {case_audit.returns_due:%-d %B %Y}.",
            url=case_audit.get_absolute_url(),
        )


def _deadlines(case_audit: CaseAudit, organisation_ids: Iterable[int] | None = None) -> QuerySet[Deadline]:
    deadlines: QuerySet[Deadline] = Deadline.objects.for_subject(case_audit).live()
    if organisation_ids is not None:
        deadlines = deadlines.filter(responsible_organisation_id__in=organisation_ids)
    return deadlines


@transaction.atomic
def case_audit_update(
    *,
    acting_user: User,
    case_audit: CaseAudit,
    title: str,
    theme: str,
    scope: str,
    returns_due: date,
    participants: Iterable[Organisation],
) -> CaseAudit:
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    _require_open(case_audit)
    participants = list(participants)
    if not participants:
        raise DomainError("Select at least one participating agency")
    before = {o.pk: o for o in case_audit.participants.all()}
    wanted = {o.pk: o for o in participants}
    leaving = [pk for pk in before if pk not in wanted]
    answered = (
        CaseReturn.objects.filter(case__case_audit=case_audit, organisation_id__in=leaving)
        .select_related("organisation")
        .first()
    )
    if answered is not None:
        raise DomainError(f"{answered.organisation} has answered for a case, so it cannot leave the audit")
    old_due = case_audit.returns_due
    case_audit.title, case_audit.theme, case_audit.scope, case_audit.returns_due = title, theme, scope, returns_due
    save_with_history(case_audit, acting_user=acting_user, reason="Details changed")
    case_audit.participants.set(participants)
    for deadline in _deadlines(case_audit, leaving):
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="No longer taking part")
    if returns_due != old_due:
        for deadline in _deadlines(case_audit):
            clock.deadline_move(
                deadline=deadline, due_date=returns_due, acting_user=acting_user, reason="The returns date changed"
            )
    _invite(case_audit, [o for pk, o in wanted.items() if pk not in before], acting_user)
    return case_audit


CASE_FIELDS = ("pseudonym", "context")


@transaction.atomic
def case_save(
    *, acting_user: User, case_audit: CaseAudit, case: AuditCase | None = None, **fields: object
) -> AuditCase:
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    _require_open(case_audit)
    creating = case is None
    case = case or AuditCase(case_audit=case_audit, position=case_audit.cases.count() + 1)
    for name in CASE_FIELDS:
        if name in fields:
            setattr(case, name, fields[name])
    save_with_history(case, acting_user=acting_user, reason="Added to the sample" if creating else "Changed")
    return case


def _lock_return(case: AuditCase, organisation: Organisation) -> CaseReturn:
    case_return, _ = CaseReturn.objects.get_or_create(case=case, organisation=organisation)
    return CaseReturn.objects.select_for_update().get(pk=case_return.pk)


def _require_answerable(
    acting_user: User, case: AuditCase, organisation: Organisation, case_return: CaseReturn | None = None
) -> None:
    case_audit = case.case_audit
    is_participant = case_audit.participants.filter(pk=organisation.pk).exists()
    refuse_unless(is_participant and permissions.can_answer_case(acting_user, case_audit, organisation.pk))
    if case_return is not None and case_return.status == CaseReturn.Status.SUBMITTED:
        raise DomainError("Your answers for this case have been submitted, so they cannot be changed")


@transaction.atomic
def case_answers_save(
    *, acting_user: User, case: AuditCase, organisation: Organisation, inputs: list[AnswerInput]
) -> SaveResult:
    _require_answerable(acting_user, case, organisation)
    case_return = _lock_return(case, organisation)
    _require_answerable(acting_user, case, organisation, case_return)
    result = apply_answers(model=CaseAnswer, owner={"case_return": case_return}, inputs=inputs, acting_user=acting_user)
    if result.saved:
        save_with_history(case_return, acting_user=acting_user, reason="Answers saved")
    return result


def case_return_problems(case: AuditCase, case_return: CaseReturn | None) -> list[Problem]:
    answers = {a.question_id: a for a in case_return.answers.all()} if case_return else {}
    questions = Question.objects.filter(standard__version=case.case_audit.tool_id).order_by(
        "standard__position", "position", "pk"
    )
    return [
        Problem(q, q.missing_message())
        for q in questions
        if q.is_required and not (q.pk in answers and answers[q.pk].has_value(q.kind))
    ]


@transaction.atomic
def case_return_submit(*, acting_user: User, case: AuditCase, organisation: Organisation) -> CaseReturn:
    _require_answerable(acting_user, case, organisation)
    case_return = _lock_return(case, organisation)
    _require_answerable(acting_user, case, organisation, case_return)
    problems = case_return_problems(case, case_return)
    if problems:
        raise CaseReturnIncomplete(problems)
    case_return.status = CaseReturn.Status.SUBMITTED
    case_return.submitted_at = timezone.now()
    case_return.submitted_by = acting_user
    save_with_history(case_return, acting_user=acting_user, reason="Submitted")
    case_audit = case.case_audit
    outstanding = case_audit.cases.exclude(
        returns__organisation=organisation, returns__status=CaseReturn.Status.SUBMITTED
    ).exists()
    if not outstanding:
        for deadline in _deadlines(case_audit, [organisation.pk]):
            clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Every case answered")
    return case_return


@transaction.atomic
def case_grade(*, acting_user: User, case: AuditCase, grade: str, findings: str, learning: str) -> AuditCase:
    """The audit panel's graded finding for the case, with what it found and learned."""
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    _require_open(case.case_audit)
    if not findings.strip():
        raise DomainError("Enter the findings for the case")
    case.grade, case.findings, case.learning = grade, findings.strip(), learning.strip()
    save_with_history(case, acting_user=acting_user, reason=f"Graded: {case.get_grade_display()}")
    return case


@transaction.atomic
def case_audit_findings_save(*, acting_user: User, case_audit: CaseAudit, summary: str, learning: str) -> CaseAudit:
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    _require_open(case_audit)
    case_audit.summary, case_audit.learning = summary, learning
    save_with_history(case_audit, acting_user=acting_user, reason="Findings and learning written")
    return case_audit


@transaction.atomic
def case_audit_complete(*, acting_user: User, case_audit: CaseAudit) -> CaseAudit:
    """Agree the findings: every case graded, the summary and the learning written."""
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    _require_open(case_audit)
    cases = list(case_audit.cases.all())
    if not cases:
        raise DomainError("Add the cases in the sample first")
    ungraded = [c.pseudonym for c in cases if not c.grade]
    if ungraded:
        raise DomainError(f"Grade every case before agreeing the findings: {', '.join(ungraded)} not graded yet")
    if not case_audit.summary.strip() or not case_audit.learning.strip():
        raise DomainError("Write the summary of findings and the learning before agreeing them")
    case_audit.status = Status.COMPLETE
    case_audit.completed_at = timezone.now()
    save_with_history(case_audit, acting_user=acting_user, reason="Findings agreed")
    for deadline in _deadlines(case_audit):
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="The audit’s findings were agreed")
    return case_audit


@transaction.atomic
def case_audit_plan_start(*, acting_user: User, case_audit: CaseAudit, owning_group: PartnershipGroup) -> ActionPlan:
    """The audit's actions go in a plan owned by a sub-group, whose chair approves it."""
    refuse_unless(permissions.can_manage_case_audits(acting_user))
    if case_audit_plan(case_audit) is not None:
        raise DomainError("This audit already has an action plan")
    return plan_services.plan_create(
        acting_user=acting_user,
        title=f"Actions from the case audit: {case_audit.title}"[:300],
        owning_group=owning_group,
        source=case_audit,
        check_permission=False,
    )
