"""An organisation's return: answering (saved as a draft as often as people like, without
two people overwriting each other), evidence, copying last cycle's answers, sign-off by a
named senior officer in the portal (which is what submits it), return for clarification,
acceptance, moderation, the challenge outcome and feedback letter, and the action plan for
the answers below the threshold."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import calendar, documents, notifications
from core.models import Deadline
from core.services import DomainError, note_history, refuse_unless, save_with_history
from core.services import deadlines as clock
from core.working_days import add_months
from partnership.models import User
from partnership.permissions import contacts_for_organisations
from subgroups.models import ActionPlan, PartnershipGroup
from subgroups.selectors.groups import group_with_remit
from subgroups.services import plans as plan_services

from .. import permissions, scoring
from ..models import (
    Answer,
    AuditSubmission,
    Evidence,
    ModerationRating,
    Question,
    QuestionComment,
    SignOffInvitation,
)
from ..models.answers import VALUE_FIELDS
from ..selectors.cycles import moderators_of
from ..selectors.submissions import (
    Problem,
    action_plan_for,
    previous_submission,
    signatories_for,
    submission_problems,
    weak_answers,
)
from .answering import AnswerInput, SaveResult, apply_answers
from .cycles import AUDIT_MODERATION

AUDIT_RETURN = notifications.register_kind(
    notifications.Kind(
        "audit_return",
        "Your organisation’s audit returns",
        "When your organisation’s return is sent back for clarification, accepted, or its feedback letter is ready",
    )
)
Status = AuditSubmission.Status


class SubmissionIncomplete(DomainError):
    """The return cannot be submitted yet: `problems` says what is missing, question by question."""

    def __init__(self, problems: list["Problem"]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"There {'are' if count != 1 else 'is'} {count} thing{'s' if count != 1 else ''} to finish "
            "before you can submit"
        )


def _lock(submission: AuditSubmission) -> AuditSubmission:
    """Serialise changes to one return (two people saving at once wait for each other) and
    bring the caller's copy up to date with the locked row."""
    AuditSubmission.objects.select_for_update().filter(pk=submission.pk).values_list("pk").first()
    submission.refresh_from_db()
    return submission


def _frozen_message(submission: AuditSubmission) -> str:
    if submission.status == Status.ACCEPTED:
        return "This return has been accepted, so its answers cannot be changed"
    if submission.status == Status.SUBMITTED:
        return "This return has been submitted: the business unit can return it to you for changes"
    return "This return can no longer be changed"


def _require_answerable(acting_user: User, submission: AuditSubmission) -> None:
    refuse_unless(permissions.is_lead_for(acting_user, submission))
    if not submission.is_editable:
        raise DomainError(_frozen_message(submission))


@transaction.atomic
def answers_save(*, acting_user: User, submission: AuditSubmission, inputs: list[AnswerInput]) -> SaveResult:
    """Save a page of answers as a draft. An answer the person did not change is left alone;
    one someone else changed since the person loaded the page is not overwritten but
    reported as a conflict (their answer, and the person's, are both kept on screen)."""
    submission = _lock(submission)
    _require_answerable(acting_user, submission)
    _require_on_scale(submission.cycle.version.scale, inputs)
    result = apply_answers(model=Answer, owner={"submission": submission}, inputs=inputs, acting_user=acting_user)
    confirmed = _confirm_carried(acting_user, submission, inputs, result)
    now = timezone.now()
    if (result.saved or confirmed) and submission.status == Status.NOT_STARTED:
        submission.status = Status.IN_PROGRESS
        submission.started_at = now
        save_with_history(submission, acting_user=acting_user, reason="Started")
    return result


