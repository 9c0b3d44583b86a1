"""Thin views: selector, form, one service, message, redirect. Every page that shows a
restricted record writes a row to the access log as it is shown (core.access_log.log_view;
read-only pages are core.access_log.restricted_read)."""

from core.access_log import access_log_url
from core.views.helpers import form_response

from .. import permissions


def log_link(user, record) -> str:
    """The business unit's link to the record's access log, or nothing."""
    return access_log_url(record) if permissions.can_view_access_log(user) else ""


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
    template: str = "reviews/form.html",
    **extra,
):
    """A one-form page in the shared template, run through core's form_response."""
    return form_response(
        request,
        form,
        template=template,
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
