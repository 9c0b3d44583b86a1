"""The training programme's URLs × the cast, including the practitioner (who registered only
to book training) and the public. "member" is a trainer in the pool, training both sessions;
"agency_lead" leads the practitioner's agency."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core import learning
from core.models import LearningToChange
from tests.matrix import EVERY_ROLE, only, public

from .builders import make_booking, make_course, make_session, make_trainer

BU = ("business",)
READERS = ("business", "executive", "scrutineer")
BOOKERS = ("practitioner", *EVERY_ROLE)
TRAINER = "member"


def world(w) -> dict:
    business, agency = w["business"], w["organisation"]
    today = timezone.localdate()
    course = make_course(business, title="Working together to safeguard children")
    draft = make_course(business, title="Neglect: the graded care profile", publish=False)
    trainer = make_trainer(business, w[TRAINER], agency)
    upcoming = make_session(business, course, day=today + timedelta(days=10), trainers=[trainer])
    past = make_session(business, course, day=today - timedelta(days=100), trainers=[trainer], past=True)
    booking = make_booking(w["practitioner"], upcoming)
    attended = make_booking(w["practitioner"], past, attendance="attended")
    finding = w["lcspr"].findings.first()
    mark = learning.learning_mark(acting_user=business, subject=finding, change=LearningToChange.Change.TRAINING)
    return {
        "course": course,
        "draft_course": draft,
        "trainer": trainer,
        "session_upcoming": upcoming,
        "session_past": past,
        "booking_upcoming": booking,
        "booking_attended": attended,
        "learning_mark": mark,
        "training_year": today.year if today.month >= 4 else today.year - 1,
    }


def _u(name, key=None):
    if key is None:
        return lambda w: reverse(f"training:{name}")
    return lambda w: reverse(f"training:{name}", args=[w[key].pk])


ENTRIES = {
    # Public
    "training:catalogue": public(_u("catalogue")),
    "training:catalogue-course": public(lambda w: reverse("training:catalogue-course", args=[w["course"].slug])),
    # Booking
    "training:programme": only(*BOOKERS, url=_u("programme")),
    "training:session-detail": only(*BOOKERS, url=_u("session-detail", "session_upcoming")),
    "training:session-book": only(*BOOKERS, url=_u("session-book", "session_upcoming"), method="post", status=302),
    "training:my-bookings": only(*BOOKERS, url=_u("my-bookings")),
    "training:booking-detail": only("practitioner", *BU, url=_u("booking-detail", "booking_upcoming")),
    "training:booking-cancel": only("practitioner", *BU, url=_u("booking-cancel", "booking_upcoming")),
    "training:booking-calendar": only("practitioner", url=_u("booking-calendar", "booking_upcoming")),
    "training:evaluation": only("practitioner", url=_u("evaluation", "booking_attended")),
    "training:follow-up": only("practitioner", url=_u("follow-up", "booking_attended")),
    "training:booking-certificate": only("practitioner", *BU, url=_u("booking-certificate", "booking_attended")),
    # Courses
    "training:course-list": only(*READERS, url=_u("course-list")),
    "training:course-create": only(*BU, url=_u("course-create")),
    "training:course-detail": only(*READERS, url=_u("course-detail", "course")),
    "training:course-edit": only(*BU, url=_u("course-edit", "course")),
    "training:course-publish": only(*BU, url=_u("course-publish", "draft_course"), method="post", status=302),
    "training:course-retire": only(*BU, url=_u("course-retire", "draft_course"), method="post", status=302),
    "training:course-history": only(*BU, url=_u("course-history", "course")),
    "training:course-results": only(*READERS, url=_u("course-results", "course")),
    "training:course-answers": only(*READERS, url=_u("course-answers", "course")),
    # Sessions
    "training:session-create": only(*BU, url=_u("session-create", "course")),
    "training:session-list": only(*READERS, TRAINER, url=_u("session-list")),
    "training:session-edit": only(*BU, url=_u("session-edit", "session_upcoming")),
    "training:session-cancel": only(*BU, url=_u("session-cancel", "session_upcoming")),
    "training:session-history": only(*BU, url=_u("session-history", "session_upcoming")),
    "training:session-bookings": only(*READERS, TRAINER, url=_u("session-bookings", "session_upcoming")),
    "training:session-register": only(*READERS, TRAINER, url=_u("session-register", "session_upcoming")),
    "training:session-attendance": only(*BU, TRAINER, url=_u("session-attendance", "session_past")),
    # The training pool
    "training:trainer-list": only(*READERS, url=_u("trainer-list")),
    "training:trainer-create": only(*BU, url=_u("trainer-create")),
    "training:trainer-detail": only(*READERS, url=_u("trainer-detail", "trainer")),
    "training:trainer-edit": only(*BU, url=_u("trainer-edit", "trainer")),
    "training:trainer-history": only(*BU, url=_u("trainer-history", "trainer")),
    # Training needs: the readers for every agency, an agency's lead for their own
    "training:needs": only(*READERS, "agency_lead", url=_u("needs")),
    "training:needs-agency": only(*READERS, "agency_lead", url=_u("needs-agency", "organisation")),
    "training:needs-edit": only(
        *BU,
        "agency_lead",
        url=lambda w: reverse("training:needs-edit", args=[w["organisation"].pk, w["training_year"]]),
    ),
    "training:learning-list": only(*READERS, url=_u("learning-list")),
    # Marking learning "training to change" (core.learning): whoever manages the learning
    "core:learning-mark": only(
        *BU, url=lambda w: reverse("core:learning-mark", args=["theme", w["theme"].pk, "training"])
    ),
    "core:learning-unmark": only(
        *BU, url=lambda w: reverse("core:learning-unmark", args=[w["learning_mark"].pk]), method="post", status=302
    ),
}
