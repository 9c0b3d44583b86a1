"""An organisation's return: its overview, answering standard by standard, evidence,
submission with sign-off, return for clarification, acceptance, moderation and outcome.
Every view of a return is written to the access log."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import links
from core.access_log import access_log_url, log_access, restricted_read
from core.history import render_history
from core.selectors import latest_deadline_for
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_response, post_action

from .. import permissions
from ..forms.answers import (
    AnswersForm,
    DeclineSignOffForm,
    EvidenceForm,
    ModerationForm,
    OutcomeForm,
    ReturnForm,
    SignOffForm,
    SignOffInviteForm,
    SignOffRequestForm,
    rebased,
)
from ..models import AuditSubmission, SignOffInvitation
from ..selectors import carry
from ..selectors import frameworks as framework_reads
from ..selectors import signoff as signoff_reads
from ..selectors import submissions as submission_reads
from ..services import signoff
from ..services import submissions as services


def _submission(request, pk: int) -> AuditSubmission:
    return submission_reads.submission_get_for_user(request.user, pk)


def _access_log_link(submission) -> str:
    # The per-record log page is core's; until its address is wired up there is no link.
    try:
        return access_log_url(submission)
    except NoReverseMatch:
        return ""


@restricted_read
def submission_detail(request, pk: int):
    submission = _submission(request, pk)
    log_access(request, submission)
    user = request.user
    can_answer = permissions.can_answer(user, submission)
    problems = submission_reads.submission_problems(submission) if can_answer else []
    is_bu = permissions.can_manage_submission(user, submission)
    can_view_moderation = permissions.can_view_moderation(user, submission)
    # Actions are proposed only from an accepted return, and acceptance is final: no query
    # for the others.
    plan = submission_reads.action_plan_for(submission) if submission.is_accepted else None
    deadline = latest_deadline_for(submission)
    invitations = signoff_reads.signoff_invitations(user, submission)
    return render(
        request,
        "audits/submission_detail.html",
        {
            "submission": submission,
            "cycle": submission.cycle,
            "progress": submission_reads.submission_progress(submission, problems),
            "problems": problems,
            "deadline": deadline,
            "deadline_url": links.url_for(user, deadline),
            "previous": submission_reads.previous_submission(submission) if can_answer else None,
            "plan": plan,
            "ratings": submission_reads.moderation_ratings(submission) if can_view_moderation else [],
            "can_answer": can_answer,
            "can_sign_off": permissions.can_sign_off(user, submission),
            "can_take_back": submission.status == AuditSubmission.Status.AWAITING_SIGN_OFF
            and permissions.is_lead_for(user, submission),
            "can_invite_again": submission.status == AuditSubmission.Status.AWAITING_SIGN_OFF
            and permissions.can_invite_signatory(user, submission),
            "invitations": invitations,
            "waiting_invitation": next((i for i in invitations if i.status == SignOffInvitation.Status.PENDING), None),
            "can_manage": is_bu,
            "can_view_audits": permissions.can_view_audits(user),
            "can_moderate": can_view_moderation and submission.has_submitted,
            "can_propose": is_bu and submission.status == AuditSubmission.Status.ACCEPTED and plan is None,
            "can_view_history": permissions.can_view_submission_history(user, submission),
            "access_log_link": _access_log_link(submission) if is_bu else "",
            "can_view_organisation": permissions.can_view_organisation_history(user, submission.organisation),
        },
    )


@restricted_read
def submission_history(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_view_submission_history(request.user, submission))
    log_access(request, submission, detail="History")
    return render_history(request, submission, title=f"History of {submission}", back_url=submission.get_absolute_url())


@restricted_read
def answer_history(request, pk: int, question_pk: int):
    """Every saved version of one answer: who changed it, when, from what to what."""
    submission = _submission(request, pk)
    question = framework_reads.question_of(submission.cycle.version, question_pk)
    answer = submission_reads.answers_for(submission, [question]).get(question.pk)
    if answer is None:
        raise Http404("This question has not been answered")
    log_access(request, submission, detail=f"History of the answer to {question.reference}")
    return render_history(
        request,
        answer,
        title=f"History of the answer to question {question.reference}",
        caption=str(submission),
        back_url=reverse("audits:submission-standard", args=[submission.pk, question.standard_id])
        + f"#q-{question.pk}",
    )


def _neighbours(standards, standard):
    index = next(i for i, s in enumerate(standards) if s.pk == standard.pk)
    previous = standards[index - 1] if index > 0 else None
    following = standards[index + 1] if index + 1 < len(standards) else None
    return previous, following


def conflict_view(conflict, scale: str) -> dict:
    """The other person's answer, as the page shows it beside the question."""
    theirs = conflict.theirs
    return {
        "who": theirs.updated_by.name if theirs.updated_by else "Someone else",
        "when": theirs.updated_at,
        "label": theirs.value_label(conflict.question.kind, scale),
        "text": theirs.text,
    }


