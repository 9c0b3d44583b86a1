"""Moderating comments: nobody but the business unit reads a comment until a moderator has
approved it (with any names and dates of birth removed) or withheld it. The original wording
is not kept once a decision is made."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import kept, pseudonyms
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions
from ..models import Answer, Survey
from ..models import Moderation as Decision

Moderation = Answer.Moderation


def _decide(answer: Answer, *, acting_user: User, decision: str, text: str, reason: str) -> Decision:
    changed = text != answer.text
    answer.text = text if decision == Moderation.APPROVED else ""
    answer.moderation = decision
    answer.save(update_fields=["text", "moderation"])
    record = Decision(
        answer=answer,
        survey_id=answer.question.survey_id,
        decision=decision,
        changed=changed or decision == Moderation.WITHHELD,
        reason=reason.strip(),
        moderated_by=acting_user,
        moderated_at=timezone.now(),
    )
    save_with_history(record, acting_user=acting_user, reason=record.get_decision_display(), clean=False)
    return record


@transaction.atomic
def answer_moderate(
    *, acting_user: User, answer: Answer, approve: bool, text: str = "", reason: str = "", confirmed: bool = False
) -> Decision:
    """Approve the comment as `text` (the moderator's wording), or withhold it with a reason.
    An approved comment that still looks as if it names someone or gives a date needs the
    moderator to confirm that it does not."""
    answer = Answer.objects.select_for_update().select_related("question__survey").get(pk=answer.pk)
    refuse_unless(permissions.can_moderate(acting_user, answer.question.survey))
    if answer.moderation != Moderation.AWAITING:
        raise DomainError("This comment has already been moderated")
    if not approve:
        if not reason.strip():
            raise DomainError("Enter why the comment is withheld")
        return _decide(answer, acting_user=acting_user, decision=Moderation.WITHHELD, text="", reason=reason)
    text = (text or "").strip()
    if not text:
        raise DomainError("Enter the comment as it should be shown, or withhold it")
    if pseudonyms.possible_identifiers(text) and not confirmed:
        raise DomainError(
            "The comment still has something that looks like a name or a date. Remove it, or confirm that it "
            "identifies nobody"
        )
    return _decide(answer, acting_user=acting_user, decision=Moderation.APPROVED, text=text, reason=reason)


@transaction.atomic
def approve_clear_comments(*, acting_user: User, survey: Survey) -> int:
    """Approve, as written, every waiting comment of the survey in which nothing looks like a
    name or a date. The rest wait for a moderator to read them one by one."""
    refuse_unless(permissions.can_moderate(acting_user, survey))
    waiting = list(
        Answer.objects.select_for_update()
        .filter(question__survey=survey, moderation=Moderation.AWAITING)
        .only("pk", "text", "question_id")
    )
    clear = [answer for answer in waiting if not pseudonyms.possible_identifiers(answer.text)]
    if not clear:
        return 0
    for answer in clear:
        answer.moderation = Moderation.APPROVED
    Answer.objects.bulk_update(clear, ["moderation"], batch_size=500)
    kept.changed(Answer)
    now = timezone.now()
    bulk_create_with_history(
        [
            Decision(
                answer=answer,
                survey=survey,
                decision=Moderation.APPROVED,
                reason="Nothing in it looked like a name or a date",
                moderated_by=acting_user,
                moderated_at=now,
            )
            for answer in clear
        ],
        Decision,
        batch_size=500,
        default_user=acting_user,
        default_change_reason="Approved with the others that named nobody",
    )
    return len(clear)
