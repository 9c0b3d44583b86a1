"""Permission-scoped reads for frameworks, cycles, returns and case audits. 404 for "missing
or not yours"; each page's queries are fixed in number whatever the data size."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404

from partnership.models import Organisation

from .. import permissions
from ..models import (
    Answer,
    AuditCase,
    AuditCycle,
    AuditSubmission,
    CaseAnswer,
    CaseAudit,
    CaseReturn,
    ChallengeEvent,
    Evidence,
    Framework,
    FrameworkVersion,
    ModerationRating,
    Question,
    QuestionComment,
    SignOffInvitation,
    Standard,
)

# Frameworks -------------------------------------------------------------------------------------


def framework_list_for_user(user):
    if not permissions.can_view_frameworks(user):
        raise PermissionDenied
    return permissions.frameworks_visible_to(user).annotate(
        latest_published=Max("versions__number", filter=Q(versions__status=FrameworkVersion.Status.PUBLISHED)),
        drafts=Count("versions", filter=Q(versions__status=FrameworkVersion.Status.DRAFT)),
    )


def framework_get_for_user(user, pk: int) -> Framework:
    framework = permissions.frameworks_visible_to(user).filter(pk=pk).first()
    if framework is None:
        raise Http404("No such framework")
    return framework


def framework_versions(framework: Framework) -> list[FrameworkVersion]:
    """The framework's versions, newest first."""
    return list(framework.versions.select_related("published_by").order_by("-number"))


def has_draft_version(framework: Framework) -> bool:
    return framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists()


def version_get_for_user(user, pk: int) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.filter(framework__in=permissions.frameworks_visible_to(user), pk=pk)
        .select_related("framework", "published_by", "created_by")
        .first()
    )
    if version is None:
        raise Http404("No such framework version")
    return version


def version_standards(version: FrameworkVersion) -> list[Standard]:
    return list(
        version.standards.order_by("position", "pk").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
    )


def standard_of(version: FrameworkVersion, pk: int) -> Standard:
    standard = version.standards.filter(pk=pk).first()
    if standard is None:
        raise Http404("No such standard")
    return standard


def question_of(version: FrameworkVersion, pk: int) -> Question:
    question = Question.objects.filter(standard__version=version, pk=pk).select_related("standard").first()
    if question is None:
        raise Http404("No such question")
    return question


def published_versions(purpose: str):
    return (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED, framework__purpose=purpose)
        .select_related("framework")
        .order_by("framework__name", "-number")
    )


# Cycles --------------------------------------------------------------------------------------------


def cycle_list_for_user(user):
    if not permissions.can_view_audits(user):
        raise PermissionDenied
    return (
        permissions.cycles_visible_to(user)
        .select_related("version__framework")
        .annotate(
            invited=Count("submissions", filter=Q(submissions__is_withdrawn=False)),
            submitted=Count(
                "submissions",
                filter=Q(submissions__is_withdrawn=False, submissions__status__in=AuditSubmission.HAS_SUBMITTED),
            ),
        )
        .order_by("-opens_on", "-pk")
    )


def cycle_get_for_user(user, pk: int) -> AuditCycle:
    cycle = (
        permissions.cycles_visible_to(user)
        .select_related("version__framework", "previous", "created_by")
        .filter(pk=pk)
        .first()
    )
    if cycle is None:
        raise Http404("No such cycle")
    return cycle


def cycle_submissions(cycle: AuditCycle, *, status: str = "", kind: str = "", withdrawn: bool = False):
    submissions = cycle.submissions.filter(is_withdrawn=withdrawn).select_related("organisation")
    if status:
        submissions = submissions.filter(status=status)
    if kind:
        submissions = submissions.filter(organisation__kind=kind)
    return submissions.order_by("organisation__name")


def cycle_kinds(cycle: AuditCycle) -> list[tuple[str, str]]:
    """(kind, label) for each kind of organisation invited to the cycle, by label: the choices
    of its pages' filter by kind. One query."""
    labels = dict(Organisation.Kind.choices)
    kinds = (
        cycle.submissions.filter(is_withdrawn=False).order_by().values_list("organisation__kind", flat=True).distinct()
    )
    return sorted(((kind, labels.get(kind, kind)) for kind in kinds), key=lambda choice: choice[1])


@dataclass
class SentSummary:
    """What the portal sent about one return: reminders, chases and escalations, with dates."""

    reminders: int = 0
    chases: int = 0
    escalations: int = 0
    last_at: object = None
    last_kind: str = ""


SENT_KINDS = {"deadline_reminder": "reminder", "deadline_escalation": "escalation", "audit_chase": "chase"}


