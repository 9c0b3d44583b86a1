"""Reads about one return: what stops it being submitted, who may sign it off, its earlier
return and its action plan."""

from dataclasses import dataclass

from subgroups.models import ActionPlan

from .. import permissions, scoring
from ..models import Answer, AuditSubmission, Question


@dataclass(frozen=True)
class Problem:
    question: Question
    message: str


def previous_submission(submission: AuditSubmission) -> AuditSubmission | None:
    """The organisation's latest earlier return on the same framework that has answers."""
    return (
        AuditSubmission.objects.filter(
            organisation_id=submission.organisation_id,
            cycle__version__framework_id=submission.cycle.version.framework_id,
            cycle__opens_on__lt=submission.cycle.opens_on,
            answers__isnull=False,
        )
        .select_related("cycle")
        .order_by("-cycle__opens_on", "-pk")
        .first()
    )


def submission_problems(submission: AuditSubmission) -> list[Problem]:
    """Everything that stops the return being submitted, one message per question, in order."""
    questions = Question.objects.filter(standard__version=submission.cycle.version_id).select_related("standard")
    answers = {a.question_id: a for a in submission.answers.all().prefetch_related("evidence")}
    problems = []
    for question in questions.order_by("standard__position", "position", "pk"):
        answer = answers.get(question.pk)
        answered = answer is not None and answer.has_value(question.kind)
        if answer is not None and answer.needs_confirming:
            problems.append(
                Problem(
                    question, f"Question {question.reference}: confirm last cycle’s answer is still true, or update it"
                )
            )
            continue
        if answer is not None and answer.not_applicable and not question.allows_not_applicable:
            problems.append(Problem(question, f"Question {question.reference}: “not applicable” is not allowed here"))
            continue
        if question.is_required and not answered:
            problems.append(Problem(question, question.missing_message()))
            continue
        needs_evidence = question.evidence_required and not (answer is not None and answer.not_applicable)
        if needs_evidence and (answer is None or not answer.evidence.all()):
            problems.append(Problem(question, f"Question {question.reference}: add evidence (it is required)"))
    return problems


def signatories_for(submission: AuditSubmission, *, excluding=None):
    """Who may be named to sign off a return: active people in the directory for the
    organisation, with a partnership role, other than the person asking."""
    from core.pickers import people_with_roles

    people = people_with_roles().filter(organisation_id=submission.organisation_id)
    return people.exclude(pk=excluding.pk) if excluding is not None else people


def weak_answers(submission: AuditSubmission) -> list[Answer]:
    """Scored answers below the framework's threshold (for example red and amber), judged on
    the agreed (moderated) rating where the moderation set one."""
    version = submission.cycle.version
    answers = submission.answers.select_related("question__standard").order_by(
        "question__standard__position", "question__position"
    )
    return [
        a
        for a in answers
        if scoring.is_below_threshold(
            a.agreed_score(a.question.kind, version.scale), version.scale, version.action_threshold
        )
    ]


def action_plan_for(submission: AuditSubmission) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(
            source_type__app_label="audits", source_type__model="auditsubmission", source_id=submission.pk
        )
        .select_related("owning_group")
        .first()
    )


def visible_submission_ids(user, organisation) -> set[int]:
    """The organisation's returns the person may open."""
    return set(permissions.submissions_visible_to(user).filter(organisation=organisation).values_list("pk", flat=True))
