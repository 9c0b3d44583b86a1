"""Thin views: selector, form, one service, message, redirect."""

from core.views.helpers import form_response


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
    template: str = "engagement/form.html",
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
