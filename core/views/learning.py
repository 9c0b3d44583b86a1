"""Marking learning (a learning theme, a review's finding) as "training to change", and taking
a mark back. Which records can be marked, and by whom, is what their app registered with
core.learning."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from .. import learning, selectors
from ..forms.learning import LearningMarkForm
from ..models.learning import LearningToChange
from ..services import DomainError, refuse_unless
from .form_pages import AuthenticatedHttpRequest, form_response


@require_http_methods(["GET", "POST"])
def learning_mark(request: AuthenticatedHttpRequest, source: str, pk: int, change: str) -> HttpResponse:
    registered = learning.source(source)
    if change not in LearningToChange.Change.values:
        raise Http404("No such change")
    subject = selectors.learning_subject_get_for_user(request.user, registered, pk)
    refuse_unless(registered.can_mark(request.user, subject))
    label = LearningToChange.Change(change).label
    return form_response(
        request,
        LearningMarkForm(request.POST or None),
        template="core/learning/mark.html",
        context={"description": registered.describe(subject), "back_url": registered.url(subject), "label": label},
        on_valid=lambda data: learning.learning_mark(
            acting_user=request.user, subject=subject, change=change, note=data["note"]
        ),
        success=f"Marked “{label.lower()}”: the business unit is told",
        next_url=registered.url(subject),
    )


@require_POST
def learning_unmark(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseRedirect:
    mark = selectors.learning_mark_get(pk)
    shown = learning.marked([mark], user=request.user)
    if not shown:
        raise Http404("No such mark")
    item = shown[0]
    subject = item.mark.subject  # marked() left out any mark whose learning is gone
    if subject is None or not item.source.can_open(request.user):
        raise Http404("No such mark")
    refuse_unless(item.source.can_mark(request.user, subject))
    try:
        learning.learning_unmark(acting_user=request.user, mark=mark)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Mark taken back")
    return redirect(item.source.url(subject))
