"""What the audits app holds about a professional (subject access requests, the privacy
notice), and how long self-assessment returns and case audits are kept.

A return is about an organisation, but it names the people who answered, submitted, moderated
and accepted it, and their comments. Case audits appear by the audit's title and the case's
number only, never the child's pseudonym.
"""

from django.db.models import Case, Count, DateField, F, Max, Q, Value, When
from django.db.models.functions import TruncDate

from core import personal_data, retention

from .models import (
    Answer,
    AuditCycle,
    AuditSubmission,
    CaseAnswer,
    CaseAudit,
    CaseReturn,
    ChallengeEvent,
    CycleUserObjectPermission,
    ModerationRating,
    QuestionComment,
    SignOffInvitation,
)
from .permissions import MODERATE

# Six years from the cycle's close, the usual period for an organisation's business records:
# long enough to compare a cycle with the two or three before it. The business unit sets the
# partnership's own period, with its basis, under Retention.
RETURN_YEARS = 6


# Retention ---------------------------------------------------------------------------------


def submissions_for_retention():
    """Returns, from their cycle's closing date; NULL while the cycle is still open (being
    answered or moderated after its closing date), so a live cycle is never due."""
    return AuditSubmission.objects.select_related("cycle", "organisation").annotate(
        retention_anchor=Case(
            When(cycle__status=AuditCycle.Status.OPEN, then=Value(None)),
            default=F("cycle__closes_on"),
            output_field=DateField(),
        )
    )


def _describe(submission: AuditSubmission) -> str:
    return (
        f"Return {submission.pk} from {submission.organisation.name} to “{submission.cycle.title}” "
        f"(closed {submission.cycle.closes_on:%d %B %Y})"
    )


# Case audits hold children's case material under pseudonyms, as reviews do, and are kept as
# long as the reviews app keeps its case records (15 years from the findings being agreed).
CASE_AUDIT_YEARS = 15


def case_audits_for_retention():
    """Case audits, from the day their findings were agreed; NULL while agencies are auditing."""
    return CaseAudit.objects.annotate(retention_anchor=TruncDate("completed_at"))


def _register_retention() -> None:
    retention.register(
        retention.RecordType(
            key="case_audits",
            label="Multi-agency case audits",
            holds="The sampled cases (by pseudonym), each agency's answers about them, the graded findings, "
            "the learning, and who answered and agreed them",
            anchor_label="the date the findings were agreed",
            queryset=case_audits_for_retention,
            describe=lambda audit: f"Case audit {audit.pk} (findings agreed {audit.completed_at:%d %B %Y})",
            default_years=CASE_AUDIT_YEARS,
        )
    )
    retention.register(
        retention.RecordType(
            key="audit_submissions",
            label="Self-assessment returns",
            holds="Organisations' Section 11, 175 and 157 self-assessments: the answers and evidence, who answered, "
            "submitted and signed them off, moderators' comments and ratings, and the outcome",
            anchor_label="the cycle's closing date",
            queryset=submissions_for_retention,
            describe=_describe,
            default_years=RETURN_YEARS,
        )
    )


# Personal data -----------------------------------------------------------------------------

SUBMISSION_STATUS = dict(AuditSubmission.Status.choices)


def returns(user) -> list[list]:
    """The self-assessment returns the person submitted (last) or accepted."""
    rows = (
        AuditSubmission.objects.filter(Q(submitted_by=user) | Q(accepted_by=user))
        .order_by("cycle__closes_on", "pk")
        .values_list(
            "cycle__title",
            "organisation__name",
            "submitted_by_id",
            "accepted_by_id",
            "status",
            "first_submitted_at",
            "submitted_at",
            "accepted_at",
        )
    )
    parts = {(True, False): "Submitted it", (False, True): "Accepted it", (True, True): "Submitted and accepted it"}
    return [
        [cycle, organisation, parts[(sent == user.pk, accepted == user.pk)], SUBMISSION_STATUS.get(s, s), *dates]
        for cycle, organisation, sent, accepted, s, *dates in rows
    ]


def answers(user) -> list[list]:
    """How many answers in each return (or case audit return) the person changed last. Two
    queries, whatever the number of answers."""
    own = (
        Answer.objects.filter(updated_by=user)
        .values_list("submission__cycle__title", "submission__organisation__name")
        .annotate(count=Count("pk"), last=Max("updated_at"))
        .order_by("last")
    )
    cases = (
        CaseAnswer.objects.filter(updated_by=user)
        .values_list("case_return__case__case_audit__title", "case_return__organisation__name")
        .annotate(count=Count("pk"), last=Max("updated_at"))
        .order_by("last")
    )
    return [[*row] for row in own] + [[*row] for row in cases]


