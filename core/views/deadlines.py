from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import calendar, links, permissions, selectors
from ..forms.clock import DeadlineFilterForm, DeadlineMoveForm, DeadlineReasonForm, OptionalReasonForm
from ..history import history_entries
from ..models import Deadline
from ..pagination import paginate
from ..roles import has_any_role
from ..services import DomainError, refuse_unless
from ..services import deadlines as services
from .form_pages import AuthenticatedHttpRequest

if TYPE_CHECKING:
    from partnership.models import User


def deadline_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    refuse_unless(has_any_role(request.user))
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    form = DeadlineFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisation = request.GET.get("organisation", "")
    if organisation.isdigit():
        filters = {**filters, "organisation": int(organisation)}
    today = calendar.today()
    deadlines = selectors.deadline_list_for_user(request.user, filters, scope=scope, today=today)
    page = paginate(request, deadlines)
    selectors.with_state(page.object_list, today)
    return render(
        request,
        "core/deadline_list.html",
        {
            "page": page,
            "form": form,
            "scope": scope,
            "can_view_all": permissions.can_view_all_deadlines(request.user),
            "organisation_filter": filters.get("organisation"),
        },
    )


def deadline_overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = calendar.today()
    rows = selectors.overdue_by_organisation(request.user, today)
    return render(
        request, "core/deadline_overdue.html", {"rows": rows, "today": today, "total": sum(r.count for r in rows)}
    )


def deadline_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    refuse_unless(has_any_role(request.user))
    today = calendar.today()
    year, month = today.year, today.month
    wanted = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in wanted.split("-"))
        date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    if not 2000 <= year <= 2100:
        year, month = today.year, today.month
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return render(
        request,
        "core/deadline_calendar.html",
        {
            "weeks": selectors.month_of_deadlines(request.user, year, month, today),
            "month": date(year, month, 1),
            "previous": previous,
            "following": following,
        },
    )


def deadline_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get_for_user(request.user, pk)
    today = calendar.today()
    selectors.with_state([deadline], today)
    subject = deadline.subject
    return render(
        request,
        "core/deadline_detail.html",
        {
            "deadline": deadline,
            # Only a record the reader may open (a case on someone else's panel is not linked).
            "subject_url": links.url_for(request.user, subject),
            "entries": history_entries(deadline),
            "can_manage": permissions.can_manage_deadlines(request.user),
        },
    )


ACTIONS: dict[str, tuple[type[forms.Form], str, str]] = {
    "move": (DeadlineMoveForm, "Move the deadline", "Move deadline"),
    "pause": (DeadlineReasonForm, "Pause the deadline", "Pause deadline"),
    "resume": (OptionalReasonForm, "Resume the deadline", "Resume deadline"),
    "cancel": (DeadlineReasonForm, "Cancel the deadline", "Cancel deadline"),
    "meet": (OptionalReasonForm, "Mark the deadline as met", "Mark as met"),
    "recalculate": (DeadlineReasonForm, "Recalculate under the current rule", "Recalculate"),
}


@require_http_methods(["GET", "POST"])
def deadline_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    deadline = selectors.deadline_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_deadlines(request.user))
    form_class, title, button = ACTIONS[action]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _apply(action, deadline, request.user, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{title.split(' ')[0]}: done. {deadline.title}")
            return redirect(deadline)
    return render(
        request, "core/deadline_action.html", {"form": form, "deadline": deadline, "title": title, "button": button}
    )


def _apply(action: str, deadline: Deadline, user: User, data: dict[str, Any]) -> None:
    reason = data.get("reason", "")
    if action == "move":
        services.deadline_move(deadline=deadline, due_date=data["due_date"], acting_user=user, reason=reason)
    elif action == "pause":
        services.deadline_pause(deadline=deadline, acting_user=user, reason=reason)
    elif action == "resume":
        services.deadline_resume(deadline=deadline, acting_user=user, reason=reason)
    elif action == "cancel":
        services.deadline_cancel(deadline=deadline, acting_user=user, reason=reason)
    elif action == "meet":
        services.deadline_meet(deadline=deadline, acting_user=user, reason=reason or "Marked as met")
    else:
        services.deadline_recalculate(deadline=deadline, acting_user=user, reason=reason)
