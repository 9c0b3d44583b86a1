from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors
from ..access_log import access_log_for
from ..pagination import paginate
from ..roles import Role, has_role
from .form_pages import AuthenticatedHttpRequest


@require_safe
def access_log(request: AuthenticatedHttpRequest, app_label: str, model: str, pk: int) -> HttpResponse:
    """Who has viewed one restricted record, newest first: for the business unit. Anyone else
    gets the same "not found" whether the record exists or not, so the page cannot be used to
    learn which records exist."""
    if not has_role(request.user, Role.BUSINESS_UNIT):
        raise Http404("No such record")
    subject = selectors.restricted_record_get(app_label, model, pk)
    return render(
        request,
        "core/access_log.html",
        {"subject": subject, "page": paginate(request, access_log_for(subject), per_page=50)},
    )
