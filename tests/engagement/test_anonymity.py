"""Small groups and the public form's token: pure, or the cache only."""

import time

import pytest

from engagement import flood
from engagement.anonymity import enough_to_show, merge_small_groups


def test_agencies_with_fewer_than_five_answers_merge_into_other_agencies():
    merged = merge_small_groups([("Trust", 12), ("Police", 7), ("School", 3), ("Housing", 2)], other_label="Other")
    assert merged == [("Trust", 12), ("Police", 7), ("Other", 5)]


def test_an_other_group_still_under_five_takes_in_the_smallest_shown_group():
    merged = merge_small_groups([("Trust", 12), ("Police", 6), ("School", 3)], other_label="Other")
    assert merged == [("Trust", 12), ("Other", 9)]


def test_when_everything_is_small_there_is_one_group_and_empty_groups_vanish():
    assert merge_small_groups([("A", 2), ("B", 1), ("C", 0)], other_label="Other") == [("Other", 3)]
    assert merge_small_groups([("A", 0)], other_label="Other") == []
    assert not enough_to_show(4) and enough_to_show(5)


def test_a_form_token_is_for_one_survey_and_must_be_old_enough_and_not_too_old(settings):
    settings.ENGAGEMENT_FORM_MIN_SECONDS = 3
    settings.ENGAGEMENT_FORM_MAX_AGE = 60
    token = flood.issue(7)
    now = time.time()
    assert flood.check(token, 7, now=now).verdict == flood.Verdict.TOO_SOON
    assert flood.check(token, 7, now=now + 5).verdict == flood.Verdict.OK
    assert flood.check(token, 8, now=now + 5).verdict == flood.Verdict.INVALID
    assert flood.check(token, 7, now=now + 61).verdict == flood.Verdict.EXPIRED
    assert flood.check(token[:-2] + "xx", 7, now=now + 5).verdict == flood.Verdict.INVALID
    assert flood.check("", 7).verdict == flood.Verdict.INVALID


def test_a_token_is_accepted_once():
    checked = flood.check(flood.issue(7), 7, now=time.time() + 10)
    assert flood.claim(checked.nonce)
    assert not flood.claim(checked.nonce)


@pytest.mark.parametrize("cap", [1, 3])
def test_the_cap_counts_answers_per_link_per_window(settings, cap):
    settings.ENGAGEMENT_PUBLIC_CAP = cap
    now = 1_000_000.0
    assert all(flood.within_cap(5, now=now) for _ in range(cap))
    assert not flood.within_cap(5, now=now)
    assert flood.within_cap(6, now=now), "another survey's link has its own count"
    assert flood.within_cap(5, now=now + flood.window_seconds()), "the next window starts again"
