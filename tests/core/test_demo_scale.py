"""`seed_demo --scale N` multiplies the volume (the whole demo is checked in tests/test_demo.py)."""

import io
import random

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from core import demo as core_demo
from core.management.commands.seed_demo import Demo
from partnership import demo as partnership_demo
from partnership.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_scale_multiplies_the_directory():
    """Each app's seeder multiplies its volume by `demo.count()`; the directory shows it."""
    demo = Demo(
        scale=2,
        password="x",
        rng=random.Random(1),
        password_hash=make_password("x"),
        today=timezone.localdate(),
        stdout=io.StringIO(),
    )
    for module in (core_demo, partnership_demo):
        module.seed(demo)
    assert Organisation.objects.count() > 190
    assert User.objects.count() > 300
