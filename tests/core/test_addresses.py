"""core.addresses: one reverse() for many records gives what reverse() gives for each."""

import pytest
from django.urls import reverse

from core import addresses


@pytest.mark.parametrize("name", ["audits:submission-detail", "core:deadline-detail", "subgroups:meeting-detail"])
def test_each_gives_what_reverse_gives(name):
    address = addresses.each(name)
    for pk in (1, 7, 42, 999_999, 2147483646):
        assert address(pk) == reverse(name, args=[pk])


def test_a_pattern_without_one_primary_key_is_refused():
    with pytest.raises(ValueError, match="one primary key"):
        addresses.each("core:deadline-list")


@pytest.mark.parametrize("name", ["audits:submission-detail", "core:notification-detail"])
def test_of_gives_what_reverse_gives(name):
    for pk in (1, 7, 42):
        assert addresses.of(name, pk) == reverse(name, args=[pk])


def test_named_gives_what_reverse_gives():
    assert addresses.named("core:deadline-list") == reverse("core:deadline-list")


def test_a_script_prefix_is_part_of_what_is_worked_out(settings):
    from django.urls import set_script_prefix

    set_script_prefix("/portal/")
    try:
        assert addresses.of("core:notification-detail", 5) == "/portal/inbox/5/"
        assert addresses.named("core:deadline-list") == "/portal/deadlines/"
    finally:
        set_script_prefix("/")
    assert addresses.of("core:notification-detail", 5) == "/inbox/5/"