def _require_on_scale(scale: str, inputs: list[AnswerInput]) -> None:
    """A rating off the framework's scale (a percentage outside 0 to 100) is refused, whatever
    sent it."""
    for entry in inputs:
        number = entry.values.get("number")
        if entry.question.kind == scoring.PERCENTAGE and number is not None and not 0 <= number <= 100:  # noqa: PLR2004
            raise DomainError(f"Question {entry.question.reference}: enter a percentage from 0 to 100")
        rating = entry.values.get("rating")
        if entry.question.kind == scoring.RATING and rating is not None and not scoring.is_valid_rating(scale, rating):
            low, high = scoring.rating_range(scale)
            unit = "a percentage" if scale == scoring.PERCENT else "a rating"
            raise DomainError(f"Question {entry.question.reference}: enter {unit} from {low} to {high}")


def _confirm_carried(
    acting_user: User, submission: AuditSubmission, inputs: list[AnswerInput], result: SaveResult
) -> int:
    """An answer carried forward from the last return is settled once the person ticks
    "still true" or updates it (a conflicting save settles nothing)."""
    conflicted = {c.question.pk for c in result.conflicts}
    settle = {i.question.pk: i for i in inputs if (i.confirm or i.changed) and i.question.pk not in conflicted}
    if not settle:
        return 0
    now, count = timezone.now(), 0
    for answer in submission.answers.filter(
        question_id__in=settle, carried_from__isnull=False, confirmed_at__isnull=True
    ):
        answer.confirmed_at = now
        updated = settle[answer.question_id].changed
        save_with_history(
            answer, acting_user=acting_user, clean=False, reason="Updated" if updated else "Confirmed still true"
        )
        count += 1
    return count


@transaction.atomic
def evidence_add(
    *, acting_user: User, submission: AuditSubmission, question: Question, upload: UploadedFile, title: str = ""
) -> Evidence:
    """Attach a file (already type- and size-checked by its form) to an answer."""
    submission = _lock(submission)
    _require_answerable(acting_user, submission)
    answer, _ = Answer.objects.get_or_create(submission=submission, question=question)
    document = documents.store(
        upload=upload,
        subject=submission,
        uploaded_by=acting_user,
        title=title or f"Evidence for question {question.reference}",
    )
    evidence = Evidence(answer=answer, document=document, added_by=acting_user)
    save_with_history(evidence, acting_user=acting_user, reason="Added")
    if submission.status == Status.NOT_STARTED:
        submission.status = Status.IN_PROGRESS
        submission.started_at = timezone.now()
        save_with_history(submission, acting_user=acting_user, reason="Started")
    return evidence


@transaction.atomic
def evidence_remove(*, acting_user: User, evidence: Evidence) -> None:
    submission = _lock(evidence.answer.submission)
    _require_answerable(acting_user, submission)
    document = evidence.document
    note_history(evidence, acting_user=acting_user, reason=f"Removed {document.original_name}")
    evidence.delete()
    storage, name = document.file.storage, document.file.name
    document.delete()
    # The file goes only once the removal is committed, so a rollback leaves nothing dangling.
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def answers_copy_previous(*, acting_user: User, submission: AuditSubmission) -> int:
    """Start from last cycle's answers: questions are matched by reference and kind, a rating
    only if the scale is the same, and nothing already answered is overwritten."""
    submission = _lock(submission)
    _require_answerable(acting_user, submission)
    earlier = previous_submission(submission)
    if earlier is None:
        raise DomainError("Your organisation has no earlier return on this framework to copy from")
    old_scale = earlier.cycle.version.scale
    scale = submission.cycle.version.scale
    questions = {q.reference: q for q in Question.objects.filter(standard__version=submission.cycle.version_id)}
    existing = {a.question_id: a for a in submission.answers.all()}
    copied = 0
    for old in earlier.answers.select_related("question"):
        question = questions.get(old.question.reference)
        if question is None or question.kind != old.question.kind:
            continue
        answer = existing.get(question.pk) or Answer(submission=submission, question=question)
        if answer.has_value(question.kind) or answer.text.strip():
            continue
        values = old.values()
        if question.kind == scoring.RATING and old_scale != scale:
            values["rating"] = None
        if not question.allows_not_applicable:
            values["not_applicable"] = False
        if not any(values[name] not in (None, "", False) for name in VALUE_FIELDS):
            continue
        for name in VALUE_FIELDS:
            setattr(answer, name, values[name])
        answer.version += 1
        answer.updated_at = timezone.now()
        answer.updated_by = acting_user
        save_with_history(answer, acting_user=acting_user, clean=False, reason=f"Copied from {earlier.cycle}")
        copied += 1
    if not copied:
        raise DomainError("There was nothing to copy: every question that matches is already answered")
    if submission.status == Status.NOT_STARTED:
        submission.status = Status.IN_PROGRESS
        submission.started_at = timezone.now()
    save_with_history(submission, acting_user=acting_user, reason=f"{copied} answers copied from {earlier.cycle}")
    return copied


