"""Building, publishing, closing and re-running surveys."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import calendar, notifications
from core.roles import has_any_role
from core.services import DomainError, note_history, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations

from .. import permissions
from ..models import Choice, InvitedAgency, Question, Response, Section, Survey
from ..selectors.surveys import publish_problems
from . import SURVEYS_KIND

if TYPE_CHECKING:
    from core.models.deadlines import DeadlineQuerySet

Status = Survey.Status
Audience = Survey.Audience
SURVEY_FIELDS = ("title", "purpose", "audience", "opens_on", "closes_on")
# Once published, only these can change (the questions and the audience cannot).
OPEN_FIELDS = ("title", "purpose", "opens_on", "closes_on")
AGENCY_ANSWER_RULE = "survey_agency_answer"
FIRST_SECTION = "Your views"
# Sections and questions are reordered the same way.
_Ordered = TypeVar("_Ordered", Section, Question)


def _draft_only(survey: Survey) -> None:
    if not survey.is_draft:
        raise DomainError("The questions cannot change once the survey is published: re-run it to change them")


@transaction.atomic
def survey_create(
    *, acting_user: User, title: str, purpose: str, audience: str, opens_on: date, closes_on: date
) -> Survey:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _check_dates(opens_on, closes_on, published=False)
    survey = Survey(
        title=title.strip(),
        purpose=purpose.strip(),
        audience=audience,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=acting_user,
    )
    save_with_history(survey, acting_user=acting_user, reason="Drafted")
    section = Section(survey=survey, title=FIRST_SECTION, position=1)
    save_with_history(section, acting_user=acting_user, reason="Added with the survey")
    return survey


@transaction.atomic
def survey_update(*, acting_user: User, survey: Survey, **fields: Any) -> Survey:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if survey.status == Status.CLOSED:
        raise DomainError("This survey is closed: re-run it to ask again")
    allowed = SURVEY_FIELDS if survey.is_draft else OPEN_FIELDS
    for name, value in fields.items():
        if name not in SURVEY_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        if name not in allowed and getattr(survey, name) != value:
            raise DomainError("Who a survey is for cannot change once it is published")
        setattr(survey, name, value.strip() if isinstance(value, str) else value)
    if not survey.is_draft:
        before = Survey.objects.get(pk=survey.pk)
        if survey.opens_on != before.opens_on and before.opens_on <= calendar.today():
            raise DomainError("The survey has already opened: its opening date cannot change")
    _check_dates(survey.opens_on, survey.closes_on, published=not survey.is_draft)
    save_with_history(survey, acting_user=acting_user, reason="Changed")
    if survey.status == Status.PUBLISHED and survey.audience == Audience.AGENCY_LEADS:
        _move_agency_deadlines(survey, acting_user)
    return survey


def _check_dates(opens_on: date, closes_on: date, *, published: bool) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise DomainError("The closing date must be the same as or after the opening date")
    if published and closes_on and closes_on < calendar.today():
        raise DomainError("The closing date must be today or in the future")


# Sections and questions ----------------------------------------------------------------------------


@transaction.atomic
def section_save(
    *, acting_user: User, survey: Survey, section: Section | None = None, title: str, intro: str = ""
) -> Section:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _draft_only(survey)
    creating = section is None
    if section is None:
        last = survey.sections.aggregate(last=Max("position"))["last"] or 0
        section = Section(survey=survey, position=last + 1)
    section.title = title.strip()
    section.intro = intro.strip()
    return save_with_history(section, acting_user=acting_user, reason="Added" if creating else "Changed")


@transaction.atomic
def section_delete(*, acting_user: User, section: Section) -> None:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _draft_only(section.survey)
    if section.survey.sections.count() == 1:
        raise DomainError("A survey needs at least one section: change this one instead")
    note_history(section, acting_user=acting_user, reason="Removed")
    for question in section.questions.all():
        note_history(question, acting_user=acting_user, reason="Removed with its section")
        question.delete()
    section.delete()


@transaction.atomic
def section_move(*, acting_user: User, section: Section, up: bool) -> None:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _draft_only(section.survey)
    _swap(list(section.survey.sections.order_by("position", "pk")), section, up, acting_user)


@transaction.atomic
def question_save(
    *,
    acting_user: User,
    section: Section,
    question: Question | None = None,
    text: str,
    kind: str,
    hint: str = "",
    required: bool = True,
    choices: list[str] | None = None,
    scale_points: int = 5,
    scale_low_label: str = "",
    scale_high_label: str = "",
) -> Question:
    """Add a question to `section`, or change one (moving it to `section` if that differs).
    A copied question whose wording or type changes is no longer compared with the earlier
    run's."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _draft_only(section.survey)
    creating = question is None
    if question is None:
        question = Question(survey=section.survey)
    if question.section_id != section.pk:
        last = section.questions.aggregate(last=Max("position"))["last"] or 0
        question.section, question.position = section, last + 1
    text, choices = text.strip(), [c.strip() for c in (choices or []) if c.strip()]
    if question.copied_from_id and (question.text != text or question.kind != kind):
        question.copied_from = None
    question.text, question.kind, question.hint, question.required = text, kind, hint.strip(), required
    question.scale_points = scale_points if kind == Question.Kind.SCALE else 5
    question.scale_low_label = scale_low_label.strip() if kind == Question.Kind.SCALE else ""
    question.scale_high_label = scale_high_label.strip() if kind == Question.Kind.SCALE else ""
    if question.has_choices and len(choices) < 2:
        raise DomainError("Enter at least 2 answers to choose from, one on each line")
    if question.has_choices and len({c.lower() for c in choices}) != len(choices):
        raise DomainError("Each answer to choose from must be different")
    save_with_history(question, acting_user=acting_user, reason="Added" if creating else "Changed")
    _set_choices(question, choices if question.has_choices else [], acting_user)
    return question


