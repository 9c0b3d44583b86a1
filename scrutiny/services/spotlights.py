"""Spotlight reports: the effectiveness group sets the theme and challenge questions and names
the authors and the meeting; the authors answer every question in the portal by the meeting's
paper deadline; the group records how assured it is."""

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core import calendar, documents, notifications
from core.models import Deadline
from core.services import DomainError, note_history, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import User
from subgroups.models import Meeting, PartnershipGroup

from .. import permissions
from ..models import AssuranceLevel, Spotlight, SpotlightAnswer, SpotlightQuestion
from ..selectors.people import group_chairs
from ..selectors.spotlights import all_answered, answers_of, effectiveness_group

SPOTLIGHT = notifications.register_kind(
    notifications.Kind(
        "spotlight",
        "Spotlight reports",
        "When you are asked to answer a spotlight’s questions, or the authors have answered one you set",
    )
)
# The answers are the paper for the meeting that considers the spotlight.
RULE = "meeting_paper"


def _check_meeting(spotlight: Spotlight, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.group_id != spotlight.group_id:
        raise DomainError(f"Choose a meeting of {spotlight.group}")


def _deadline_title(spotlight: Spotlight, meeting: Meeting) -> str:
    return f"Spotlight answers for {spotlight.group} on {meeting.date:%-d %B %Y}: {spotlight.theme}"[:200]


def _set_deadline(spotlight: Spotlight, authors: list[User], acting_user: User) -> None:
    """Keep the answers' deadline in step with the meeting: set it, move it, or cancel it."""
    deadline = Deadline.objects.latest_for(spotlight)
    live = deadline if deadline is not None and deadline.is_live else None
    meeting = spotlight.meeting
    if meeting is None:
        if live is not None:
            clock.deadline_cancel(deadline=live, acting_user=acting_user, reason="No meeting set any more")
        return
    due = clock.rule_for(RULE).due_date(meeting.date, calendar.closure_days())
    if live is not None:
        if live.due_date != due:
            clock.deadline_move(
                deadline=live, due_date=due, acting_user=acting_user, reason="The spotlight’s meeting changed"
            )
        live.responsible_users.set(authors)
        return
    if deadline is not None and deadline.status == Deadline.Status.MET:
        return
    clock.deadline_create(
        subject=spotlight,
        rule_key=RULE,
        start=meeting.date,
        title=_deadline_title(spotlight, meeting),
        responsible_users=authors,
        escalation_users=group_chairs(spotlight.group),
        acting_user=acting_user,
        reason="Spotlight set",
    )


def _tell_authors(spotlight: Spotlight, authors: list[User]) -> None:
    when = f" for the meeting on {spotlight.meeting.date:%-d %B %Y}" if spotlight.meeting else ""
    notifications.notify(
        authors,
        kind=SPOTLIGHT.key,
        title=f"Spotlight on {spotlight.theme}: please answer its questions{when}",
        body=spotlight.purpose,
        url=spotlight.get_absolute_url(),
    )


@transaction.atomic
def spotlight_create(
    *,
    acting_user: User,
    theme: str,
    authors: Iterable[User],
    purpose: str = "",
    meeting: Meeting | None = None,
    group: PartnershipGroup | None = None,
) -> Spotlight:
    group = group or effectiveness_group()
    if group is None:
        raise DomainError("No group has the safeguarding effectiveness remit: give one that remit first")
    refuse_unless(
        permissions.can_set_spotlights(acting_user, group),
        f"Only the business unit or the chair of {group} sets spotlights",
    )
    authors = list(authors)
    if not authors:
        raise DomainError("Select at least one author")
    spotlight = Spotlight(theme=theme, purpose=purpose, group=group, meeting=meeting, created_by=acting_user)
    _check_meeting(spotlight, meeting)
    save_with_history(spotlight, acting_user=acting_user, reason="Set")
    spotlight.authors.set(authors)
    _set_deadline(spotlight, authors, acting_user)
    _tell_authors(spotlight, authors)
    return spotlight


@transaction.atomic
def spotlight_update(
    *,
    acting_user: User,
    spotlight: Spotlight,
    theme: str,
    authors: Iterable[User],
    purpose: str = "",
    meeting: Meeting | None = None,
) -> Spotlight:
    refuse_unless(permissions.can_manage_spotlight(acting_user, spotlight), "Only an open spotlight can be changed")
    authors = list(authors)
    if not authors:
        raise DomainError("Select at least one author")
    before = set(spotlight.authors.values_list("pk", flat=True))
    _check_meeting(spotlight, meeting)
    spotlight.theme, spotlight.purpose, spotlight.meeting = theme, purpose, meeting
    save_with_history(spotlight, acting_user=acting_user, reason="Changed")
    spotlight.authors.set(authors)
    for answer in SpotlightAnswer.objects.filter(question__spotlight=spotlight).exclude(author__in=authors):
        note_history(answer, acting_user=acting_user, reason="No longer an author")
        answer.delete()
    _set_deadline(spotlight, authors, acting_user)
    _tell_authors(spotlight, [a for a in authors if a.pk not in before])
    _meet_if_all_answered(spotlight, acting_user)
    return spotlight


@transaction.atomic
def question_add(*, acting_user: User, spotlight: Spotlight, text: str) -> SpotlightQuestion:
    refuse_unless(permissions.can_manage_spotlight(acting_user, spotlight), "Only an open spotlight can take questions")
    if SpotlightAnswer.objects.filter(question__spotlight=spotlight, status=SpotlightAnswer.Status.SUBMITTED).exists():
        raise DomainError("An author has already submitted answers: the questions can no longer change")
    last = spotlight.questions.order_by("-position").first()
    question = SpotlightQuestion(spotlight=spotlight, text=text, position=(last.position + 1) if last else 1)
    save_with_history(question, acting_user=acting_user, reason="Asked")
    return question


@transaction.atomic
def spotlight_answers_save(
    *,
    acting_user: User,
    spotlight: Spotlight,
    answers: dict[int, str],
    submit: bool,
    report: UploadedFile | None = None,
) -> int:
    """Save the author's answers (question id -> text) as a draft, or submit them all, with
    the report they draw on if one is attached (a new version of the author's earlier one).
    Returns the number of answers saved."""
    refuse_unless(
        permissions.can_answer_spotlight(acting_user, spotlight),
        "Only the spotlight’s authors answer it, while it is open",
    )
    questions = list(spotlight.questions.all())
    if not questions:
        raise DomainError("The group has not set any questions yet")
    existing = answers_of(spotlight, acting_user)
    if any(a.status == SpotlightAnswer.Status.SUBMITTED for a in existing.values()):
        raise DomainError("You have already submitted your answers")
    if submit and any(not answers.get(q.pk, "").strip() for q in questions):
        raise DomainError("Answer every question before submitting")
    now = timezone.now()
    for question in questions:
        answer = existing.get(question.pk) or SpotlightAnswer(question=question, author=acting_user)
        answer.text = answers.get(question.pk, "")
        answer.updated_at = now
        if submit:
            answer.status = SpotlightAnswer.Status.SUBMITTED
            answer.submitted_at = now
        save_with_history(answer, acting_user=acting_user, reason="Submitted" if submit else "Draft saved")
    if report is not None:
        earlier = documents.documents_of(spotlight).filter(uploaded_by=acting_user, next_version__isnull=True)
        documents.store(
            upload=report,
            subject=spotlight,
            uploaded_by=acting_user,
            title=f"Report from {acting_user} for the spotlight on {spotlight.theme}"[:300],
            previous=earlier.first(),
        )
    if submit:
        notifications.notify(
            [spotlight.created_by, *group_chairs(spotlight.group)],
            kind=SPOTLIGHT.key,
            title=f"{acting_user} has submitted answers to the spotlight on {spotlight.theme}",
            url=spotlight.get_absolute_url(),
        )
        _meet_if_all_answered(spotlight, acting_user)
    return len(questions)


def _meet_if_all_answered(spotlight: Spotlight, acting_user: User) -> None:
    deadline = Deadline.objects.latest_for(spotlight)
    if deadline and deadline.is_live and all_answered(spotlight):
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Every author has answered")


@transaction.atomic
def spotlight_assure(*, acting_user: User, spotlight: Spotlight, assurance_level: str, comment: str) -> Spotlight:
    """The group's conclusion, once every author has answered every question."""
    refuse_unless(
        permissions.can_manage_spotlight(acting_user, spotlight),
        "Only the business unit or the group’s chair records the group’s assurance",
    )
    if not all_answered(spotlight):
        raise DomainError("Every author must submit answers to every question first")
    if assurance_level not in AssuranceLevel.values:
        raise DomainError("Select how assured the group is")
    if not comment.strip():
        raise DomainError("Enter the group’s conclusion")
    spotlight.status = Spotlight.Status.CONSIDERED
    spotlight.assurance_level = assurance_level
    spotlight.group_comment = comment
    spotlight.considered_by = acting_user
    spotlight.considered_at = timezone.now()
    save_with_history(
        spotlight, acting_user=acting_user, reason=f"Considered: {spotlight.get_assurance_level_display().lower()}"
    )
    return spotlight
