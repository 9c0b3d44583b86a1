"""A person's evaluation after a session, the follow-up three months later, and their
certificate of attendance."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.bookings import EvaluationForm, FollowUpForm
from ..pdfs import render_certificate
from ..selectors import programme as selectors
from ..services import feedback as services


def _own(request, pk: int):
    booking = selectors.booking_get_for_user(request.user, pk)
    # The business unit may see the booking, not answer for the person.
    refuse_unless(permissions.is_own(request.user, booking))
    return booking


@require_http_methods(["GET", "POST"])
def evaluation(request, pk: int):
    booking = _own(request, pk)
    if booking.has_evaluation:
        messages.info(request, "You have already evaluated this session: thank you")
        return redirect(booking)
    if not booking.is_open_for_evaluation:
        raise Http404("This session cannot be evaluated")
    return form_page(
        request,
        EvaluationForm(request.POST or None),
        title="Evaluate the session",
        caption=str(booking.session),
        intro="Two minutes: what you tell us shapes the programme. The trainers see the answers without your name.",
        submit="Send my evaluation",
        back_url=booking.get_absolute_url(),
        on_valid=lambda data: services.evaluation_submit(acting_user=request.user, booking=booking, **data),
        success="Thank you: your evaluation is sent",
        next_url=booking,
    )


@require_http_methods(["GET", "POST"])
def follow_up(request, pk: int):
    booking = _own(request, pk)
    if booking.has_follow_up:
        messages.info(request, "You have already answered the follow-up for this session: thank you")
        return redirect(booking)
    if not booking.is_open_for_follow_up:
        raise Http404("The follow-up is not open for this session")
    return form_page(
        request,
        FollowUpForm(request.POST or None),
        title="Three months on: what changed?",
        caption=str(booking.session),
        intro="This shows the partnership whether its training changes practice for children and families.",
        submit="Send my answer",
        back_url=booking.get_absolute_url(),
        on_valid=lambda data: services.follow_up_submit(acting_user=request.user, booking=booking, **data),
        success="Thank you: your answer is sent",
        next_url=booking,
    )


def certificate(request, pk: int):
    booking = selectors.booking_get_for_user(request.user, pk)
    if not booking.attended:
        raise Http404("A certificate is for a session attended")
    refuse_unless(permissions.is_own(request.user, booking) or permissions.manages_training(request.user))
    response = HttpResponse(render_certificate(booking), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{booking.certificate_number}.pdf"'
    return response