def _set_choices(question: Question, wanted: list[str], acting_user: User) -> None:
    """Keep the choices whose wording is unchanged (and their link to the earlier run), add the
    new ones, remove the rest, in the order given."""
    existing = {c.text: c for c in question.choices.all()}
    for position, text in enumerate(wanted, start=1):
        choice = existing.pop(text, None) or Choice(question=question, text=text)
        if choice.pk is None or choice.position != position:
            choice.position = position
            save_with_history(choice, acting_user=acting_user, reason="Set with the question")
    for choice in existing.values():
        note_history(choice, acting_user=acting_user, reason="Removed from the question")
        choice.delete()


@transaction.atomic
def question_delete(*, acting_user: User, question: Question) -> None:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _draft_only(question.survey)
    note_history(question, acting_user=acting_user, reason="Removed")
    question.delete()


@transaction.atomic
def question_move(*, acting_user: User, question: Question, up: bool) -> None:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    _draft_only(question.survey)
    _swap(list(question.section.questions.order_by("position", "pk")), question, up, acting_user)


def _swap(siblings: list[_Ordered], item: _Ordered, up: bool, acting_user: User) -> None:
    """Move `item` one place up or down among its siblings (renumbering them 1, 2, 3...)."""
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        raise DomainError("It is already " + ("first" if up else "last"))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            save_with_history(sibling, acting_user=acting_user, clean=False, reason="Reordered")


# Who it goes to --------------------------------------------------------------------------------------


@transaction.atomic
def agencies_invite(*, acting_user: User, survey: Survey, organisations: Iterable[Organisation]) -> list[InvitedAgency]:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if survey.status == Status.CLOSED:
        raise DomainError("This survey is closed")
    already = set(survey.invited.values_list("organisation_id", flat=True))
    added: list[InvitedAgency] = []
    for organisation in organisations:
        if organisation.pk in already:
            continue
        invited = InvitedAgency(survey=survey, organisation=organisation)
        added.append(save_with_history(invited, acting_user=acting_user, reason="Invited"))
    if added and survey.status == Status.PUBLISHED and survey.audience == Audience.AGENCY_LEADS:
        _agency_deadlines(survey, [a.organisation for a in added], acting_user)
    return added


@transaction.atomic
def agency_remove(*, acting_user: User, invited: InvitedAgency) -> None:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    survey = invited.survey
    if survey.status == Status.CLOSED:
        raise DomainError("This survey is closed")
    if Response.objects.filter(survey=survey, organisation=invited.organisation_id).exists():
        raise DomainError(f"{invited.organisation} has answers in this survey: it stays on the list")
    for deadline in _agency_deadline_rows(survey).filter(responsible_organisation=invited.organisation_id).live():
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="The agency was taken off the survey")
    note_history(invited, acting_user=acting_user, reason="Taken off the survey")
    invited.delete()


