"""What the assurance views share: the one-form page and the link to a restricted record's access
log (writing it is core.access_log.log_view)."""

from django.core.exceptions import PermissionDenied

from core.access_log import access_log_url
from core.views.helpers import form_response

from .. import permissions

FORM_TEMPLATE = "scrutiny/assurance_form.html"


def form_page(
    request,
    form,
    *,
    title: str,
    back_url: str,
    on_valid,
    success,
    next_url,
    caption: str = "",
    intro: str = "",
    warning: str = "",
    submit: str = "Save",
    **extra,
):
    """A one-form page in the shared template, run through core's form_response."""
    return form_response(
        request,
        form,
        template=FORM_TEMPLATE,
        context={
            "page_title": title,
            "back_url": back_url,
            "caption": caption,
            "intro": intro,
            "warning": warning,
            "submit": submit,
            **extra,
        },
        on_valid=on_valid,
        success=success,
        next_url=next_url,
    )


def refuse_unless(allowed: bool) -> None:
    """403: the person may see the record but not do this."""
    if not allowed:
        raise PermissionDenied


def log_link(user, record) -> str:
    return access_log_url(record) if permissions.can_view_access_log(user) else ""
