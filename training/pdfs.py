"""The training programme's printed documents, through core.pdf: a person's certificate of
attendance and a session's register to take into the room."""

from core.pdf import render_pdf
from partnership.models import PartnershipDetails

from .models import Booking, Session
from .selectors import management


def render_certificate(booking: Booking) -> bytes:
    session = booking.session
    return render_pdf(
        "training/pdf/certificate.html",
        {
            "booking": booking,
            "session": session,
            "course": session.course,
            "trainers": list(session.trainers.select_related("person", "organisation")),
            "details": PartnershipDetails.load(),
        },
    )


def render_register(session: Session) -> bytes:
    """Every confirmed place with a column to sign and one to tick (no network needed in the
    room); attendance is then entered in the bulk form."""
    return render_pdf(
        "training/pdf/register.html",
        {
            "session": session,
            "course": session.course,
            "bookings": management.session_register(session),
            "trainers": management.session_trainers(session),
            "details": PartnershipDetails.load(),
        },
    )
