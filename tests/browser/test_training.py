"""A practitioner from the review's learning to changed practice: registering with a work email,
booking, being reminded, attending (marked by the trainer), evaluating, answering the 3-month
follow-up, and the business unit seeing it in the course's results, the agency's needs against
attendance and the scorecard. Time passes by moving the session's date."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from scrutiny.periods import Quarter
from scrutiny.services import scorecard as scorecard_services
from tests.training.builders import make_course, make_session, make_trainer, move_session
from training import figures
from training.models import Booking, Evaluation, FollowUp
from training.services.needs import needs_record
from training.tasks import sweep_training_messages
from training.years import year_of

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long and unusual passphrase 42"


def _sign_out(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def _sign_in(page, live_server, email, password) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def _error(page, text: str) -> None:
    expect(page.locator(".govuk-error-summary")).to_contain_text(text)


def test_a_practitioner_from_registration_to_changed_practice(
    page, live_server, sign_in, business, member, agency, council
):
    course = make_course(business, title="Neglect: using the graded care profile", level="3")
    trainer = make_trainer(business, member, council, courses=[course])
    session = make_session(business, course, day=timezone.localdate() + timedelta(days=1), trainers=[trainer])
    # The session ends up 95 days back: the needs analysis is for that training year.
    training_year = year_of(timezone.localdate() - timedelta(days=95))
    needs_record(acting_user=business, organisation=agency, year=training_year, staff={"3": 40})
    scorecard_services.indicator_save(
        acting_user=business,
        name="Multi-agency training attendance",
        definition="Computed",
        organisation=council,
        unit="percent",
        polarity="higher",
        computed_key=figures.ATTENDANCE,
        position=10,
    )

    # The public catalogue leads to registration; a personal address is refused.
    page.goto(f"{live_server.url}/training/catalogue/")
    expect(page.get_by_role("link", name=course.title)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="register with your work email address").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Rita Registers")
    page.get_by_label("Work email address").fill("rita.registers@gmail.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    _error(page, "“gmail.com” does not belong to an organisation in the partnership’s directory")
    expect(page.get_by_label("Full name")).to_have_value("Rita Registers")
    assert_accessible(page)
    page.get_by_label("Work email address").fill("rita.registers@testshirehospitals.example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    assert_accessible(page)

    # The confirmation link from the email, then signing in.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    _sign_in(page, live_server, "rita.registers@testshirehospitals.example.org", PASSWORD)
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()
    expect(page.get_by_role("link", name="Directory")).to_have_count(0)
    assert_accessible(page)

    # Booking a place from the programme.
    page.get_by_role("link", name="Training", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=course.title).click()
    assert_accessible(page)
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("alert")).to_contain_text("Your place is booked")
    expect(page.get_by_role("link", name="Add to your calendar (ICS file)")).to_be_visible()
    assert_accessible(page)
    booking = Booking.objects.get(person__email="rita.registers@testshirehospitals.example.org")
    assert booking.organisation == agency

    # Reminded the day before, in the inbox.
    sweep_training_messages.apply()
    page.goto(f"{live_server.url}/inbox/")
    expect(page.get_by_text(f"Reminder: {course.title}")).to_be_visible()
    assert_accessible(page)
    _sign_out(page, live_server)

    # The session happens; the trainer records attendance.
    move_session(session, timezone.localdate() - timedelta(days=1))
    sign_in(member)
    expect(page.get_by_role("heading", name="Sessions you train")).to_be_visible()
    page.get_by_role("link", name=re.compile(re.escape(course.title))).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    _error(page, "Select whether Rita Registers attended")
    assert_accessible(page)
    page.get_by_role("group", name="Rita Registers").get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Attendance recorded")
    _sign_out(page, live_server)

    # Asked to evaluate straight after, and evaluating.
    sweep_training_messages.apply()
    _sign_in(page, live_server, "rita.registers@testshirehospitals.example.org", PASSWORD)
    page.get_by_role("link", name=f"Evaluate {course.title}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send my evaluation").click()
    _error(page, "Select how confident you felt before the session")
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("Before the session")).get_by_label("2").check()
    page.get_by_role("group", name=re.compile("Now, how confident")).get_by_label("4").check()
    page.get_by_role("group", name=re.compile("How useful")).get_by_label("5").check()
    page.get_by_label("What will you do differently in your practice?").fill(
        "Use the graded care profile with the two families I worry about most."
    )
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_role("alert")).to_contain_text("Thank you: your evaluation is sent")
    assert Evaluation.objects.get().booking == booking

    # Three months on, the follow-up.
    move_session(session, timezone.localdate() - timedelta(days=95))
    sweep_training_messages.apply()
    page.get_by_role("link", name="My work").click()
    page.get_by_role("link", name=f"What changed after {course.title}?").click()
    assert_accessible(page)
    page.get_by_label("Yes, my practice has changed").check()
    page.get_by_label("What changed in your practice? If nothing yet, what got in the way?").fill(
        "I use the profile with every family where I suspect neglect, and parents say it helps them see it."
    )
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Thank you: your answer is sent")
    assert FollowUp.objects.get().booking == booking
    _sign_out(page, live_server)

    # The business unit sees it in the course's results, the agency's page and the scorecard.
    sign_in(business)
    page.goto(f"{live_server.url}/training/courses/{course.pk}/results/")
    results = page.locator(".govuk-summary-list")
    expect(results).to_contain_text("1 (response rate 100.0% of those who attended)")
    expect(results).to_contain_text("1 answered of 1 sent (response rate 100.0%)")
    assert_accessible(page)
    page.goto(f"{live_server.url}/training/needs/{agency.pk}/?year={training_year}")
    expect(page.get_by_role("row", name=re.compile("Level 3: advanced practice 40 1 39"))).to_be_visible()
    assert_accessible(page)
    quarter = Quarter.of(session.date)
    page.goto(f"{live_server.url}/assurance/scorecard/?quarter={quarter.slug}")
    expect(page.get_by_role("row", name=re.compile("Multi-agency training attendance"))).to_contain_text("100")
    assert_accessible(page)
