"""The training demo on its own (the whole demo is checked in tests/test_demo.py): a year's
programme whose volume grows with --scale, consistent with the rules the services keep."""

import io
import random

import pytest
from django.contrib.auth.hashers import make_password
from django.db.models import Count, F, Q
from django.utils import timezone

from core import demo as core_demo
from core.management.commands.seed_demo import Demo
from partnership import demo as partnership_demo
from training import demo as training_demo
from training import sweep
from training.models import Booking, BookingMessage, Course, Evaluation, Session, WorkforceNeed

pytestmark = pytest.mark.django_db


def _seed(scale: int) -> None:
    demo = Demo(
        scale=scale,
        password="x",
        rng=random.Random(7),
        password_hash=make_password("x"),
        today=timezone.localdate(),
        stdout=io.StringIO(),
    )
    for module in (core_demo, partnership_demo, training_demo):
        module.seed(demo)


def test_the_demo_programme_grows_with_the_scale_and_keeps_the_rules():
    _seed(2)
    assert Course.objects.count() == 30
    assert Session.objects.count() == 240
    assert Booking.objects.count() > 4000
    # No session has more confirmed places than it has places; attendance only on held ones.
    over = Session.objects.annotate(n=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED))).filter(
        n__gt=F("capacity")
    )
    assert not over.exists()
    assert not Booking.objects.exclude(attendance="").filter(session__date__gte=timezone.localdate()).exists()
    assert not Booking.objects.exclude(attendance="").exclude(status=Booking.Status.CONFIRMED).exists()
    assert not Evaluation.objects.exclude(booking__attendance=Booking.Attendance.ATTENDED).exists()
    assert not Session.objects.filter(date__week_day__in=[1, 7]).exists()
    assert WorkforceNeed.objects.exists()
    # What fell due before today is in the ledger: the first sweep has little to send.
    assert BookingMessage.objects.count() > 3000
    assert len(sweep.due_pairs()) < 300