AUDIT_SIGN_OFF = notifications.register_kind(
    notifications.Kind(
        "audit_sign_off",
        "Audit returns to sign off",
        "When your organisation’s audit lead asks you to read and sign off a return",
        always_immediate=True,
    )
)


@transaction.atomic
def signoff_request(*, acting_user: User, submission: AuditSubmission, signatory: User) -> AuditSubmission:
    """The lead names the senior officer who will sign the return off. The return is checked
    as complete now, frozen while it waits, and submitted only when that person signs it off
    in the portal; the lead cannot sign for them."""
    submission = _lock(submission)
    _require_answerable(acting_user, submission)
    if signatory is None or signatory.pk == acting_user.pk:
        raise DomainError("Name another senior officer: the person sending the return cannot sign it off")
    if not signatories_for(submission).filter(pk=signatory.pk).exists():
        raise DomainError(f"Select a senior officer in the directory for {submission.organisation}")
    require_complete(submission)
    return name_signatory(acting_user=acting_user, submission=submission, signatory=signatory)


def require_complete(submission: AuditSubmission) -> None:
    problems = submission_problems(submission)
    if problems:
        raise SubmissionIncomplete(problems)


def name_signatory(
    *, acting_user: User, submission: AuditSubmission, signatory: User, reason: str = "", accepting: bool = False
) -> AuditSubmission:
    """Make `signatory` the return's senior officer and ask them to sign it off: the return
    waits for them, frozen. For a caller holding the return's lock that has checked who may
    ask and who may be named. Any invitation still waiting is replaced, unless the person is
    `accepting` it (then the lead who invited them stays the one who asked)."""
    if not accepting:
        close_invitations(submission, SignOffInvitation.Status.REPLACED)
        submission.sign_off_requested_by = acting_user
        submission.sign_off_requested_at = timezone.now()
    submission.status = Status.AWAITING_SIGN_OFF
    submission.signatory = signatory
    save_with_history(submission, acting_user=acting_user, reason=reason or f"Sent to {signatory} to sign off")
    requester = submission.sign_off_requested_by
    notifications.notify(
        [signatory],
        kind=AUDIT_SIGN_OFF.key,
        title=f"Please read and sign off {submission.organisation}’s return for “{submission.cycle.title}”",
        body=f"{requester} has completed the return and named you as the senior officer to sign it off. "
        "It is submitted to the partnership only when you sign it off.",
        url=reverse("audits:submission-sign-off", args=[submission.pk]),
        subject=submission,
    )
    return submission


def close_invitations(submission: AuditSubmission, status: str) -> int:
    """End the return's invitation by email that is still waiting (its link stops working)."""
    waiting = list(submission.signoff_invitations.filter(status=SignOffInvitation.Status.PENDING))
    for invitation in waiting:
        invitation.status = status
        invitation.closed_at = timezone.now()
        save_with_history(invitation, acting_user=invitation.invited_by, reason=invitation.get_status_display())
    return len(waiting)


