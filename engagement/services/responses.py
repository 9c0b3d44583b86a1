"""Recording answers: a practitioner through the public link, an agency's lead for their
agency, a facilitator for a young person at a forum session.

Nothing here records who answered (see models/responses.py): an anonymous response is the
survey, the agency and role the person chose, and their answers. The public path takes no
`acting_user` at all.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from core import calendar, kept
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User

from .. import permissions
from ..models import AgeGroup, Answer, Choice, ForumSession, PractitionerRole, Question, Response, Survey
from .surveys import _agency_deadline_rows

Moderation = Answer.Moderation


def _answers(response: Response, values: dict[Question, object]) -> list[Answer]:
    """One Answer per chosen choice, scale point or comment; questions left unanswered have none."""
    rows = []
    for question, value in values.items():
        if question.survey_id != response.survey_id:
            raise DomainError("That question is not part of this survey")
        if value in (None, "", [], ()):
            if question.required:
                raise DomainError(f"Answer “{question}”")
            continue
        if question.has_choices:
            chosen = value if isinstance(value, list | tuple) else [value]
            if question.kind == Question.Kind.SINGLE and len(chosen) != 1:
                raise DomainError(f"Choose one answer to “{question}”")
            for choice in chosen:
                if not isinstance(choice, Choice) or choice.question_id != question.pk:
                    raise DomainError(f"Choose an answer to “{question}” from the list")
                rows.append(Answer(response=response, question=question, choice=choice))
        elif question.is_scale:
            if not isinstance(value, int) or not 1 <= value <= question.scale_points:
                raise DomainError(f"Choose a point on the scale for “{question}”")
            rows.append(Answer(response=response, question=question, scale_value=value))
        else:
            text = str(value).strip()
            if text:
                rows.append(Answer(response=response, question=question, text=text, moderation=Moderation.AWAITING))
            elif question.required:
                raise DomainError(f"Answer “{question}”")
    return rows


def _record(survey: Survey, values: dict[Question, object], **fields: Any) -> None:
    response = Response(survey=survey, **fields)
    response.full_clean(validate_unique=False, validate_constraints=False)
    answers = _answers(response, values)
    if not answers:
        raise DomainError("Answer at least one question")
    response.save(force_insert=True)
    Answer.objects.bulk_create(answers)
    kept.changed(Answer)


@transaction.atomic
def public_response_record(
    *, survey: Survey, values: dict[Question, object], organisation: Organisation | None = None, role: str = ""
) -> None:
    """A practitioner's anonymous answers through the public link."""
    if not survey.is_public or not survey.accepts_answers(calendar.today()):
        raise DomainError("This survey is not taking answers")
    if role and role not in PractitionerRole.values:
        raise DomainError("Choose your role from the list")
    _record(survey, values, organisation=organisation, role=role)


@transaction.atomic
def agency_answer_record(
    *, acting_user: User, survey: Survey, organisation: Organisation, values: dict[Question, object]
) -> None:
    """An agency's answer, by its lead: once per agency. The agency's deadline is met."""
    today = calendar.today()
    refuse_unless(permissions.can_answer_for_agency(acting_user, survey, today))
    if not permissions.agencies_to_answer_for(acting_user, survey).filter(pk=organisation.pk).exists():
        raise DomainError("Choose one of your agencies that this survey asks")
    try:
        with transaction.atomic():
            _record(survey, values, organisation=organisation, for_agency=True)
    except IntegrityError:
        raise DomainError(f"{organisation} has already answered this survey") from None
    for deadline in _agency_deadline_rows(survey).filter(responsible_organisation=organisation).live():
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Answered")


@transaction.atomic
def session_start(*, acting_user: User, survey: Survey, forum: str, held_on: date) -> ForumSession:
    refuse_unless(permissions.can_enter_for_children(acting_user, survey, calendar.today()))
    if held_on > calendar.today():
        raise DomainError("The date of the session must be today or in the past")
    session = ForumSession(survey=survey, forum=forum.strip(), held_on=held_on, facilitator=acting_user)
    return save_with_history(session, acting_user=acting_user, reason="Session started")


@transaction.atomic
def child_response_record(
    *, acting_user: User, session: ForumSession, values: dict[Question, object], age_group: str = ""
) -> None:
    """A young person's answers, as their facilitator heard them at the session."""
    survey = session.survey
    refuse_unless(permissions.can_enter_for_children(acting_user, survey, calendar.today()))
    refuse_unless(session.facilitator_id == acting_user.pk or permissions.manages(acting_user))
    if age_group and age_group not in AgeGroup.values:
        raise DomainError("Choose the young person’s age group from the list")
    _record(survey, values, session=session, role=age_group)
