"""Saving a page of answers without losing anyone's work, for self-assessment returns and
case audit returns alike.

Each answer carries a version number, bumped on every change of value. The page a person
loads records, per question, the version and a fingerprint of the values they were shown.
On saving:

- a question whose typed values match what they were shown was not touched: it is left
  alone (so a colleague's newer answer to it is never overwritten by a stale page);
- a question whose stored answer already says what they typed needs nothing;
- a question whose stored version is still the one they loaded is saved;
- otherwise someone else changed it in the meantime: nothing is overwritten, and the
  conflict is handed back so the page can show both answers and keep what they typed.

The caller locks the row that owns the answers first, so two saves of one return queue up.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone

from core.services import save_with_history
from partnership.models import User

from .. import scoring
from ..models import Answer, CaseAnswer, Question
from ..models.answers import VALUE_FIELDS, AnswerValue


@dataclass
class AnswerInput:
    """What a person typed for one question, with the version and values they were shown."""

    question: Question
    values: dict[str, Any]
    base_version: int
    loaded_digest: str
    # "Still true": the person confirms an answer carried forward from the last return.
    confirm: bool = False

    @property
    def changed(self) -> bool:
        return scoring.values_digest(**self.values) != self.loaded_digest


@dataclass
class Conflict:
    question: Question
    theirs: AnswerValue


@dataclass
class SaveResult:
    saved: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def apply_answers(
    *, model: type[Answer] | type[CaseAnswer], owner: dict[str, Model], inputs: list[AnswerInput], acting_user: User
) -> SaveResult:
    """`owner` names the row the answers belong to, e.g. {"submission": submission}."""
    current = {
        a.question_id: a
        for a in model.objects.filter(**owner, question__in=[i.question for i in inputs]).select_related("updated_by")
    }
    result = SaveResult()
    now = timezone.now()
    for entry in inputs:
        typed = scoring.values_digest(**entry.values)
        if typed == entry.loaded_digest:
            continue
        answer = current.get(entry.question.pk)
        if answer is not None and answer.digest == typed:
            continue
        if answer is not None and answer.version != entry.base_version:
            result.conflicts.append(Conflict(question=entry.question, theirs=answer))
            continue
        answer = answer or model(**owner, question=entry.question)
        for name in VALUE_FIELDS:
            setattr(answer, name, entry.values[name])
        answer.version += 1
        answer.updated_at = now
        answer.updated_by = acting_user
        save_with_history(answer, acting_user=acting_user, clean=False, reason="Draft saved")
        result.saved += 1
    return result