def _back_to_lead(submission: AuditSubmission) -> str:
    return Status.RETURNED if submission.first_submitted_at else Status.IN_PROGRESS


@transaction.atomic
def signoff_withdraw(*, acting_user: User, submission: AuditSubmission) -> AuditSubmission:
    """The lead takes the return back (to change an answer, or to name someone else)."""
    submission = _lock(submission)
    refuse_unless(permissions.is_lead_for(acting_user, submission))
    if submission.status != Status.AWAITING_SIGN_OFF:
        raise DomainError("This return is not waiting for sign-off")
    waiting_for = submission.signatory or _invitee(submission)
    close_invitations(submission, SignOffInvitation.Status.WITHDRAWN)
    submission.status = _back_to_lead(submission)
    submission.signatory = None
    save_with_history(submission, acting_user=acting_user, reason=f"Taken back from {waiting_for} before sign-off")
    return submission


def _invitee(submission: AuditSubmission) -> str:
    invitation = submission.signoff_invitations.filter(status=SignOffInvitation.Status.PENDING).first()
    return f"{invitation.name} (invited by email)" if invitation else "the senior officer"


def _require_signatory(acting_user: User, submission: AuditSubmission) -> None:
    if submission.status != Status.AWAITING_SIGN_OFF:
        raise DomainError("This return is not waiting for sign-off")
    if submission.signatory_id != acting_user.pk or acting_user.pk == submission.sign_off_requested_by_id:
        refuse_unless(False, "Only the senior officer named for this return can sign it off")


@transaction.atomic
def submission_sign_off(*, acting_user: User, submission: AuditSubmission, job_title: str = "") -> AuditSubmission:
    """The named senior officer, having read the return, signs it off: it is submitted now."""
    submission = _lock(submission)
    _require_signatory(acting_user, submission)
    problems = submission_problems(submission)
    if problems:
        raise SubmissionIncomplete(problems)
    now = timezone.now()
    resubmission = submission.first_submitted_at is not None
    submission.status = Status.SUBMITTED
    submission.submitted_at = now
    submission.first_submitted_at = submission.first_submitted_at or now
    submission.submitted_by = submission.sign_off_requested_by
    submission.signed_off_at = now
    submission.sign_off_name = acting_user.name or acting_user.email
    submission.sign_off_role = (job_title or acting_user.job_title or "").strip()[:200]
    submission.sign_off_date = timezone.localdate(now)
    save_with_history(
        submission,
        acting_user=acting_user,
        reason=f"Signed off by {submission.sign_off_name} and {'resubmitted' if resubmission else 'submitted'}",
    )
    for deadline in Deadline.objects.for_subject(submission).live():
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Return signed off and submitted")
    cycle = submission.cycle
    notifications.notify(
        [cycle.created_by, *moderators_of(cycle)],
        kind=AUDIT_MODERATION.key,
        title=f"{submission.organisation} has {'resubmitted' if resubmission else 'submitted'} its return for "
        f"“{cycle.title}”",
        url=submission.get_absolute_url(),
    )
    _tell_leads(submission, f"{submission.sign_off_name} signed off your return for “{cycle.title}”: it is submitted")
    return submission


@transaction.atomic
def submission_sign_off_decline(*, acting_user: User, submission: AuditSubmission, reason: str) -> AuditSubmission:
    """The senior officer does not sign it off yet: it goes back to the lead with their reason."""
    submission = _lock(submission)
    _require_signatory(acting_user, submission)
    if not reason.strip():
        raise DomainError("Enter what needs to change before you can sign off the return")
    submission.status = _back_to_lead(submission)
    submission.signatory = None
    save_with_history(submission, acting_user=acting_user, reason=f"Not signed off: {reason.strip()}"[:100])
    _tell_leads(
        submission,
        f"{acting_user} has not signed off your return for “{submission.cycle.title}” yet",
        reason.strip(),
    )
    return submission


