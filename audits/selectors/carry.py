"""How a return's questions stand against the organisation's last accepted return (the living
return: see services/carry.py for the carrying forward itself)."""

from dataclasses import dataclass

from .. import scoring
from ..models import Answer, AuditSubmission, Question

UNCHANGED, CHANGED, NEW = "unchanged", "changed", "new"


def last_accepted(submission: AuditSubmission) -> AuditSubmission | None:
    """The organisation's latest accepted return on the same framework, before this cycle."""
    return (
        AuditSubmission.objects.filter(
            organisation_id=submission.organisation_id,
            cycle__version__framework_id=submission.cycle.version.framework_id,
            status=AuditSubmission.Status.ACCEPTED,
            is_withdrawn=False,
        )
        .exclude(cycle_id=submission.cycle_id)
        .filter(cycle__opens_on__lte=submission.cycle.opens_on)
        .select_related("cycle__version")
        .order_by("-cycle__opens_on", "-pk")
        .first()
    )


def _wording(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_unchanged(old: Question, new: Question, old_scale: str, new_scale: str) -> bool:
    if old.kind != new.kind or _wording(old.text) != _wording(new.text):
        return False
    return new.kind != scoring.RATING or old_scale == new_scale


@dataclass(frozen=True)
class QuestionChange:
    """How a question stands against the return the organisation's answers came from."""

    status: str  # unchanged, changed or new
    earlier: Answer | None = None


def question_changes(submission: AuditSubmission, source: AuditSubmission | None) -> dict[int, QuestionChange]:
    """{question id: change} for every question in the return's version (two queries)."""
    questions = Question.objects.filter(standard__version=submission.cycle.version_id)
    if source is None:
        return {}
    old_scale, scale = source.cycle.version.scale, submission.cycle.version.scale
    earlier = {a.question.reference: a for a in source.answers.select_related("question")}
    old_questions = {q.reference: q for q in Question.objects.filter(standard__version=source.cycle.version_id)}
    changes = {}
    for question in questions:
        old = old_questions.get(question.reference)
        if old is None:
            changes[question.pk] = QuestionChange(NEW)
        elif is_unchanged(old, question, old_scale, scale):
            changes[question.pk] = QuestionChange(UNCHANGED, earlier.get(question.reference))
        else:
            changes[question.pk] = QuestionChange(CHANGED, earlier.get(question.reference))
    return changes