@transaction.atomic
def staff_numbers_save(*, acting_user: User, survey: Survey, numbers: dict[int, int | None]) -> int:
    """Set how many staff each invited agency sent the survey to (its response rate's base)."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    changed = 0
    for invited in survey.invited.select_for_update():
        value = numbers.get(invited.pk, invited.staff_invited)
        if value != invited.staff_invited:
            invited.staff_invited = value
            save_with_history(invited, acting_user=acting_user, reason="Number of staff set")
            changed += 1
    return changed


@transaction.atomic
def facilitators_set(*, acting_user: User, survey: Survey, people: Iterable[User]) -> list[User]:
    """The people who enter children's answers (each must have a role in the partnership);
    those newly named are told."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if survey.audience != Audience.CHILDREN:
        raise DomainError("Only a survey of children and young people has facilitators")
    if survey.status == Status.CLOSED:
        raise DomainError("This survey is closed")
    people = list(people)
    refused = [p for p in people if not has_any_role(p)]
    if refused:
        raise DomainError(f"{refused[0]} has no role in the partnership, so cannot be a facilitator")
    before = set(survey.facilitators.values_list("pk", flat=True))
    survey.facilitators.set(people)
    survey.__dict__.pop("_facilitator_ids", None)
    save_with_history(survey, acting_user=acting_user, clean=False, reason="Facilitators: " + _names(people))
    added = [p for p in people if p.pk not in before]
    if added and survey.status == Status.PUBLISHED:
        _tell_facilitators(survey, added)
    return added


def _names(people: Iterable[User]) -> str:
    return ", ".join(sorted(str(p) for p in people)) or "none"


def _tell_facilitators(survey: Survey, people: list[User]) -> None:
    notifications.notify(
        people,
        kind=SURVEYS_KIND.key,
        title=f"Enter young people’s answers to “{survey}”",
        body=f"You are a facilitator for this survey. Enter each young person’s answers after a forum session, "
        f"between {survey.opens_on:%-d %B} and {survey.closes_on:%-d %B %Y}.",
        url=survey.get_absolute_url(),
        subject=survey,
    )


# Publishing, closing, the link, sharing results ----------------------------------------------------------


@transaction.atomic
def survey_publish(*, acting_user: User, survey: Survey) -> Survey:
    refuse_unless(permissions.can_manage_surveys(acting_user))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_draft:
        raise DomainError("This survey is already published")
    problems = publish_problems(survey)
    if problems:
        raise DomainError("Before publishing: " + "; ".join(problems))
    survey.status = Status.PUBLISHED
    survey.published_at = timezone.now()
    if survey.is_public:
        survey.link_code = secrets.token_urlsafe(24)
    save_with_history(survey, acting_user=acting_user, reason="Published")
    if survey.audience == Audience.AGENCY_LEADS:
        _agency_deadlines(survey, [i.organisation for i in survey.invited.select_related("organisation")], acting_user)
    if survey.audience == Audience.CHILDREN:
        _tell_facilitators(survey, list(survey.facilitators.all()))
    return survey


@transaction.atomic
def survey_new_link(*, acting_user: User, survey: Survey) -> Survey:
    """A new public link: the old one stops working (for a link that reached the wrong people)."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if not survey.is_public or survey.status != Status.PUBLISHED:
        raise DomainError("Only a published practitioners’ survey has a public link")
    survey.link_code = secrets.token_urlsafe(24)
    return save_with_history(survey, acting_user=acting_user, reason="New public link; the old one stopped working")


@transaction.atomic
def survey_close(*, acting_user: User | None, survey: Survey, reason: str = "Closed") -> Survey:
    """Stop taking answers (by hand, or by the daily sweep after the closing date). Agencies
    that have not answered stop being reminded."""
    if acting_user is not None:
        refuse_unless(permissions.can_manage_surveys(acting_user))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Status.PUBLISHED:
        raise DomainError("Only a published survey can be closed")
    today = calendar.today()
    survey.status = Status.CLOSED
    survey.closed_at = timezone.now()
    if survey.closes_on > today:
        survey.closes_on = max(today, survey.opens_on)
    save_with_history(survey, acting_user=acting_user, clean=False, reason=reason)
    for deadline in _agency_deadline_rows(survey).live():
        clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason="The survey closed")
    return survey


@transaction.atomic
def results_release(*, acting_user: User, survey: Survey) -> Survey:
    """Share the results with everyone in the partnership: only once the survey has closed and
    every comment has been moderated."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if survey.status != Status.CLOSED:
        raise DomainError("Close the survey before sharing its results")
    if survey.results_released_at is not None:
        raise DomainError("The results are already shared")
    waiting = survey.questions.filter(answers__moderation="awaiting").count()
    if waiting:
        raise DomainError(f"Moderate the {waiting} comment{'s' if waiting != 1 else ''} still waiting first")
    survey.results_released_at = timezone.now()
    return save_with_history(survey, acting_user=acting_user, reason="Results shared with the partnership")