def _tell_leads(submission: AuditSubmission, title: str, body: str = "") -> None:
    leads = contacts_for_organisations([submission.organisation_id]).get(submission.organisation_id, [])
    notifications.notify(
        leads, kind=AUDIT_RETURN.key, title=title, body=body, url=submission.get_absolute_url(), subject=submission
    )


@transaction.atomic
def submission_return(
    *, acting_user: User, submission: AuditSubmission, comments: dict[int, str], overall: str = ""
) -> AuditSubmission:
    """Send a submitted return back for clarification, with comments on the questions that
    need it. The organisation's answers stay; they change what is needed and resubmit."""
    submission = _lock(submission)
    refuse_unless(permissions.can_manage_submission(acting_user, submission))
    if submission.status != Status.SUBMITTED:
        raise DomainError("Only a submitted return can be returned for clarification")
    comments = {pk: text.strip() for pk, text in comments.items() if text and text.strip()}
    if not comments and not overall.strip():
        raise DomainError("Enter a comment on at least one question, or an overall comment")
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=comments, standard__version=submission.cycle.version_id)
    }
    QuestionComment.objects.bulk_create(
        [
            QuestionComment(
                submission=submission,
                question=questions[pk],
                purpose=QuestionComment.Purpose.CLARIFICATION,
                text=text,
                author=acting_user,
            )
            for pk, text in comments.items()
            if pk in questions
        ]
    )
    submission.status = Status.RETURNED
    submission.returned_at = timezone.now()
    submission.return_comments = overall.strip()
    count = len(comments)
    save_with_history(
        submission,
        acting_user=acting_user,
        reason=f"Returned for clarification ({count} question{'s' if count != 1 else ''})",
    )
    _tell_leads(
        submission,
        f"Your return for “{submission.cycle.title}” needs clarification",
        overall.strip() or f"{count} question{'s need' if count != 1 else ' needs'} clarifying.",
    )
    return submission


@transaction.atomic
def submission_accept(*, acting_user: User, submission: AuditSubmission) -> tuple[AuditSubmission, ActionPlan | None]:
    """Accept the return: its answers are frozen from now on. If the partnership has an
    effectiveness sub-group, the answers below the threshold are proposed as actions at once."""
    submission = _lock(submission)
    refuse_unless(permissions.can_manage_submission(acting_user, submission))
    if submission.status != Status.SUBMITTED:
        raise DomainError("Only a submitted return can be accepted")
    submission.status = Status.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.accepted_by = acting_user
    save_with_history(submission, acting_user=acting_user, reason="Accepted")
    _tell_leads(submission, f"Your return for “{submission.cycle.title}” has been accepted")
    plan = None
    if _effectiveness_group() is not None and weak_answers(submission) and action_plan_for(submission) is None:
        plan = actions_propose(acting_user=acting_user, submission=submission)
    return submission, plan


def action_owner(submission: AuditSubmission) -> User | None:
    """Who owns the actions from a return by default: the person who asked for its sign-off,
    else the one who submitted it, else the organisation's first lead."""
    for person in (submission.sign_off_requested_by, submission.submitted_by):
        if person is not None and person.is_active and permissions.is_lead_for(person, submission):
            return person
    leads = contacts_for_organisations([submission.organisation_id]).get(submission.organisation_id, [])
    return leads[0] if leads else None


def action_description(answer: Answer, scale: str) -> str:
    question = answer.question
    rated = answer.value_label(question.kind, scale)
    if answer.is_moderated:
        rated = f"self-assessed {rated}, agreed at moderation {answer.agreed_label(question.kind, scale)}"
    else:
        rated = f"rated {rated}"
    parts = [f"Standard {question.standard.reference}, question {question.reference} ({rated}): {question.text}"]
    if answer.expected_improvement.strip():
        parts.append(f"Improvement expected: {answer.expected_improvement.strip()}")
    if answer.text.strip():
        parts.append(f"The organisation said: {answer.text.strip()}")
    return " ".join(parts)