def _conflict_message(conflict) -> str:
    theirs = conflict.theirs
    who = theirs.updated_by.name if theirs.updated_by else "Someone else"
    return (
        f"Question {conflict.question.reference}: {who} saved a different answer while you were editing. Their answer "
        "is shown with the question and yours is kept in the boxes: save again to replace theirs with yours, or "
        "change yours"
    )


@require_http_methods(["GET", "POST"])
def submission_standard(request, pk: int, standard_pk: int):
    """One standard's questions: answered and saved as a draft ("save and continue"), or read."""
    submission = _submission(request, pk)
    version = submission.cycle.version
    standards = list(version.standards.order_by("position", "pk"))
    standard = next((s for s in standards if s.pk == standard_pk), None)
    if standard is None:
        raise Http404("No such standard")
    questions = list(standard.questions.order_by("position", "pk"))
    editable = permissions.can_answer(request.user, submission)
    views = submission_reads.question_views(
        submission, questions, with_notes=permissions.can_view_moderation(request.user, submission)
    )
    answers = {view.question.pk: view.answer for view in views if view.answer is not None}
    form = AnswersForm(questions=questions, scale=version.scale, answers=answers) if editable else None
    previous, following = _neighbours(standards, standard)
    if request.method == "POST":
        refuse_unless(editable, "This return cannot be changed now")
        form = AnswersForm(request.POST, questions=questions, scale=version.scale, answers=answers)
        if form.is_valid():
            try:
                result = services.answers_save(acting_user=request.user, submission=submission, inputs=form.inputs())
            except DomainError as error:
                messages.error(request, str(error))
                return redirect(submission)
            if not result.conflicts:
                messages.success(request, f"Your answers to standard {standard.reference} are saved")
                return redirect(_after_save(request, submission, standard, following))
            form = AnswersForm(
                rebased(request.POST, result.conflicts), questions=questions, scale=version.scale, answers=answers
            )
            form.is_valid()
            for conflict in result.conflicts:
                form.add_error(form.first_field_name(conflict.question), _conflict_message(conflict))
                form.conflicts[conflict.question.pk] = conflict
            views = submission_reads.question_views(
                submission, questions, with_notes=permissions.can_view_moderation(request.user, submission)
            )
    log_access(request, submission, detail=f"Standard {standard.reference}")
    blocks = form.blocks() if form is not None else [None] * len(views)
    marks = _living_marks(submission) if editable else {}
    return render(
        request,
        "audits/submission_standard.html",
        {
            "submission": submission,
            "cycle": submission.cycle,
            "version": version,
            "standard": standard,
            "items": [
                {
                    "view": view,
                    "fields": fields,
                    "conflict": conflict_view(form.conflicts[view.question.pk], version.scale)
                    if form is not None and view.question.pk in form.conflicts
                    else None,
                    "mark": marks.get(view.question.pk),
                }
                for view, fields in zip(views, blocks, strict=True)
            ],
            "form": form,
            "editable": editable,
            "previous": previous,
            "following": following,
            "scale": version.scale,
        },
    )


