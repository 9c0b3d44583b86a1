"""Building a draft survey: sections and questions, their order, and a preview of how people
will see it."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from core.services import refuse_unless
from core.views.form_pages import form_page, post_action

from .. import permissions
from ..forms import QuestionForm, ResponseForm, SectionForm
from ..forms.responses import CHILD, PRACTITIONER
from ..models import Survey
from ..selectors import surveys as selectors
from ..services import surveys as services


def _editable(request, pk: int) -> Survey:
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_edit_questions(request.user, survey))
    return survey


@require_http_methods(["GET", "POST"])
def section_add(request, pk: int):
    survey = _editable(request, pk)
    form = SectionForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a section",
        caption=str(survey),
        submit="Add the section",
        back_url=survey.get_absolute_url(),
        on_valid=lambda data: services.section_save(acting_user=request.user, survey=survey, **data),
        success=lambda section: f"Section “{section}” added",
        next_url=lambda section: section.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, section_pk: int):
    survey = _editable(request, pk)
    section = selectors.section_get(survey, section_pk)
    form = SectionForm(request.POST or None, instance=section)
    return form_page(
        request,
        form,
        title="Change the section",
        caption=str(survey),
        back_url=section.get_absolute_url(),
        on_valid=lambda data: services.section_save(acting_user=request.user, survey=survey, section=section, **data),
        success="Section saved",
        next_url=lambda saved: saved.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def section_delete(request, pk: int, section_pk: int):
    survey = _editable(request, pk)
    section = selectors.section_get(survey, section_pk)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.section_delete(acting_user=request.user, section=section),
            success=f"Section “{section}” removed",
            next_url=survey,
        )
    return render(
        request,
        "engagement/confirm.html",
        {
            "page_title": f"Remove the section “{section}”?",
            "caption": str(survey),
            "body": f"Its {section.questions.count()} question(s) will be removed too.",
            "submit": "Remove the section",
            "back_url": survey.get_absolute_url(),
        },
    )


@require_POST
def section_move(request, pk: int, section_pk: int):
    survey = _editable(request, pk)
    section = selectors.section_get(survey, section_pk)
    up = request.POST.get("direction") != "down"
    return post_action(
        request,
        lambda: services.section_move(acting_user=request.user, section=section, up=up),
        success=f"Section “{section}” moved {'up' if up else 'down'}",
        next_url=section.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def question_add(request, pk: int):
    survey = _editable(request, pk)
    initial = {"section": selectors.section_for_new_question(survey, request.GET.get("section", "")), "kind": "single"}
    form = QuestionForm(request.POST or None, survey=survey, initial=initial)
    return form_page(
        request,
        form,
        title="Add a question",
        caption=str(survey),
        submit="Add the question",
        back_url=survey.get_absolute_url(),
        on_valid=lambda data: services.question_save(acting_user=request.user, **_question_data(data)),
        success="Question added",
        next_url=lambda question: question.get_absolute_url(),
    )


def _question_data(data: dict) -> dict:
    return {
        name: data[name]
        for name in (
            "section",
            "text",
            "hint",
            "kind",
            "required",
            "choices",
            "scale_points",
            "scale_low_label",
            "scale_high_label",
        )
    }


@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int, question_pk: int):
    survey = _editable(request, pk)
    question = selectors.question_get(survey, question_pk)
    form = QuestionForm(request.POST or None, survey=survey, question=question)
    warning = ""
    if question.copied_from_id:
        warning = (
            "This question is compared with the earlier run. If you change its wording or type it will no longer be."
        )
    return form_page(
        request,
        form,
        title="Change the question",
        caption=str(survey),
        warning=warning,
        back_url=question.get_absolute_url(),
        on_valid=lambda data: services.question_save(
            acting_user=request.user, question=question, **_question_data(data)
        ),
        success="Question saved",
        next_url=lambda saved: saved.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def question_delete(request, pk: int, question_pk: int):
    survey = _editable(request, pk)
    question = selectors.question_get(survey, question_pk)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.question_delete(acting_user=request.user, question=question),
            success="Question removed",
            next_url=survey,
        )
    return render(
        request,
        "engagement/confirm.html",
        {
            "page_title": "Remove this question?",
            "caption": str(survey),
            "body": f"“{question}”",
            "submit": "Remove the question",
            "back_url": question.get_absolute_url(),
        },
    )


@require_POST
def question_move(request, pk: int, question_pk: int):
    survey = _editable(request, pk)
    question = selectors.question_get(survey, question_pk)
    up = request.POST.get("direction") != "down"
    return post_action(
        request,
        lambda: services.question_move(acting_user=request.user, question=question, up=up),
        success=f"Question moved {'up' if up else 'down'}",
        next_url=question.get_absolute_url(),
    )


def survey_preview(request, pk: int):
    """The survey as the people answering it will see it (nothing can be sent from here)."""
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    about = {Survey.Audience.PRACTITIONERS: PRACTITIONER, Survey.Audience.CHILDREN: CHILD}.get(survey.audience, "")
    form = ResponseForm(
        sections=selectors.structure(survey), about=about, organisations=selectors.agency_choices(survey)
    )
    return render(request, "engagement/survey_preview.html", {"survey": survey, "form": form})