def _effectiveness_group() -> PartnershipGroup | None:
    return group_with_remit(PartnershipGroup.Remit.EFFECTIVENESS)


@transaction.atomic
def actions_propose(*, acting_user: User, submission: AuditSubmission) -> ActionPlan:
    """Draft the organisation's action plan, one action per answer below the threshold, owned
    by the effectiveness sub-group (whose chair approves it) and by the organisation."""
    refuse_unless(permissions.can_manage_submission(acting_user, submission))
    if submission.status != Status.ACCEPTED:
        raise DomainError("Actions are proposed once the return is accepted")
    if action_plan_for(submission) is not None:
        raise DomainError("This return already has an action plan")
    group = _effectiveness_group()
    if group is None:
        raise DomainError(
            "There is no active effectiveness sub-group to own the plan: give a group the “Safeguarding "
            "effectiveness” remit first"
        )
    weak = weak_answers(submission)
    if not weak:
        raise DomainError("No answer is below the framework’s threshold, so there is nothing to propose")
    version = submission.cycle.version
    plan = plan_services.plan_create(
        acting_user=acting_user,
        title=f"{submission.cycle.title}: {submission.organisation}"[:300],
        owning_group=group,
        source=submission,
        organisation=submission.organisation,
        check_permission=False,
    )
    due = submission.cycle.actions_due_on or add_months(calendar.today(), 6)
    owner = action_owner(submission)
    for answer in weak:
        plan_services.action_add(
            acting_user=acting_user,
            plan=plan,
            description=action_description(answer, version.scale),
            owner=owner,
            owner_organisation=submission.organisation,
            due_date=due,
        )
    save_with_history(
        submission, acting_user=acting_user, clean=False, reason=f"{len(weak)} actions proposed in “{plan}”"
    )
    return plan


# Moderation and challenge ------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreed:
    """The moderation's view of one scored answer: `value` is the agreed rating (a number on
    the scale) or answer ("yes", "partly", "no"), None to agree with the self-assessment."""

    value: int | str | None
    reason: str = ""
    improvement: str = ""


def _agreed_fields(question: Question, scale: str, value: int | str | None) -> dict[str, int | str | None]:
    if question.kind == scoring.RATING:
        if value is not None and not scoring.is_valid_rating(scale, int(value)):
            low, high = scoring.rating_range(scale)
            raise DomainError(f"Question {question.reference}: the agreed rating must be from {low} to {high}")
        return {"moderated_rating": None if value is None else int(value), "moderated_response": ""}
    if value not in (None, *scoring.RESPONSE_SCORES):
        raise DomainError(f"Question {question.reference}: select yes, partly or no")
    return {"moderated_rating": None, "moderated_response": value or ""}


def answers_moderate(*, acting_user: User, submission: AuditSubmission, agreed: dict[int, Agreed]) -> int:
    """Set the agreed (moderated) rating of scored answers, keeping the self-assessment as it
    was given. A rating that differs from the self-assessment needs its reason. Returns how
    many answers changed."""
    scale = submission.cycle.version.scale
    answers = {
        a.question_id: a
        for a in submission.answers.filter(question_id__in=agreed).select_related(
            "question", "submission__cycle__version"
        )
    }
    now, changed = timezone.now(), 0
    for question_id, entry in agreed.items():
        answer = answers.get(question_id)
        if answer is None or not answer.question.is_scored:
            continue
        question = answer.question
        fields = _agreed_fields(question, scale, entry.value)
        same_as_self = (
            fields["moderated_rating"] == answer.rating and not answer.not_applicable
            if question.kind == scoring.RATING
            else fields["moderated_response"] == answer.response and not answer.not_applicable
        )
        if same_as_self:
            fields = {"moderated_rating": None, "moderated_response": ""}
        moderated = fields["moderated_rating"] is not None or fields["moderated_response"]
        reason = entry.reason.strip() if moderated else ""
        if moderated and not reason:
            raise DomainError(f"Question {question.reference}: enter the reason for the agreed rating")
        new = {**fields, "moderation_reason": reason, "expected_improvement": entry.improvement.strip()}
        if all(getattr(answer, name) == value for name, value in new.items()):
            continue
        for name, value in new.items():
            setattr(answer, name, value)
        answer.moderated_by, answer.moderated_at = acting_user, now
        label = answer.agreed_label(question.kind, scale)
        save_with_history(
            answer,
            acting_user=acting_user,
            clean=False,
            reason=f"Moderated: agreed {label}" if moderated else "Moderated: the self-assessment stands",
        )
        changed += 1
    return changed