def _living_marks(submission) -> dict[int, dict]:
    """What each question shows against the organisation's last accepted return: carried
    forward ("still true?"), changed since (with the answer given then), or new."""
    source = carry.last_accepted(submission)
    if source is None:
        return {}
    marks = {}
    for question_id, change in carry.question_changes(submission, source).items():
        earlier = change.earlier
        label = ""
        if earlier is not None:
            label = earlier.value_label(earlier.question.kind, source.cycle.version.scale) or earlier.text[:200]
        marks[question_id] = {
            "is_new": change.status == carry.NEW,
            "is_changed": change.status == carry.CHANGED,
            "cycle": source.cycle,
            "earlier": label,
        }
    return marks


def _after_save(request, submission, standard, following) -> str:
    question = request.POST.get("evidence_for", "")
    if question.isdigit():
        return reverse("audits:evidence", args=[submission.pk, int(question)])
    if "continue" in request.POST:
        if following is not None:
            return reverse("audits:submission-standard", args=[submission.pk, following.pk])
        return submission.get_absolute_url()
    return reverse("audits:submission-standard", args=[submission.pk, standard.pk])


@require_http_methods(["GET", "POST"])
def evidence(request, pk: int, question_pk: int):
    submission = _submission(request, pk)
    question = framework_reads.question_of(submission.cycle.version, question_pk)
    editable = permissions.can_answer(request.user, submission)
    if request.method == "POST":
        refuse_unless(editable, "This return cannot be changed now")
    log_access(request, submission, detail=f"Evidence for {question.reference}")
    view = submission_reads.question_views(submission, [question], with_notes=False)[0]
    form = EvidenceForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    return form_response(
        request,
        form,
        template="audits/evidence.html",
        context={"submission": submission, "question": question, "view": view, "editable": editable},
        on_valid=lambda data: services.evidence_add(
            acting_user=request.user,
            submission=submission,
            question=question,
            upload=data["file"],
            title=data["title"],
        ),
        success=lambda item: f"{item.document.original_name} added as evidence for question {question.reference}",
        next_url=request.path,
    )


@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    submission = _submission(request, pk)
    item = submission_reads.evidence_get(submission, evidence_pk)
    refuse_unless(permissions.can_answer(request.user, submission), "This return cannot be changed now")
    return post_action(
        request,
        lambda: services.evidence_remove(acting_user=request.user, evidence=item),
        success=f"{item.document.original_name} removed",
        next_url=reverse("audits:evidence", args=[submission.pk, item.answer.question_id]),
    )


@require_POST
def submission_copy(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_answer(request.user, submission))
    try:
        copied = services.answers_copy_previous(acting_user=request.user, submission=submission)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{copied} answer{'s' if copied != 1 else ''} copied from your last return: check each one is still true",
        )
    return redirect(submission)


@require_http_methods(["GET", "POST"])
def submission_submit(request, pk: int):
    """Check the answers, then name the senior officer who will sign the return off. Anything
    missing is listed question by question, each linked to its place."""
    submission = _submission(request, pk)
    refuse_unless(permissions.can_answer(request.user, submission), "This return cannot be submitted now")
    form = SignOffRequestForm(
        request.POST if request.method == "POST" else None,
        people=submission_reads.signatories_for(submission, excluding=request.user),
    )
    log_access(request, submission, detail="Check answers")
    questions = framework_reads.all_questions(submission.cycle.version)
    problems = submission_reads.submission_problems(submission)
    return form_response(
        request,
        form,
        template="audits/submission_submit.html",
        context={
            "submission": submission,
            "cycle": submission.cycle,
            "problems": problems,
            # In the error summary: each links to its question on its standard's page.
            "problem_links": [
                {
                    "href": reverse("audits:submission-standard", args=[submission.pk, problem.question.standard_id])
                    + f"#q-{problem.question.pk}",
                    "message": problem.message,
                }
                for problem in problems
            ],
            "views": submission_reads.question_views(submission, questions, with_notes=False),
            "can_invite": permissions.can_invite_signatory(request.user, submission),
        },
        on_valid=lambda data: services.signoff_request(
            acting_user=request.user, submission=submission, signatory=data["signatory"]
        ),
        success=lambda item: f"Sent to {item.signatory} to sign off. The return is submitted when they sign it off.",
        next_url=submission,
    )


