from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access_log import access_log_for, is_restricted
from ..pagination import paginate
from ..roles import Role, has_role


@require_safe
def access_log(request, app_label: str, model: str, pk: int):
    """Who has viewed one restricted record, newest first: for the business unit. Anyone else
    gets the same "not found" whether the record exists or not, so the page cannot be used to
    learn which records exist."""
    if not has_role(request.user, Role.BUSINESS_UNIT):
        raise Http404("No such record")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = content_type.model_class() if content_type else None
    if model_class is None or not is_restricted(model_class):
        raise Http404("No such record")
    subject = model_class._base_manager.filter(pk=pk).first()
    if subject is None:
        raise Http404("No such record")
    return render(
        request,
        "core/access_log.html",
        {"subject": subject, "page": paginate(request, access_log_for(subject), per_page=50)},
    )
