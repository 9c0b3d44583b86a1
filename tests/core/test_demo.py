import pytest
from django.core.management import call_command

from core.roles import Role, user_roles
from partnership.models import Organisation, User
from partnership.permissions import organisations_led_by

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_fictional_partnership_with_one_user_per_role():
    call_command("seed_demo", verbosity=0)
    assert Organisation.objects.filter(is_safeguarding_partner=True).count() == 3
    assert Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).count() >= 40
    assert Organisation.objects.exclude(kind=Organisation.Kind.SCHOOL).count() >= 60
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert User.objects.count() >= 150
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    assert user_roles(users["business@example.org"]) == {Role.BUSINESS_UNIT}
    assert Role.EXECUTIVE in user_roles(users["executive@example.org"])
    assert user_roles(users["scrutineer@example.org"]) == {Role.SCRUTINEER}
    assert user_roles(users["outsider@example.org"]) == frozenset()
    assert organisations_led_by(users["agency@example.org"]).count() == 1
    assert users["business@example.org"].check_password("demo-password-1234")


def test_seed_demo_runs_once_with_if_empty_and_scales():
    call_command("seed_demo", verbosity=0)
    count = Organisation.objects.count()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Organisation.objects.count() == count


def test_seed_demo_scale_multiplies_the_volume():
    call_command("seed_demo", "--scale", "2", verbosity=0)
    assert Organisation.objects.count() > 190
    assert User.objects.count() > 300