def messages_sent(submissions) -> dict[int, SentSummary]:
    """{return id: summary} of the reminders, chases and escalations sent about each return
    (the deadline's reminders and escalations, and chases naming it), in one query: a union of
    the messages naming a return and those of its deadline, each read from its own index (an
    OR across the join to the deadlines reads every notification)."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import Notification

    ids = [s.pk for s in submissions]
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(AuditSubmission)
    sent_kinds = Notification.objects.filter(kind__in=SENT_KINDS)
    fields = ("pk", "subject_id", "deadline__object_id", "kind", "created_at")
    rows = (
        sent_kinds.filter(subject_type=content_type, subject_id__in=ids)
        .values_list(*fields)
        .order_by()  # SQLite refuses an ORDER BY inside a UNION's parts
        .union(
            sent_kinds.filter(deadline__content_type=content_type, deadline__object_id__in=ids)
            .values_list(*fields)
            .order_by()
        )
        .order_by("created_at")
    )
    sent: dict[int, SentSummary] = {}
    for _pk, subject_id, deadline_object, kind, created_at in rows:
        pk = subject_id if subject_id in ids else deadline_object
        summary = sent.setdefault(pk, SentSummary())
        label = SENT_KINDS[kind]
        setattr(summary, f"{label}s", getattr(summary, f"{label}s") + 1)
        summary.last_at, summary.last_kind = created_at, label
    return sent


def cycle_events(cycle: AuditCycle) -> list[ChallengeEvent]:
    return list(
        cycle.events.prefetch_related(
            Prefetch("presenting", queryset=AuditSubmission.objects.select_related("organisation")), "panel"
        )
    )


def event_get_for_user(user, pk: int) -> ChallengeEvent:
    event = (
        ChallengeEvent.objects.filter(pk=pk, cycle__in=permissions.cycles_visible_to(user))
        .select_related("cycle__version__framework")
        .first()
    )
    if event is None or not permissions.can_moderate(user, event.cycle):
        raise Http404("No such challenge event")
    return event


def uninvited_organisations(cycle: AuditCycle):
    invited = cycle.submissions.filter(is_withdrawn=False).values("organisation_id")
    return Organisation.objects.filter(is_active=True).exclude(pk__in=invited).order_by("name")


# Returns --------------------------------------------------------------------------------------------


def submission_get_for_user(user, pk: int) -> AuditSubmission:
    submission = (
        permissions.submissions_visible_to(user)
        .select_related(
            "cycle__version__framework",
            "organisation",
            "submitted_by",
            "accepted_by",
            "feedback_letter",
            "signatory",
            "sign_off_requested_by",
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404("No such return")
    return submission


def signoff_invitations(user, submission: AuditSubmission) -> list[SignOffInvitation]:
    """The invitations by email to sign the return off, newest first, for its leads and the
    business unit (the people who can act on them); nobody else sees whom the lead asked."""
    if submission.sign_off_requested_at is None:
        return []  # never sent for sign-off, so never invited anyone: no query
    if not (permissions.can_manage_submission(user, submission) or permissions.is_lead_for(user, submission)):
        return []
    return list(submission.signoff_invitations.select_related("invited_by", "accepted_by"))


def signoff_invitation_for_token(token: str) -> SignOffInvitation:
    """The invitation a link carries, whoever follows it (the secret is the permission):
    404 for a link that never was."""
    invitation = (
        SignOffInvitation.objects.select_related("submission__organisation", "submission__cycle", "invited_by")
        .filter(token_hash=SignOffInvitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


@dataclass
class StandardProgress:
    standard: Standard
    questions: int = 0
    answered: int = 0
    problems: int = 0
    clarifications: int = 0


def submission_progress(submission: AuditSubmission, problems) -> list[StandardProgress]:
    """Each standard with how many of its questions are answered, still need something, or
    have a clarification asked. Two queries (three for a return sent back for clarification):
    the questions with their standards (a published version has no standard without
    questions), and the answers."""
    questions_of = defaultdict(list)
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
    with_problems = defaultdict(int)
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


def question_views(submission: AuditSubmission, questions, *, with_notes: bool) -> list[QuestionView]:
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


def all_questions(version: FrameworkVersion) -> list[Question]:
    return list(
        Question.objects.filter(standard__version=version)
        .select_related("standard")
        .order_by("standard__position", "position", "pk")
    )


def answers_for(submission: AuditSubmission, questions) -> dict[int, Answer]:
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


def my_submissions(user):
    """Returns of the organisations the person leads, newest cycle first."""
    led = permissions.led_organisation_ids(user)
    if not led:
        return AuditSubmission.objects.none()
    return (
        AuditSubmission.objects.filter(organisation_id__in=led, is_withdrawn=False)
        .exclude(cycle__status=AuditCycle.Status.SETUP)
        .select_related("cycle__version__framework", "organisation")
        .order_by("-cycle__opens_on", "organisation__name")
    )


def submissions_to_sign_off(user):
    """Returns whose lead named this person as the senior officer to sign them off."""
    if not user.is_authenticated:
        return AuditSubmission.objects.none()
    return (
        AuditSubmission.objects.filter(
            signatory=user, status=AuditSubmission.Status.AWAITING_SIGN_OFF, is_withdrawn=False
        )
        .select_related("cycle", "organisation", "sign_off_requested_by")
        .order_by("sign_off_requested_at")
    )


def submissions_to_moderate(user):
    """Submitted returns waiting for the business unit, or in the cycles the person moderates."""
    waiting = AuditSubmission.objects.filter(
        is_withdrawn=False, status=AuditSubmission.Status.SUBMITTED, cycle__status=AuditCycle.Status.OPEN
    )
    if not permissions.is_business_unit(user):
        waiting = waiting.filter(cycle_id__in=permissions.moderated_cycles_query(user))
    return waiting.select_related("cycle", "organisation").order_by("submitted_at")


def organisation_get_for_history(user, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not permissions.can_view_organisation_history(user, organisation):
        raise Http404("No such organisation")
    return organisation


def organisation_submissions(organisation: Organisation):
    return AuditSubmission.objects.filter(organisation=organisation, is_withdrawn=False).exclude(
        cycle__status=AuditCycle.Status.SETUP
    )


# Case audits ---------------------------------------------------------------------------------------


def case_audit_list_for_user(user):
    if not permissions.can_view_audits(user):
        raise PermissionDenied
    return (
        permissions.case_audits_visible_to(user)
        .select_related("tool__framework")
        .annotate(case_count=Count("cases", distinct=True), agency_count=Count("participants", distinct=True))
        .order_by("-created_at", "-pk")
    )


def case_audit_get_for_user(user, pk: int) -> CaseAudit:
    case_audit = (
        permissions.case_audits_visible_to(user).select_related("tool__framework", "created_by").filter(pk=pk).first()
    )
    if case_audit is None:
        raise Http404("No such case audit")
    return case_audit


def case_get_for_user(user, pk: int) -> AuditCase:
    case = permissions.cases_visible_to(user).select_related("case_audit__tool__framework").filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    return case


@dataclass
class CaseGridRow:
    case: AuditCase
    statuses: list[tuple[Organisation, str]]


def case_grid(case_audit: CaseAudit, participants: list[Organisation]) -> list[CaseGridRow]:
    """Each case with each participating agency's return status, in two queries."""
    cases = list(case_audit.cases.all())
    status = {
        (r.case_id, r.organisation_id): r.get_status_display()
        for r in CaseReturn.objects.filter(case__case_audit=case_audit)
    }
    return [
        CaseGridRow(case, [(org, status.get((case.pk, org.pk), "Not started")) for org in participants])
        for case in cases
    ]