@require_http_methods(["GET", "POST"])
def submission_signoff_invite(request, pk: int):
    """The lead invites, by work email, a senior officer who is not in the directory (or
    invites again while nobody has accepted). An address with an account names that person."""
    submission = _submission(request, pk)
    refuse_unless(
        permissions.can_invite_signatory(request.user, submission),
        "You cannot invite a senior officer to sign off this return now",
    )
    form = SignOffInviteForm(request.POST if request.method == "POST" else None, organisation=submission.organisation)
    return form_response(
        request,
        form,
        template="audits/submission_signoff_invite.html",
        context={
            "submission": submission,
            "cycle": submission.cycle,
            "problems": submission_reads.submission_problems(submission),
            "waiting": next(
                (i for i in signoff_reads.signoff_invitations(request.user, submission) if i.status == "pending"), None
            ),
        },
        on_valid=lambda data: signoff.signoff_invite(
            acting_user=request.user, submission=submission, name=data["name"], email=data["email"]
        ),
        success=_invited_message,
        next_url=submission,
    )


def _invited_message(result: signoff.Invited) -> str:
    if result.invitation is None:
        return (
            f"{result.submission.signatory} already has an account: sent to them to sign off. The return is "
            "submitted when they sign it off."
        )
    invitation = result.invitation
    return (
        f"Invitation sent to {invitation.name} at {invitation.email}. The link works until "
        f"{timezone.localtime(invitation.expires_at):%-d %B %Y}; the return is submitted when they sign it off."
    )


@require_POST
def submission_signoff_withdraw(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.is_lead_for(request.user, submission))
    return post_action(
        request,
        lambda: services.signoff_withdraw(acting_user=request.user, submission=submission),
        success="The return is back with you: change what you need, then send it for sign-off again",
        next_url=submission,
    )


@require_http_methods(["GET", "POST"])
def submission_sign_off(request, pk: int):
    """The named senior officer reads the whole return, then signs it off (which submits it)
    or sends it back to the lead saying what needs to change."""
    submission = _submission(request, pk)
    refuse_unless(
        permissions.can_sign_off(request.user, submission),
        "Only the senior officer named for this return can sign it off, while it waits",
    )
    declining = request.method == "POST" and "decline" in request.POST
    data = request.POST if request.method == "POST" else None
    form = SignOffForm(None if declining else data, initial={"job_title": request.user.job_title})
    decline_form = DeclineSignOffForm(data if declining else None)
    log_access(request, submission, detail="Read to sign off")
    questions = framework_reads.all_questions(submission.cycle.version)
    context = {
        "submission": submission,
        "cycle": submission.cycle,
        "views": submission_reads.question_views(submission, questions, with_notes=False),
        "decline_form": decline_form,
    }
    if declining:
        return form_response(
            request,
            decline_form,
            template="audits/submission_sign_off.html",
            context={**context, "sign_form": form},
            on_valid=lambda data: services.submission_sign_off_decline(
                acting_user=request.user, submission=submission, reason=data["reason"]
            ),
            success="The return has gone back to the lead with what needs to change",
            next_url=submission,
        )
    return form_response(
        request,
        form,
        template="audits/submission_sign_off.html",
        context={**context, "sign_form": form},
        on_valid=lambda data: services.submission_sign_off(
            acting_user=request.user, submission=submission, job_title=data["job_title"]
        ),
        success="You have signed off the return: it is submitted to the partnership",
        next_url=submission,
    )


