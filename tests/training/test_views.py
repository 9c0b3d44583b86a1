"""The pages' wiring: status, redirect, message, what is shown to whom, and forms that refuse
bad input clearly and keep what was typed."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import form_errors, post_edit
from training.models import Booking, Course, Evaluation, Session
from training.services import courses as course_services

from .builders import make_booking, make_course, make_session, move_session

pytestmark = pytest.mark.django_db


def test_the_public_catalogue_shows_published_courses_and_upcoming_sessions_only(client, business, session):
    draft = make_course(business, title="A draft nobody should see", publish=False)
    make_session(business, draft)
    held = make_session(business, session.course, day=timezone.localdate() - timedelta(days=3), past=True)
    cancelled = make_session(business, session.course, day=timezone.localdate() + timedelta(days=20))
    course_services.session_cancel(acting_user=business, session=cancelled, reason="Trainer unwell")
    page = client.get(reverse("training:catalogue")).content.decode()
    assert session.course.title in page
    assert draft.title not in page
    detail = client.get(session.course.get_public_url()).content.decode()
    assert f"{session.date:%A %-d %B %Y}" in detail
    assert f"{held.date:%A %-d %B %Y}" not in detail
    assert f"{cancelled.date:%A %-d %B %Y}" not in detail
    assert client.get(reverse("training:catalogue-course", args=[draft.slug])).status_code == 404


def test_booking_from_the_session_page_and_the_calendar_file(client, practitioner, session):
    client.force_login(practitioner)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Book a place" in page
    response = client.post(reverse("training:session-book", args=[session.pk]), follow=True)
    booking = Booking.objects.get(person=practitioner)
    assert response.redirect_chain[-1][0] == booking.get_absolute_url()
    assert "Your place is booked" in response.content.decode()
    ics = client.get(reverse("training:booking-calendar", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "SUMMARY:Training: Working together" in body
    assert f"DTSTART:{session.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in body
    assert f"training-booking-{booking.pk}@" in body


def test_a_practitioner_sees_their_own_bookings_only(client, practitioner, agency_lead, session):
    theirs = make_booking(agency_lead, session)
    client.force_login(practitioner)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("training:booking-cancel", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("training:session-bookings", args=[session.pk])).status_code == 404


def test_cancelling_asks_the_business_unit_for_a_reason_and_keeps_nothing_half_done(
    client, business, practitioner, session
):
    booking = make_booking(practitioner, session)
    client.force_login(business)
    url = reverse("training:booking-cancel", args=[booking.pk])
    response = client.post(url, {"reason": ""})
    assert form_errors(response) == {"reason": ["Enter the reason for cancelling the place"]}
    booking.refresh_from_db()
    assert booking.is_live
    response = client.post(url, {"reason": "Wrong course"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_the_trainer_records_attendance_in_one_form(client, member, practitioner, agency_lead, session):
    first, second = make_booking(practitioner, session), make_booking(agency_lead, session)
    move_session(session, timezone.localdate() - timedelta(days=1))
    client.force_login(member)
    url = reverse("training:session-attendance", args=[session.pk])
    response = client.post(url, {f"booking_{first.pk}": "attended"})
    assert form_errors(response) == {f"booking_{second.pk}": ["Select whether Alex Lead attended"]}
    response = client.post(url, {f"booking_{first.pk}": "attended", f"booking_{second.pk}": "absent"})
    assert response.status_code == 302
    assert list(session.bookings.order_by("pk").values_list("attendance", flat=True)) == ["attended", "absent"]


def test_the_register_and_the_certificate_are_pdfs(client, business, member, practitioner, session):
    booking = make_booking(practitioner, session)
    client.force_login(member)
    register = client.get(reverse("training:session-register", args=[session.pk]))
    assert register["Content-Type"] == "application/pdf"
    assert register.content.startswith(b"%PDF")
    client.force_login(practitioner)
    assert client.get(reverse("training:booking-certificate", args=[booking.pk])).status_code == 404
    Booking.objects.filter(pk=booking.pk).update(attendance=Booking.Attendance.ATTENDED)
    certificate = client.get(reverse("training:booking-certificate", args=[booking.pk]))
    assert certificate.content.startswith(b"%PDF")


def test_the_evaluation_form_refuses_a_missing_answer_and_keeps_the_rest(client, practitioner, session):
    booking = make_booking(practitioner, session)
    move_session(session, timezone.localdate() - timedelta(days=1))
    client.force_login(practitioner)
    url = reverse("training:evaluation", args=[booking.pk])
    response = client.post(url, {"confidence_before": "2", "confidence_after": "9", "will_do_differently": "Listen"})
    assert form_errors(response) == {
        "confidence_after": ["Select how confident you feel after the session"],
        "usefulness": ["Select how useful the session was"],
    }
    assert "Listen" in response.content.decode()
    response = client.post(
        url, {"confidence_before": "2", "confidence_after": "4", "usefulness": "5", "will_do_differently": "Listen"}
    )
    assert response.status_code == 302
    assert Evaluation.objects.get().booking == booking
    assert client.get(url).status_code == 302  # answered: back to the booking with a thank-you


def test_adding_a_session_refuses_bad_times_and_an_empty_place(client, business, course):
    client.force_login(business)
    url = reverse("training:session-create", args=[course.pk])
    day = timezone.localdate() + timedelta(days=5)
    data = {
        "date_0": day.day,
        "date_1": day.month,
        "date_2": day.year,
        "start_time": "14:00",
        "end_time": "9am",
        "venue": "",
        "capacity": "0",
    }
    errors = form_errors(client.post(url, data))
    assert errors["end_time"] == ["Enter a time like 09:30 or 14:00"]
    assert errors["capacity"] == ["A session needs at least 1 place"]
    data.update(end_time="13:00", capacity="12")
    errors = form_errors(client.post(url, data))
    assert errors["end_time"] == ["The end time must be after the start time"]
    assert errors["venue"] == ["Enter the venue, or an online joining link"]
    data.update(end_time="16:00", venue="Town Hall")
    assert client.post(url, data).status_code == 302
    assert Session.objects.get(course=course).capacity == 12


def test_editing_a_course_that_someone_else_changed_is_refused_and_loses_nothing(client, business, course):
    client.force_login(business)
    url = reverse("training:course-edit", args=[course.pk])
    opened = client.get(url).context["form"].initial["_snapshot"]
    Course.objects.filter(pk=course.pk).update(summary="Changed by a colleague")
    data = {"title": course.title, "kind": "course", "level": "2", "summary": "Mine", "_snapshot": opened}
    response = client.post(url, data)
    assert "Someone else saved changes" in response.content.decode()
    assert "Mine" in response.content.decode()
    assert post_edit(client, url, {**data, "summary": "Mine"}).status_code == 302


def test_a_practitioners_home_shows_their_training_and_nothing_of_the_partnership(client, practitioner, session):
    make_booking(practitioner, session)
    client.force_login(practitioner)
    home = client.get(reverse("core:home")).content.decode()
    assert "Your training" in home
    assert "You in the partnership" not in home
    sections = client.get(reverse("core:home")).context["navigation"]
    assert [section["label"] for section in sections] == ["My work", "Training"]
    assert [item["label"] for item in sections[0]["items"]] == ["My work", "Inbox"]


def test_the_business_unit_home_lists_sessions_needing_attention(client, business, session, practitioner):
    make_booking(practitioner, session)
    move_session(session, timezone.localdate() - timedelta(days=2))
    client.force_login(business)
    home = client.get(reverse("core:home")).content.decode()
    assert "1</span> session with attendance not recorded" in home
    assert "/training/sessions/?show=to_mark" in home