def moderation(user) -> list[list]:
    """The cycles the person is a peer moderator for, and the challenge panels they sat on."""
    moderated = (
        CycleUserObjectPermission.objects.filter(user=user, permission__codename=MODERATE)
        .order_by("content_object__closes_on", "pk")
        .values_list("content_object__title", "content_object__closes_on")
    )
    panels = ChallengeEvent.objects.filter(panel=user).order_by("date", "pk").values_list("cycle__title", "date")
    return [[title, "Peer moderator (cycle closing)", on] for title, on in moderated] + [
        [title, "Challenge event panel", on] for title, on in panels
    ]


INVITATION_STATUS = dict(SignOffInvitation.Status.choices)


def signoff_invitations(user) -> list[list]:
    """Invitations by email to sign off a return: those sent to the person's address (or that
    they accepted) and those they sent."""
    rows = (
        SignOffInvitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user) | Q(invited_by=user))
        .order_by("invited_at", "pk")
        .values_list(
            "submission__cycle__title",
            "submission__organisation__name",
            "invited_by_id",
            "name",
            "email",
            "invited_at",
            "expires_at",
            "status",
        )
    )
    return [
        [
            cycle,
            organisation,
            "You sent it" if sender == user.pk else "Sent to you",
            name,
            email,
            sent,
            expires,
            INVITATION_STATUS.get(status, status),
        ]
        for cycle, organisation, sender, name, email, sent, expires, status in rows
    ]


def _register_sources() -> None:
    source = personal_data.Source
    personal_data.register(
        source(
            "audit_returns",
            "Self-assessment returns",
            "The self-assessment returns you submitted or accepted: the cycle, the organisation, the status and when",
            ["Cycle", "Organisation", "Your part", "Status", "First submitted", "Last submitted", "Accepted"],
            returns,
            order=60,
        )
    )
    personal_data.register(
        source(
            "audit_answers",
            "Audit answers you gave",
            "For each self-assessment or case audit return, how many of its answers you were the last to change, "
            "and when",
            ["Audit", "Organisation", "Answers", "Last changed"],
            answers,
            order=61,
        )
    )
    personal_data.register(
        source(
            "audit_comments",
            "Comments you wrote on returns",
            "The requests for clarification and the moderation notes you wrote on self-assessment answers",
            ["Cycle", "Organisation", "Question", "Kind", "Comment", "When"],
            lambda user: (
                QuestionComment.objects.filter(author=user)
                .order_by("created_at", "pk")
                .values_list(
                    "submission__cycle__title",
                    "submission__organisation__name",
                    "question__reference",
                    "purpose",
                    "text",
                    "created_at",
                )
                .iterator()
            ),
            order=62,
        )
    )
    personal_data.register(
        source(
            "audit_ratings",
            "Your moderation ratings",
            "Your confidence in each self-assessment you moderated, and your reasons",
            ["Cycle", "Organisation", "Confidence", "Reasons", "Last changed"],
            lambda user: (
                ModerationRating.objects.filter(moderator=user)
                .order_by("updated_at", "pk")
                .values_list(
                    "submission__cycle__title", "submission__organisation__name", "confidence", "summary", "updated_at"
                )
            ),
            order=63,
        )
    )
    personal_data.register(
        source(
            "audit_moderation",
            "Audit moderation you took part in",
            "The self-assessment cycles you are a peer moderator for, and the challenge event panels you sat on",
            ["Cycle", "Your part", "Date"],
            moderation,
            order=64,
        )
    )
    personal_data.register(
        source(
            "audit_signoff_invitations",
            "Invitations to sign off a return",
            "The invitations by email to sign off a self-assessment return that were sent to you or that you sent: "
            "the name and address they went to, when, and what became of them (the link itself is never kept)",
            ["Cycle", "Organisation", "Your part", "Name", "Email address", "Sent", "Expires", "State"],
            signoff_invitations,
            order=64,
        )
    )
    personal_data.register(
        source(
            "case_audit_returns",
            "Case audit returns you submitted",
            "The case audit returns you submitted for your agency: the audit, the case's number and when (never "
            "the child's pseudonym)",
            ["Case audit", "Case", "Organisation", "Status", "Submitted"],
            lambda user: [
                [audit, f"Case {position}", organisation, status, at]
                for audit, position, organisation, status, at in CaseReturn.objects.filter(submitted_by=user)
                .order_by("submitted_at", "pk")
                .values_list(
                    "case__case_audit__title", "case__position", "organisation__name", "status", "submitted_at"
                )
            ],
            order=65,
        )
    )


def register() -> None:
    _register_sources()
    _register_retention()