def _review_context(submission, form, *, with_notes: bool) -> dict:
    questions = framework_reads.all_questions(submission.cycle.version)
    views = submission_reads.question_views(submission, questions, with_notes=with_notes)
    agreed = getattr(form, "agreed_fields", lambda question: [])
    return {
        "submission": submission,
        "cycle": submission.cycle,
        "items": [
            {"view": view, "field": form.comment_field(view.question), "agreed": agreed(view.question)}
            for view in views
        ],
    }


@require_http_methods(["GET", "POST"])
def submission_return(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_manage_submission(request.user, submission))
    log_access(request, submission, detail="Return for clarification")
    form = ReturnForm(
        request.POST if request.method == "POST" else None,
        questions=framework_reads.all_questions(submission.cycle.version),
    )
    context = _review_context(submission, form, with_notes=True)
    context["can_return"] = submission.status == AuditSubmission.Status.SUBMITTED
    return form_response(
        request,
        form,
        template="audits/submission_return.html",
        context=context,
        on_valid=lambda data: services.submission_return(
            acting_user=request.user, submission=submission, comments=form.comments(), overall=data["overall"]
        ),
        success="Return sent back to the organisation for clarification",
        next_url=submission,
    )


@require_POST
def submission_accept(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_manage_submission(request.user, submission))
    try:
        _, plan = services.submission_accept(acting_user=request.user, submission=submission)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        note = f": {plan.actions.count()} actions proposed in “{plan}”" if plan else ""
        messages.success(request, f"Return accepted{note}")
    return redirect(submission)


@require_POST
def submission_plan(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_manage_submission(request.user, submission))
    try:
        plan = services.actions_propose(acting_user=request.user, submission=submission)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(submission)
    messages.success(request, "Actions proposed: check them, then submit the plan to the chair for approval")
    return redirect(plan)


@require_http_methods(["GET", "POST"])
def submission_moderate(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_view_moderation(request.user, submission))
    log_access(request, submission, detail="Moderation")
    mine = next((r for r in submission_reads.moderation_ratings(submission) if r.moderator_id == request.user.pk), None)
    questions = framework_reads.all_questions(submission.cycle.version)
    form = ModerationForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        answers=submission_reads.answers_for(submission, questions),
        scale=submission.cycle.version.scale,
        initial={"confidence": mine.confidence, "summary": mine.summary} if mine else {},
    )
    context = _review_context(submission, form, with_notes=True)
    context["can_rate"] = submission.has_submitted and submission.cycle.status != submission.cycle.Status.COMPLETE
    return form_response(
        request,
        form,
        template="audits/submission_moderate.html",
        context=context,
        on_valid=lambda data: services.moderation_save(
            acting_user=request.user,
            submission=submission,
            confidence=data["confidence"],
            summary=data["summary"],
            comments=form.comments(),
            agreed=form.agreed(),
        ),
        success="Your moderation is saved",
        next_url=submission,
    )


@require_http_methods(["GET", "POST"])
def submission_outcome(request, pk: int):
    submission = _submission(request, pk)
    refuse_unless(permissions.can_manage_submission(request.user, submission))
    log_access(request, submission, detail="Outcome")
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial={"outcome": submission.outcome, "notes": submission.outcome_notes},
    )
    return form_response(
        request,
        form,
        template="audits/submission_outcome.html",
        context={"submission": submission, "cycle": submission.cycle, "can_record": submission.has_submitted},
        on_valid=lambda data: services.outcome_record(acting_user=request.user, submission=submission, **data),
        success="Outcome recorded and the feedback letter produced: the organisation’s leads have been told",
        next_url=submission,
    )
