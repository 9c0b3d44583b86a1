"""Spotlight reports: set by the effectiveness group, answered by their authors, assured by the
group."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.pagination import paginate
from core.selectors import latest_deadline_for
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.spotlights import QuestionForm, SpotlightAnswersForm, SpotlightAssureForm, SpotlightForm
from ..models import Spotlight
from ..selectors import spotlights as selectors
from ..services import spotlights as services


def spotlight_list(request):
    refuse_unless(permissions.can_use_assurance(request.user))
    status = request.GET.get("status", "")
    group = selectors.effectiveness_group()
    return render(
        request,
        "scrutiny/spotlight_list.html",
        {
            "page": paginate(request, selectors.spotlight_list_for_user(request.user, status=status)),
            "status": status,
            "statuses": Spotlight.Status.choices,
            "group": group,
            "can_set": group is not None and permissions.can_set_spotlights(request.user, group),
        },
    )


@require_http_methods(["GET", "POST"])
def spotlight_create(request):
    group = selectors.effectiveness_group()
    refuse_unless(group is not None and permissions.can_set_spotlights(request.user, group))
    form = SpotlightForm(request.POST or None, group=group)
    return form_page(
        request,
        form,
        title="Set a spotlight",
        caption=str(group),
        back_url=reverse("scrutiny:spotlight-list"),
        inset="Then add the challenge questions the authors will answer.",
        submit="Set the spotlight",
        on_valid=lambda data: services.spotlight_create(acting_user=request.user, group=group, **data),
        success=lambda s: f"Spotlight on {s} set: add its questions",
        next_url=lambda s: s,
    )


def spotlight_detail(request, pk: int):
    spotlight = selectors.spotlight_get_for_user(request.user, pk)
    user = request.user
    can_manage = permissions.can_manage_spotlight(user, spotlight)
    return render(
        request,
        "scrutiny/spotlight_detail.html",
        {
            "spotlight": spotlight,
            "rows": selectors.question_rows(spotlight, show_drafts_of=user),
            "progress": selectors.author_progress(spotlight),
            "challenges": selectors.spotlight_challenges(spotlight),
            "reports": selectors.spotlight_reports(spotlight, viewer=user),
            "deadline": latest_deadline_for(spotlight),
            "can_manage": can_manage,
            "can_answer": permissions.can_answer_spotlight(user, spotlight),
            "can_raise_challenge": permissions.can_raise_challenge(user),
        },
    )


def _managed(request, pk: int) -> Spotlight:
    spotlight = selectors.spotlight_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_spotlight(request.user, spotlight))
    return spotlight


@require_http_methods(["GET", "POST"])
def spotlight_edit(request, pk: int):
    spotlight = _managed(request, pk)
    form = SpotlightForm(request.POST or None, instance=spotlight, group=spotlight.group)
    return form_page(
        request,
        form,
        title=f"Change the spotlight on {spotlight}",
        caption=str(spotlight.group),
        back_url=spotlight.get_absolute_url(),
        submit="Save changes",
        on_valid=lambda data: services.spotlight_update(acting_user=request.user, spotlight=spotlight, **data),
        success="Spotlight saved",
        next_url=spotlight,
    )


@require_http_methods(["GET", "POST"])
def question_add(request, pk: int):
    spotlight = _managed(request, pk)
    form = QuestionForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a challenge question",
        caption=f"Spotlight on {spotlight}",
        back_url=spotlight.get_absolute_url(),
        submit="Add the question",
        on_valid=lambda data: services.question_add(acting_user=request.user, spotlight=spotlight, **data),
        success="Question added",
        next_url=spotlight,
    )


@require_http_methods(["GET", "POST"])
def spotlight_answer(request, pk: int):
    """The author's answers: saved as a draft, or submitted (every question answered)."""
    spotlight = selectors.spotlight_get_for_user(request.user, pk)
    refuse_unless(permissions.can_answer_spotlight(request.user, spotlight))
    if selectors.has_submitted_answers(spotlight, request.user):
        messages.info(request, "You have submitted your answers: the group can read them")
        return redirect(spotlight)
    questions = list(spotlight.questions.all())
    form = SpotlightAnswersForm(
        request.POST or None, request.FILES or None, spotlight=spotlight, author=request.user, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.spotlight_answers_save(
                acting_user=request.user,
                spotlight=spotlight,
                answers=form.answers(),
                submit=submit,
                report=form.cleaned_data.get("report"),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Answers submitted to the group" if submit else "Draft saved")
            return redirect(spotlight if submit else reverse("scrutiny:spotlight-answer", args=[spotlight.pk]))
    return render(
        request,
        "scrutiny/spotlight_answer.html",
        {
            "spotlight": spotlight,
            "form": form,
            "questions": questions,
            "attached": selectors.spotlight_reports(spotlight, viewer=request.user, own_only=True),
        },
    )


@require_http_methods(["GET", "POST"])
def spotlight_assure(request, pk: int):
    spotlight = _managed(request, pk)
    form = SpotlightAssureForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record the group’s assurance",
        caption=f"Spotlight on {spotlight}",
        back_url=spotlight.get_absolute_url(),
        submit="Save the group’s assurance",
        on_valid=lambda data: services.spotlight_assure(
            acting_user=request.user,
            spotlight=spotlight,
            assurance_level=data["assurance_level"],
            comment=data["group_comment"],
        ),
        success="The group’s assurance is recorded",
        next_url=spotlight,
    )
