"""Reads about returns: a return and its questions, answers and evidence, its progress and
what stops it being submitted, who may sign it off, its earlier return, its action plan, and an
organisation's history of returns."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from partnership.models import Organisation, User
from subgroups.models import ActionPlan

from .. import permissions, scoring
from ..models import (
    Answer,
    AuditCycle,
    AuditSubmission,
    Evidence,
    ModerationRating,
    Question,
    QuestionComment,
    Standard,
)


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


def signatories_for(submission: AuditSubmission, *, excluding: User | None = None) -> QuerySet[User]:
    """Who may be named to sign off a return: active people in the directory for the
    organisation, with a partnership role, other than the person asking."""
    from core.pickers import people_with_roles

    people: QuerySet[User] = people_with_roles().filter(organisation_id=submission.organisation_id)
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


def visible_submission_ids(user: User, organisation: Organisation) -> set[int]:
    """The organisation's returns the person may open."""
    return set(permissions.submissions_visible_to(user).filter(organisation=organisation).values_list("pk", flat=True))


# The people a return names, read in a query of their own: joined to the return's own query
# (ten tables), they cost PostgreSQL more to plan than a second query costs to run.
PEOPLE = ("submitted_by", "accepted_by", "signatory", "sign_off_requested_by")


def submission_get_for_user(user: User, pk: int) -> AuditSubmission:
    submission = (
        permissions.submissions_visible_to(user)
        .select_related("cycle__version__framework", "organisation", "feedback_letter")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404("No such return")
    ids = {getattr(submission, f"{name}_id") for name in PEOPLE} - {None}
    people = User.objects.in_bulk(ids) if ids else {}
    for name in PEOPLE:
        person = people.get(getattr(submission, f"{name}_id"))
        if person is not None:
            setattr(submission, name, person)
    return submission


@dataclass
class StandardProgress:
    standard: Standard
    questions: int = 0
    answered: int = 0
    problems: int = 0
    clarifications: int = 0


def submission_progress(submission: AuditSubmission, problems: Iterable[Problem]) -> list[StandardProgress]:
    """Each standard with how many of its questions are answered, still need something, or
    have a clarification asked. Two queries (three for a return sent back for clarification):
    the questions with their standards (a published version has no standard without
    questions), and the answers."""
    questions_of: defaultdict[Standard, list[Question]] = defaultdict(list)
    for question in (
        Question.objects.filter(standard__version_id=submission.cycle.version_id)
        .select_related("standard")
        .order_by("standard__position", "standard_id", "position", "pk")
    ):
        questions_of[question.standard].append(question)
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(submission=submission)
        .order_by()
        .only("question_id", "rating", "response", "number", "text", "not_applicable")
    }
    asked = (
        set(
            QuestionComment.objects.filter(
                submission=submission,
                purpose=QuestionComment.Purpose.CLARIFICATION,
                created_at__gte=submission.returned_at or submission.created_at,
            ).values_list("question_id", flat=True)
        )
        if submission.status == AuditSubmission.Status.RETURNED
        else set()
    )
    with_problems: defaultdict[int, int] = defaultdict(int)
    for problem in problems:
        with_problems[problem.question.standard_id] += 1
    progress = []
    for standard, questions in questions_of.items():
        progress.append(
            StandardProgress(
                standard=standard,
                questions=len(questions),
                answered=sum(1 for q in questions if q.pk in answers and answers[q.pk].has_value(q.kind)),
                problems=with_problems[standard.pk],
                clarifications=sum(1 for q in questions if q.pk in asked),
            )
        )
    return progress


@dataclass
class QuestionView:
    """Everything one question shows on a return's pages."""

    question: Question
    answer: Answer | None = None
    evidence: list[Evidence] = field(default_factory=list)
    clarifications: list[QuestionComment] = field(default_factory=list)
    notes: list[QuestionComment] = field(default_factory=list)
    label: str = ""
    colour: str = "grey"
    agreed_label: str = ""
    agreed_colour: str = "grey"


def question_views(
    submission: AuditSubmission, questions: Sequence[Question], *, with_notes: bool
) -> list[QuestionView]:
    """The questions given, with their answer, evidence and comments, in four queries."""
    scale = submission.cycle.version.scale
    ids = [q.pk for q in questions]
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(submission=submission, question_id__in=ids)
        .select_related("updated_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("document", "added_by")))
    }
    purposes = [QuestionComment.Purpose.CLARIFICATION]
    if with_notes:
        purposes.append(QuestionComment.Purpose.MODERATION)
    comments = defaultdict(list)
    for comment in QuestionComment.objects.filter(
        submission=submission, question_id__in=ids, purpose__in=purposes
    ).select_related("author"):
        comments[comment.question_id].append(comment)
    views = []
    for question in questions:
        answer = answers.get(question.pk)
        view = QuestionView(question=question, answer=answer)
        if answer is not None:
            view.evidence = list(answer.evidence.all())
            view.label = answer.value_label(question.kind, scale)
            view.colour = answer.value_colour(question.kind, scale)
            if answer.is_moderated:
                view.agreed_label = answer.agreed_label(question.kind, scale)
                view.agreed_colour = answer.agreed_colour(question.kind, scale)
        for comment in comments[question.pk]:
            target = view.clarifications if comment.purpose == QuestionComment.Purpose.CLARIFICATION else view.notes
            target.append(comment)
        views.append(view)
    return views


def answers_for(submission: AuditSubmission, questions: Iterable[Question]) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(submission=submission, question__in=questions)}


def evidence_get(submission: AuditSubmission, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=pk, answer__submission=submission)
        .select_related("document", "answer__submission__cycle")
        .first()
    )
    if evidence is None:
        raise Http404("No such evidence")
    return evidence


def moderation_ratings(submission: AuditSubmission) -> list[ModerationRating]:
    return list(submission.ratings.select_related("moderator"))


def organisation_get_for_history(user: User, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not permissions.can_view_organisation_history(user, organisation):
        raise Http404("No such organisation")
    return organisation


def organisation_submissions(organisation: Organisation) -> QuerySet[AuditSubmission]:
    return AuditSubmission.objects.filter(organisation=organisation, is_withdrawn=False).exclude(
        cycle__status=AuditCycle.Status.SETUP
    )
