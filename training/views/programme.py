"""The signed-in programme, a session's page, booking, and each person's own bookings."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import ics
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.bookings import CancelBookingForm
from ..models import Booking, Level
from ..selectors import programme as selectors
from ..services import bookings as services
from . import choice


def programme(request):
    refuse_unless(permissions.can_use_training(request.user))
    level = choice(request, "level", Level.values)
    query = request.GET.get("q", "").strip()[:100]
    user = request.user
    return render(
        request,
        "training/programme.html",
        {
            "page": paginate(request, selectors.programme_for_user(user, level=level, query=query)),
            "level": level,
            "query": query,
            "levels": Level.choices,
            "can_book": permissions.can_book(user),
            "can_view_courses": permissions.can_view_courses(user),
            "can_view_sessions": permissions.can_view_session_list(user),
            "can_view_pool": permissions.can_view_pool(user),
            "can_view_needs": permissions.can_view_needs_area(user),
            "can_manage": permissions.manages_training(user),
        },
    )


def session_detail(request, pk: int):
    session = selectors.session_get_for_user(request.user, pk)
    user = request.user
    booking = selectors.own_booking(user, session)
    bookable = (
        permissions.can_book(user)
        and booking is None
        and not session.is_cancelled
        and session.course.is_published
        and not session.has_started()
    )
    manages = permissions.manages_training(user)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "trainers": list(session.trainers.select_related("person", "organisation")),
            "booking": booking,
            "waiting_position": selectors.waiting_position(booking) if booking else None,
            "can_book": bookable,
            "is_full": session.confirmed_count >= session.capacity,
            "show_places": True,
            "can_view_bookings": permissions.reads_training(user) or permissions.trains(user, session),
            "can_mark": permissions.can_mark_attendance(user, session) and session.has_started(),
            "can_manage": manages and not session.is_cancelled,
            "can_cancel": manages and not session.is_cancelled and not session.has_ended(),
            "can_view_course": permissions.can_view_courses(user),
            "can_view_history": manages,
            # The online link is for people with a place (and the people running the session).
            "show_link": (booking is not None and booking.status == Booking.Status.CONFIRMED)
            or permissions.reads_training(user)
            or permissions.trains(user, session),
        },
    )


@require_POST
def session_book(request, pk: int):
    session = selectors.session_get_for_user(request.user, pk)
    refuse_unless(permissions.can_book(request.user))
    try:
        booking = services.booking_create(acting_user=request.user, session=session)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(session)
    if booking.status == Booking.Status.CONFIRMED:
        messages.success(request, "Your place is booked")
    else:
        messages.success(
            request, "The session is full: you are on the waiting list, and a place that comes free is yours"
        )
    return redirect(booking)


def my_bookings(request):
    refuse_unless(permissions.can_book(request.user))
    period = choice(request, "show", ("upcoming", "past", "cancelled"), "upcoming")
    page = paginate(request, selectors.my_bookings(request.user, period=period))
    for booking in page.object_list:
        booking.evaluation_open = not booking.has_evaluation and booking.is_open_for_evaluation
        booking.follow_up_open = not booking.has_follow_up and booking.is_open_for_follow_up
    return render(
        request,
        "training/my_bookings.html",
        {"page": page, "period": period, "feedback": selectors.feedback_waiting(request.user)},
    )


def booking_detail(request, pk: int):
    booking = selectors.booking_get_for_user(request.user, pk)
    user = request.user
    own = permissions.is_own(user, booking)
    session = booking.session
    confirmed = booking.status == Booking.Status.CONFIRMED
    return render(
        request,
        "training/booking_detail.html",
        {
            "booking": booking,
            "session": session,
            "own": own,
            "waiting_position": selectors.waiting_position(booking),
            "can_cancel": permissions.can_cancel_booking(user, booking) and not session.has_started(),
            "can_download_calendar": own and confirmed and not session.is_cancelled and not session.has_ended(),
            "can_evaluate": own and not booking.has_evaluation and booking.is_open_for_evaluation,
            "can_follow_up": own and not booking.has_follow_up and booking.is_open_for_follow_up,
            "can_download_certificate": (own or permissions.manages_training(user)) and booking.attended,
            "show_link": confirmed and not session.is_cancelled,
            "messages_sent": selectors.messages_sent(booking),
        },
    )


@require_http_methods(["GET", "POST"])
def booking_cancel(request, pk: int):
    booking = selectors.booking_get_for_user(request.user, pk)
    refuse_unless(permissions.can_cancel_booking(request.user, booking))
    someone_else = not permissions.is_own(request.user, booking)
    what = "place" if booking.status == Booking.Status.CONFIRMED else "waiting-list place"
    return form_page(
        request,
        CancelBookingForm(request.POST or None, for_someone_else=someone_else),
        title=f"Cancel {'this' if someone_else else 'your'} {what}",
        caption=str(booking.session),
        intro=(f"{booking.person} will be told. " if someone_else else "")
        + ("The place goes to the first person on the waiting list." if what == "place" else ""),
        submit=f"Cancel the {what}",
        back_url=booking.get_absolute_url(),
        on_valid=lambda data: services.booking_cancel(acting_user=request.user, booking=booking, reason=data["reason"]),
        success=f"The {what} is cancelled",
        next_url=booking,
        danger=True,
    )


def booking_calendar(request, pk: int):
    """The booking as a calendar file (for Outlook and the rest): one event, with a SEQUENCE
    that rises when the session moves so the calendar updates it."""
    booking = selectors.booking_get_for_user(request.user, pk)
    session = booking.session
    if not permissions.is_own(request.user, booking) or booking.status != Booking.Status.CONFIRMED:
        raise Http404("No calendar file for this booking")
    if session.is_cancelled:
        raise Http404("The session is cancelled")
    event = ics.Event(
        uid=f"training-booking-{booking.pk}@{settings.PORTAL_BASE_URL.split('://')[-1].split('/')[0]}",
        summary=f"Training: {session.course}",
        start=session.starts_at,
        end=session.ends_at,
        description="\n".join(
            part for part in (session.course.summary, session.joining_instructions, session.online_link) if part
        ),
        url=settings.PORTAL_BASE_URL + booking.get_absolute_url(),
        location=session.venue or session.online_link,
        sequence=session.sequence,
    )
    response = HttpResponse(ics.build([event], name=str(session.course)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{session.date:%Y-%m-%d}.ics"'
    return response
