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
