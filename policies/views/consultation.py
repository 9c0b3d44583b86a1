"""Consultation pages: sending a draft for comments, the consultation with its comments and
answers, commenting (or saying there are none), answering, closing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.services import refuse_unless
from core.views.form_pages import form_page, post_action

from .. import permissions, selectors
from ..forms import AnswerForm, CommentForm, ConsultationForm, NoCommentsForm
from ..services import consultation as services


@require_http_methods(["GET", "POST"])
def consultation_open(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_policy(request.user, policy))
    draft = selectors.draft_version(policy)
    form = ConsultationForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Send the draft for comments",
        caption=f"{policy.title}, version {draft.number}" if draft else policy.title,
        intro="Each organisation’s leads are told and can read the draft and send comments in the portal. They "
        "are reminded before the closing date until they answer.",
        submit="Send for comments",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.consultation_open(acting_user=request.user, policy=policy, **data),
        success=lambda consultation: f"Sent to {consultation.invites.count()} organisations for comments",
        next_url=lambda consultation: consultation,
    )


def consultation_detail(request, pk: int):
    user = request.user
    consultation = selectors.consultation_get_for_user(user, pk)
    sees_all = permissions.can_see_all_comments(user, consultation)
    mine = permissions.invited_organisations_led_by(user, consultation)
    can_comment = permissions.can_comment(user, consultation)
    return render(
        request,
        "policies/consultation_detail.html",
        {
            "consultation": consultation,
            "policy": consultation.policy,
            "comments": selectors.consultation_comments(user, consultation),
            "invites": selectors.consultation_invites(consultation) if sees_all else [],
            "my_invites": selectors.my_consultation_invites(consultation, mine),
            "sees_all": sees_all,
            "can_comment": can_comment,
            "no_comments_form": NoCommentsForm(organisations=mine) if can_comment and mine.exists() else None,
            "can_answer": permissions.can_answer_comments(user, consultation),
            "can_close": permissions.can_close_consultation(user, consultation),
            "is_late": consultation.is_open and consultation.closes_on < calendar.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def comment_add(request, pk: int):
    consultation = selectors.consultation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_comment(request.user, consultation))
    form = CommentForm(
        request.POST or None, organisations=selectors.organisations_to_comment_for(request.user, consultation)
    )
    return form_page(
        request,
        form,
        title="Send a comment",
        caption=str(consultation.version),
        intro="Send one comment for each point. The lead answers each one, and the group that approves the "
        "document reads them with the draft.",
        submit="Send the comment",
        back_url=consultation.get_absolute_url(),
        on_valid=lambda data: services.comment_add(acting_user=request.user, consultation=consultation, **data),
        success="Comment sent",
        next_url=consultation,
    )


@require_POST
def no_comments(request, pk: int):
    consultation = selectors.consultation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_comment(request.user, consultation))
    form = NoCommentsForm(
        request.POST, organisations=selectors.organisations_to_comment_for(request.user, consultation)
    )
    if not form.is_valid():
        messages.error(request, form.errors["organisation"][0])
        return redirect(consultation)
    organisation = form.cleaned_data["organisation"]
    return post_action(
        request,
        lambda: services.no_comments_record(
            acting_user=request.user, consultation=consultation, organisation=organisation
        ),
        success=f"Recorded: {organisation} has no comments",
        next_url=consultation,
    )


@require_http_methods(["GET", "POST"])
def comment_answer(request, pk: int):
    comment = selectors.comment_get_for_user(request.user, pk)
    consultation = comment.consultation
    refuse_unless(permissions.can_answer_comments(request.user, consultation))
    form = AnswerForm(request.POST or None, initial={"response": comment.response, "outcome": comment.outcome})
    return form_page(
        request,
        form,
        title="Answer the comment",
        caption=f"From {comment.organisation}",
        submit="Send the answer",
        back_url=comment.get_absolute_url(),
        on_valid=lambda data: services.comment_answer(acting_user=request.user, comment=comment, **data),
        success="Answer sent",
        next_url=comment.get_absolute_url(),
        comment=comment,
        template="policies/comment_answer.html",
    )


@require_POST
def consultation_close(request, pk: int):
    consultation = selectors.consultation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_close_consultation(request.user, consultation))
    return post_action(
        request,
        lambda: services.consultation_close(acting_user=request.user, consultation=consultation),
        success="Consultation closed: the draft is back with its lead",
        next_url=reverse("policies:policy-detail", args=[consultation.policy_id]),
    )
