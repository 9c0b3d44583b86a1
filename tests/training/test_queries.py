"""Every training list page (and the home page's training panels) runs the same number of
queries at two data sizes."""

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from core import learning
from core.models import LearningToChange
from core.roles import Role
from reviews.services import learning as review_learning
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries, assert_query_budget
from training.models import BookingMessage, Evaluation, FollowUp, Practitioner
from training.services.needs import needs_record
from training.years import year_of

from .builders import make_booking, make_course, make_session, make_trainer

pytestmark = pytest.mark.django_db
_numbers = count(1)


@pytest.fixture
def grow(business, practitioner, member, agency_lead, agency, course, trainer):
    """Each call: a course, a new trainer, an agency with practitioners and a needs analysis,
    sessions past and to come with bookings, waiting lists, attendance, evaluations, follow-ups
    and a piece of learning taken up; and more bookings for the cast."""

    def grow_once():
        n = next(_numbers)
        today = timezone.localdate()
        new_course = make_course(business, title=f"Course {n}", level=str(n % 4 + 1))
        organisation = OrganisationFactory(email_domains=f"agency{n}.example.org")
        people = []
        for index in range(3):
            person = UserFactory(email=f"p{index}@agency{n}.example.org", organisation=None, roles=[Role.PRACTITIONER])
            Practitioner.objects.create(user=person, organisation=organisation)
            people.append(person)
        new_trainer = make_trainer(business, UserFactory(roles=[Role.MEMBER]), organisation, courses=[new_course])
        needs_record(acting_user=business, organisation=organisation, year=year_of(today), staff={"1": 50, "2": 10})
        for target in (course, new_course):
            ahead = make_session(business, target, day=today + timedelta(days=n + 1), trainers=[trainer, new_trainer])
            held = make_session(
                business, target, day=today - timedelta(days=n + 1), past=True, trainers=[trainer, new_trainer]
            )
            for person in [*people, practitioner]:
                make_booking(person, ahead)
                booking = make_booking(person, held, attendance="attended")
                Evaluation.objects.create(
                    session=held,
                    booking=booking,
                    confidence_before=2,
                    confidence_after=4,
                    usefulness=4,
                    will_do_differently="More curiosity",
                )
                FollowUp.objects.create(session=held, booking=booking, practice_changed="yes", what_changed="Yes")
                BookingMessage.objects.create(booking=booking, stage="follow_up", sent_at=timezone.now())
            make_booking(agency_lead, held, attendance="absent")
        theme = review_learning.theme_save(acting_user=business, name=f"Theme {n}")
        mark = learning.learning_mark(acting_user=business, subject=theme, change=LearningToChange.Change.TRAINING)
        new_course.learning.add(mark)
        course.learning.add(mark)

    return grow_once


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("anonymous", lambda w: reverse("training:catalogue")),
        ("anonymous", lambda w: reverse("training:catalogue-course", args=[w["course"].slug])),
        ("practitioner", lambda w: reverse("training:programme")),
        ("practitioner", lambda w: reverse("training:my-bookings")),
        ("practitioner", lambda w: reverse("training:my-bookings") + "?show=past"),
        ("practitioner", lambda w: reverse("core:home")),
        ("member", lambda w: reverse("core:home")),
        ("member", lambda w: reverse("training:session-list") + "?show=past"),
        ("business", lambda w: reverse("core:home")),
        ("business", lambda w: reverse("training:course-list")),
        ("business", lambda w: reverse("training:course-detail", args=[w["course"].pk])),
        ("business", lambda w: reverse("training:course-results", args=[w["course"].pk])),
        ("business", lambda w: reverse("training:course-answers", args=[w["course"].pk])),
        ("business", lambda w: reverse("training:course-answers", args=[w["course"].pk]) + "?show=follow_ups"),
        ("business", lambda w: reverse("training:session-list")),
        ("business", lambda w: reverse("training:session-list") + "?show=past"),
        ("business", lambda w: reverse("training:trainer-list")),
        ("business", lambda w: reverse("training:trainer-detail", args=[w["trainer"].pk])),
        ("business", lambda w: reverse("training:needs")),
        ("business", lambda w: reverse("training:needs-agency", args=[w["agency"].pk])),
        ("agency_lead", lambda w: reverse("training:needs")),
        ("business", lambda w: reverse("training:learning-list")),
        ("executive", lambda w: reverse("reviews:theme-list")),
    ],
)
def test_training_pages_are_constant(who, url, grow, client, request, course, trainer, agency):
    world = {"course": course, "trainer": trainer, "agency": agency}
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert_constant_queries(client, url(world), grow)


def test_a_sessions_bookings_register_and_attendance_form_are_constant(business, course, trainer, client):
    session = make_session(
        business, course, day=timezone.localdate() - timedelta(days=1), past=True, trainers=[trainer]
    )
    numbers = count(1)

    def grow():
        n = next(numbers)
        for index in range(4):
            make_booking(UserFactory(email=f"s{n}-{index}@example.org", roles=[Role.MEMBER]), session)

    client.force_login(business)
    for name in ("training:session-bookings", "training:session-attendance", "training:session-detail"):
        assert_constant_queries(client, reverse(name, args=[session.pk]), grow)


def test_course_results_keep_to_the_query_budget(grow, business, course, client):
    client.force_login(business)
    assert_query_budget(client, reverse("training:course-results", args=[course.pk]), grow)
