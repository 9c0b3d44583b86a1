"""The steps every form view shares: validate, call one service, show a domain
refusal on the form, or redirect with a message (POST/redirect/GET)."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .. import pickers
from ..services import DomainError, validation_messages

Saved = TypeVar("Saved")  # what the service returns: the success message and next address are built from it


def form_response(
    request,
    form,
    *,
    template: str,
    context: dict,
    on_valid: Callable[[dict], Saved],
    success: Callable[[Saved], str] | str,
    next_url: Callable[[Saved], object] | object,
    error_field: str | None = None,
):
    """Render `template` with the form, or on a valid POST run `on_valid(cleaned_data)` and
    redirect to `next_url` with the `success` message. A DomainError (against `error_field`, if
    the refusal is about one field) or a model ValidationError from the service is shown on the
    form and nothing is lost."""
    if pickers.is_search(request):
        # A picker's "Search" button: show the form again as typed, options narrowed.
        pickers.narrow_form(form, request.POST)
        return render(request, template, {**context, "form": form})
    if request.method == "POST" and form.is_valid():
        try:
            result = on_valid(form.cleaned_data)
        except DomainError as error:
            form.add_error(error_field, str(error))
        except ValidationError as error:
            for message in validation_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {**context, "form": form})


def form_page(
    request,
    form,
    *,
    title: str,
    back_url: str,
    on_valid: Callable[[dict], Saved],
    success: Callable[[Saved], str] | str,
    next_url: Callable[[Saved], object] | object,
    caption: str = "",
    intro: str = "",
    warning: str = "",
    submit: str = "Save",
    template: str = "core/form.html",
    **extra,
):
    """A one-form page: core/form.html (or a template extending it) run through form_response.
    `extra` reaches the template as it is (inset, danger, before_form, no_choices, ...)."""
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


def post_action(request, action: Callable[[], object], *, success: str, next_url):
    """A button that changes state: run the service, say what happened or why not, redirect."""
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(next_url)
