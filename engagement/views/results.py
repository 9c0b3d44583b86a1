"""Results: counts by agency and role, charts with their tables, comments once moderated, the
comparison with the previous run, the PDF summary; and the moderation of comments."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import pseudonyms
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.views.form_pages import post_action

from .. import permissions, report
from ..forms import ModerationForm
from ..models import Answer, Survey
from ..selectors import surveys as selectors
from ..selectors.results import comments_for, results_for
from ..services import moderation as moderation_services
from ..services import surveys as survey_services


def _results_survey(request, pk: int) -> Survey:
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_results(request.user, survey))
    return survey


def survey_results(request, pk: int):
    survey = _results_survey(request, pk)
    manages = permissions.can_manage_surveys(request.user)
    results = results_for(survey)
    return render(
        request,
        "engagement/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "can_manage": manages,
            "can_release": manages and survey.status == Survey.Status.CLOSED and survey.results_released_at is None,
            "can_moderate": permissions.can_moderate(request.user, survey),
            "previous_visible": results.previous is not None
            and permissions.can_view_results(request.user, results.previous),
        },
    )


def survey_comments(request, pk: int, question_pk: int):
    survey = _results_survey(request, pk)
    question = selectors.question_get(survey, question_pk)
    if not question.is_text:
        raise Http404("Not a free-text question")
    return render(
        request,
        "engagement/survey_comments.html",
        {"survey": survey, "question": question, "page": paginate(request, comments_for(question), per_page=50)},
    )


def survey_pdf(request, pk: int):
    survey = _results_survey(request, pk)
    response = HttpResponse(report.render_results_pdf(survey), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="survey-results-{survey.pk}.pdf"'
    return response


@require_POST
def survey_release(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    return post_action(
        request,
        lambda: survey_services.results_release(acting_user=request.user, survey=survey),
        success="Results shared with everyone in the partnership",
        next_url=reverse("engagement:survey-results", args=[survey.pk]),
    )


# Moderation -------------------------------------------------------------------------------------------


def _moderating(request, pk: int) -> Survey:
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_moderate(request.user, survey))
    return survey


def _card(answer: Answer, form=None) -> dict:
    return {
        "answer": answer,
        "pieces": pseudonyms.marked_up(answer.text),
        "flagged": bool(pseudonyms.possible_identifiers(answer.text)),
        "form": form
        or ModerationForm(
            initial={"decision": "approve", "text": pseudonyms.suggest_removals(answer.text)},
            prefix=f"a{answer.pk.hex[:8]}",
        ),
    }


def moderation(request, pk: int):
    """The comments waiting, ten to a page, each with what may identify someone marked and a
    suggested wording with it removed."""
    survey = _moderating(request, pk)
    waiting = selectors.awaiting_moderation(survey)
    page = paginate(request, waiting, per_page=10)
    clear = sum(1 for text in waiting.values_list("text", flat=True) if not pseudonyms.possible_identifiers(text))
    return render(
        request,
        "engagement/moderation.html",
        {"survey": survey, "page": page, "cards": [_card(a) for a in page.object_list], "clear": clear},
    )


@require_http_methods(["GET", "POST"])
def answer_moderate(request, pk: int, answer_pk: str):
    survey = _moderating(request, pk)
    answer = selectors.awaiting_moderation(survey).filter(pk=_uuid(answer_pk)).first()
    if answer is None:
        messages.info(request, "That comment has been moderated already")
        return redirect("engagement:moderation", survey.pk)
    form = ModerationForm(request.POST or None, prefix=f"a{answer.pk.hex[:8]}")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moderation_services.answer_moderate(
                acting_user=request.user,
                answer=answer,
                approve=data["decision"] == "approve",
                text=data.get("text") or "",
                reason=data.get("reason") or "",
                confirmed=bool(data.get("confirmed")),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Comment approved" if data["decision"] == "approve" else "Comment withheld")
            return redirect("engagement:moderation", survey.pk)
    return render(request, "engagement/moderation_one.html", {"survey": survey, "card": _card(answer, form)})


def _uuid(value: str):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such comment") from None


@require_http_methods(["GET", "POST"])
def moderation_approve_clear(request, pk: int):
    survey = _moderating(request, pk)
    if request.method == "POST":
        try:
            count = moderation_services.approve_clear_comments(acting_user=request.user, survey=survey)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{count} comment{'s' if count != 1 else ''} approved as written")
        return redirect("engagement:moderation", survey.pk)
    waiting = selectors.awaiting_moderation(survey).values_list("text", flat=True)
    clear = [text for text in waiting if not pseudonyms.possible_identifiers(text)]
    return render(
        request,
        "engagement/confirm.html",
        {
            "page_title": f"Approve {len(clear)} comment{'s' if len(clear) != 1 else ''} as written?",
            "caption": str(survey),
            "body": "Nothing in these comments looks like a name or a date. Read them first: once approved, "
            "everyone who can see the results reads them.",
            "items": clear[:200],
            "submit": "Approve them",
            "back_url": reverse("engagement:moderation", args=[survey.pk]),
        },
    )