@transaction.atomic
def survey_rerun(*, acting_user: User, survey: Survey, opens_on: date, closes_on: date, title: str = "") -> Survey:
    """A new draft run of the survey with the same sections, questions and choices (each linked
    to the one it copies, so the results can be compared), the same agencies and facilitators."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if survey.is_draft:
        raise DomainError("Publish this survey before running it again")
    _check_dates(opens_on, closes_on, published=False)
    if opens_on < survey.closes_on:
        raise DomainError("The new run must open after this one closes, so the two are comparable")
    rerun = Survey(
        title=(title or survey.title).strip(),
        purpose=survey.purpose,
        audience=survey.audience,
        opens_on=opens_on,
        closes_on=closes_on,
        previous=survey,
        run_number=survey.run_number + 1,
        created_by=acting_user,
    )
    save_with_history(rerun, acting_user=acting_user, reason=f"Drafted as a re-run of {survey.reference}")
    sections = {}
    for section in survey.sections.order_by("position", "pk"):
        sections[section.pk] = save_with_history(
            Section(
                survey=rerun, title=section.title, intro=section.intro, position=section.position, copied_from=section
            ),
            acting_user=acting_user,
            reason="Copied from the earlier run",
        )
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question__survey=survey).order_by("position", "pk"):
        choices[choice.question_id].append(choice)
    for question in survey.questions.order_by("section__position", "position", "pk"):
        copy = Question(
            survey=rerun,
            section=sections[question.section_id],
            copied_from=question,
            **{
                name: getattr(question, name)
                for name in (
                    "text",
                    "hint",
                    "kind",
                    "required",
                    "position",
                    "scale_points",
                    "scale_low_label",
                    "scale_high_label",
                )
            },
        )
        save_with_history(copy, acting_user=acting_user, reason="Copied from the earlier run")
        for choice in choices[question.pk]:
            save_with_history(
                Choice(question=copy, text=choice.text, position=choice.position, copied_from=choice),
                acting_user=acting_user,
                reason="Copied from the earlier run",
            )
    for invited in survey.invited.all():
        save_with_history(
            InvitedAgency(survey=rerun, organisation_id=invited.organisation_id, staff_invited=invited.staff_invited),
            acting_user=acting_user,
            reason="Invited, as in the earlier run",
        )
    rerun.facilitators.set(survey.facilitators.all())
    return rerun


# Agencies' answers on the clock --------------------------------------------------------------------------------


def _agency_deadline_rows(survey: Survey) -> DeadlineQuerySet:
    from core.models import Deadline

    return Deadline.objects.for_subject(survey).filter(rule__key=AGENCY_ANSWER_RULE)


def _agency_deadlines(survey: Survey, organisations: Iterable[Organisation], acting_user: User) -> None:
    """A deadline for each agency's answer (its leads are reminded by the clock), and one
    message to each lead naming every agency of theirs that is asked."""
    answered = set(Response.objects.filter(survey=survey, for_agency=True).values_list("organisation_id", flat=True))
    organisations = [o for o in organisations if o.pk not in answered]
    contacts = contacts_for_organisations([o.pk for o in organisations])
    for organisation in organisations:
        clock.deadline_create(
            subject=survey,
            rule_key=AGENCY_ANSWER_RULE,
            start=survey.opens_on,
            due_date=survey.closes_on,
            title=f"Survey answer: {survey}"[:200],
            responsible_organisation=organisation,
            responsible_users=contacts.get(organisation.pk, []),
            acting_user=acting_user,
        )
    by_lead: dict[User, list[str]] = {}
    for organisation in organisations:
        for lead in contacts.get(organisation.pk, []):
            by_lead.setdefault(lead, []).append(organisation.name)
    for lead, names in by_lead.items():
        notifications.notify(
            [lead],
            kind=SURVEYS_KIND.key,
            title=f"Your agency’s answer is asked for: {survey}",
            body=f"The partnership asks {', '.join(names)} to answer “{survey}” by {survey.closes_on:%-d %B %Y}.",
            url=survey.get_absolute_url(),
            subject=survey,
        )


def _move_agency_deadlines(survey: Survey, acting_user: User) -> None:
    for deadline in _agency_deadline_rows(survey).live():
        if deadline.due_date != survey.closes_on:
            clock.deadline_move(
                deadline=deadline,
                due_date=survey.closes_on,
                acting_user=acting_user,
                reason="The survey’s closing date changed",
            )