def case_return_for(case: AuditCase, organisation_id: int) -> CaseReturn | None:
    return (
        CaseReturn.objects.filter(case=case, organisation_id=organisation_id)
        .select_related("organisation", "submitted_by")
        .first()
    )


def case_answers(case_return: CaseReturn | None) -> dict[int, CaseAnswer]:
    if case_return is None:
        return {}
    return {a.question_id: a for a in case_return.answers.select_related("updated_by")}


def case_returns_shown(user, case: AuditCase) -> list[CaseReturn]:
    """The returns for a case the person may read: all of them for the business unit, their
    own organisations' otherwise."""
    returns = permissions.case_returns_visible_to(user).filter(case=case).select_related("organisation", "submitted_by")
    return list(returns.prefetch_related(Prefetch("answers", queryset=CaseAnswer.objects.select_related("question"))))


def my_case_returns(user):
    """Cases in open audits that the person's organisations have not yet submitted."""
    led = permissions.led_organisation_ids(user)
    if not led:
        return []
    audits = CaseAudit.objects.filter(status=CaseAudit.Status.AUDITING, participants__in=led).distinct()
    submitted = set(
        CaseReturn.objects.filter(
            case__case_audit__in=audits, organisation_id__in=led, status=CaseReturn.Status.SUBMITTED
        ).values_list("case_id", "organisation_id")
    )
    pairs = CaseAudit.participants.through.objects.filter(caseaudit__in=audits, organisation_id__in=led).values_list(
        "caseaudit_id", "organisation_id"
    )
    orgs = defaultdict(list)
    for audit_id, org_id in pairs:
        orgs[audit_id].append(org_id)
    names = dict(Organisation.objects.filter(pk__in=led).values_list("pk", "name"))
    due = []
    for case in AuditCase.objects.filter(case_audit__in=audits).select_related("case_audit"):
        for org_id in orgs[case.case_audit_id]:
            if (case.pk, org_id) not in submitted:
                due.append((case, org_id, names.get(org_id, "")))
    return due