@transaction.atomic
def moderation_save(
    *,
    acting_user: User,
    submission: AuditSubmission,
    confidence: str,
    summary: str,
    comments: dict[int, str],
    agreed: dict[int, Agreed] | None = None,
) -> ModerationRating:
    """A moderator's confidence in the return, notes on particular answers, and the agreed
    rating of answers where the moderation does not agree with the self-assessment."""
    submission = _lock(submission)
    refuse_unless(permissions.can_moderate(acting_user, submission.cycle) and not submission.is_withdrawn)
    if not submission.has_submitted:
        raise DomainError("A return is moderated once it has been submitted")
    if submission.cycle.status == submission.cycle.Status.COMPLETE:
        raise DomainError("This cycle is complete, so its moderation cannot change")
    if agreed:
        answers_moderate(acting_user=acting_user, submission=submission, agreed=agreed)
    rating = ModerationRating.objects.filter(submission=submission, moderator=acting_user).first() or ModerationRating(
        submission=submission, moderator=acting_user
    )
    rating.confidence = confidence
    rating.summary = summary
    rating.updated_at = timezone.now()
    save_with_history(rating, acting_user=acting_user, reason=f"{rating.get_confidence_display()}")
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=comments, standard__version=submission.cycle.version_id)
    }
    QuestionComment.objects.bulk_create(
        [
            QuestionComment(
                submission=submission,
                question=questions[pk],
                purpose=QuestionComment.Purpose.MODERATION,
                text=text.strip(),
                author=acting_user,
            )
            for pk, text in comments.items()
            if pk in questions and text and text.strip()
        ]
    )
    return rating


@transaction.atomic
def outcome_record(*, acting_user: User, submission: AuditSubmission, outcome: str, notes: str) -> AuditSubmission:
    """Record the challenge outcome and produce the feedback letter (a PDF kept with the
    return, each new letter a new version of the last)."""
    from ..letters import render_feedback_letter

    submission = _lock(submission)
    refuse_unless(permissions.can_manage_submission(acting_user, submission))
    if not submission.has_submitted:
        raise DomainError("The outcome is recorded once the return has been submitted")
    if not notes.strip():
        raise DomainError("Enter the feedback for the organisation")
    submission.outcome = outcome
    submission.outcome_notes = notes.strip()
    submission.outcome_recorded_at = timezone.now()
    pdf = render_feedback_letter(submission, signed_by=acting_user)
    name = f"feedback-letter-{submission.cycle_id}-{submission.organisation_id}.pdf"
    submission.feedback_letter = documents.store(
        upload=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
        subject=submission,
        uploaded_by=acting_user,
        title=f"Feedback letter: {submission.organisation}, {submission.cycle}"[:300],
        previous=submission.feedback_letter,
    )
    save_with_history(submission, acting_user=acting_user, reason=f"Outcome: {submission.get_outcome_display()}")
    _tell_leads(
        submission,
        f"Your feedback letter for “{submission.cycle.title}” is ready",
        f"Outcome: {submission.get_outcome_display()}.",
    )
    return submission
