"""Running a session: the list of sessions, changing or cancelling one, its bookings and
waiting list, the printable register, and marking attendance."""

import copy

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms.reason import ReasonForm
from core.history import render_history
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.bookings import AttendanceForm
from ..forms.courses import SessionForm
from ..pdfs import render_register
from ..selectors import management as selectors
from ..services import attendance as attendance_services
from ..services import courses as services
from . import choice

SHOWS = {
    "upcoming": "Upcoming",
    "to_mark": "Attendance to record",
    "past": "Past",
    "cancelled": "Cancelled",
}


def session_list(request):
    show = choice(request, "show", SHOWS, "upcoming")
    return render(
        request,
        "training/session_list.html",
        {
            "page": paginate(request, selectors.session_list_for_user(request.user, show=show)),
            "show": show,
            "shows": SHOWS,
            "all_sessions": permissions.reads_training(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    session = selectors.session_get_for_manager(request.user, pk)
    refuse_unless(permissions.manages_training(request.user) and not session.is_cancelled)
    return form_page(
        request,
        SessionForm(request.POST or None, instance=copy.copy(session), course=session.course),
        title="Change the session",
        caption=str(session),
        intro="Everyone booked is told if the date, times or place change, and their calendar file is updated. "
        "More places go to the waiting list at once.",
        back_url=session.get_absolute_url(),
        on_valid=lambda data: services.session_save(
            acting_user=request.user, course=session.course, session=session, **data
        ),
        success="Session saved",
        next_url=session,
    )


@require_http_methods(["GET", "POST"])
def session_cancel(request, pk: int):
    session = selectors.session_get_for_manager(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    live = session.confirmed_count + session.waiting_count
    return form_page(
        request,
        ReasonForm(
            request.POST or None,
            label="Why is the session cancelled?",
            required_message="Enter the reason for cancelling the session",
            hint="Everyone booked is told, with this reason",
        ),
        title="Cancel the session",
        caption=str(session),
        warning=f"This cancels {live} booking{'s' if live != 1 else ''} (places and the waiting list). "
        "It cannot be undone.",
        submit="Cancel the session",
        back_url=session.get_absolute_url(),
        on_valid=lambda data: services.session_cancel(acting_user=request.user, session=session, reason=data["reason"]),
        success="The session is cancelled and everyone booked is told",
        next_url=session.course.get_absolute_url(),
        danger=True,
    )


def session_history(request, pk: int):
    session = selectors.session_get_for_manager(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return render_history(
        request, session, title=f"History of the session {session}", back_url=session.get_absolute_url()
    )


def session_bookings(request, pk: int):
    session = selectors.session_get_for_manager(request.user, pk)
    return render(
        request,
        "training/session_bookings.html",
        {
            "session": session,
            "page": paginate(request, selectors.session_bookings(session), per_page=50),
            "can_manage": permissions.manages_training(request.user),
            "can_mark": permissions.can_mark_attendance(request.user, session) and session.has_started(),
        },
    )


def session_register(request, pk: int):
    """The register to print and take into the room (training.pdfs.render_register)."""
    session = selectors.session_get_for_manager(request.user, pk)
    refuse_unless(permissions.can_view_register(request.user, session))
    response = HttpResponse(render_register(session), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="register-{session.date:%Y-%m-%d}-{session.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def session_attendance(request, pk: int):
    session = selectors.session_get_for_manager(request.user, pk)
    refuse_unless(permissions.can_mark_attendance(request.user, session))
    bookings = selectors.session_register(session)
    form = AttendanceForm(request.POST or None, bookings=bookings)
    if request.method == "POST" and form.is_valid():
        try:
            changed = attendance_services.attendance_record(
                acting_user=request.user, session=session, marks=form.marks()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Attendance recorded ({changed} change{'s' if changed != 1 else ''})")
            return redirect(session)
    return render(
        request,
        "training/session_attendance.html",
        {"session": session, "form": form, "bookings": bookings, "started": session.has_started()},
    )
