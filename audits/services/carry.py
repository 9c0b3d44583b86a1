"""The living return: a new cycle starts each organisation from its last accepted answers,
so agencies maintain their return rather than start again every cycle.

A question is carried forward only where it is unchanged since that return: the same
reference, kind and wording (and, for a rating, the same scale). Its answer arrives marked
"still true?": the organisation confirms it or updates it before submitting. Changed and new
questions are marked on the page and start empty. Evidence is not carried: files describe
the time they were made, so required evidence is attached afresh.
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partnership.models import User

from ..models import Answer, AuditSubmission
from ..models.answers import VALUE_FIELDS
from ..selectors.carry import UNCHANGED, last_accepted, question_changes


@transaction.atomic
def carry_forward(*, acting_user: User, submissions: list[AuditSubmission]) -> int:
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
