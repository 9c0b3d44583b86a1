"""The steps every form view shares: validate, call one service, show a domain
refusal on the form, or redirect with a message (POST/redirect/GET)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from .. import pickers
from ..services import DomainError, validation_messages

if TYPE_CHECKING:
    from partnership.models import User

Saved = TypeVar("Saved")  # what the service returns: the success message and next address are built from it


class AuthenticatedHttpRequest(HttpRequest):
    """The request as a view sees it unless marked `login_not_required`: Django's
    LoginRequiredMiddleware (config/settings) has already sent anyone not signed in to sign in,
    so the user is a person, never AnonymousUser. For annotations only: the request is an
    ordinary HttpRequest."""

    user: User


class HasAbsoluteUrl(Protocol):
    def get_absolute_url(self) -> str: ...


# Where to go after a change: a URL, a URL name, or a record (its get_absolute_url).
Destination: TypeAlias = "str | HasAbsoluteUrl"


def form_response(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    template: str,
    context: dict[str, Any],
    on_valid: Callable[[dict[str, Any]], Saved],
    success: Callable[[Saved], str] | str,
    next_url: Callable[[Saved], Destination] | Destination,
    error_field: str | None = None,
) -> HttpResponse:
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
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    back_url: str,
    on_valid: Callable[[dict[str, Any]], Saved],
    success: Callable[[Saved], str] | str,
    next_url: Callable[[Saved], Destination] | Destination,
    caption: str = "",
    intro: str = "",
    warning: str = "",
    submit: str = "Save",
    template: str = "core/form.html",
    **extra: Any,
) -> HttpResponse:
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


def post_action(
    request: HttpRequest, action: Callable[[], object], *, success: str, next_url: Destination
) -> HttpResponseRedirect:
    """A button that changes state: run the service, say what happened or why not, redirect."""
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(next_url)
