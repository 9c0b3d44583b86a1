"""The living return: a new cycle starts each organisation from its last accepted answers,
so agencies maintain their return rather than start again every cycle.

A question is carried forward only where it is unchanged since that return: the same
reference, kind and wording (and, for a rating, the same scale). Its answer arrives marked
"still true?": the organisation confirms it or updates it before submitting. Changed and new
questions are marked on the page and start empty. Evidence is not carried: files describe
the time they were made, so required evidence is attached afresh.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .. import scoring
from ..models import Answer, AuditSubmission, Question
from ..models.answers import VALUE_FIELDS

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


@transaction.atomic
def carry_forward(*, acting_user, submissions: list[AuditSubmission]) -> int:
    """Start each return from its organisation's last accepted answers where the question is
    unchanged (never over an answer already given). Returns how many answers were carried."""
    now = timezone.now()
    carried = []
    for submission in submissions:
        source = last_accepted(submission)
        if source is None:
            continue
        answered = set(submission.answers.values_list("question_id", flat=True))
        for question_id, change in question_changes(submission, source).items():
            old = change.earlier
            if change.status != UNCHANGED or old is None or question_id in answered:
                continue
            values = {name: getattr(old, name) for name in VALUE_FIELDS}
            if not any(values[name] not in (None, "", False) for name in VALUE_FIELDS):
                continue
            carried.append(
                Answer(
                    submission=submission,
                    question_id=question_id,
                    **values,
                    version=1,
                    updated_at=now,
                    carried_from=old,
                )
            )
    if carried:
        bulk_create_with_history(
            carried,
            Answer,
            batch_size=500,
            default_user=acting_user,
            default_change_reason="Carried forward from the last accepted return: still true?",
        )
    return len(carried)
