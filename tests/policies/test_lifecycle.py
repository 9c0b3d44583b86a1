"""The status table on its own: no database."""

import pytest

from policies import lifecycle as L
from policies.models import Policy


def test_the_lifecycle_names_the_models_statuses():
    assert {L.DRAFT, L.IN_CONSULTATION, L.APPROVED, L.PUBLISHED, L.UNDER_REVIEW, L.WITHDRAWN} == set(
        Policy.Status.values
    )


def test_a_first_draft_goes_through_consultation_and_approval_to_publication():
    status = L.next_status(L.DRAFT, L.CONSULT, has_published_version=False)
    assert status == L.IN_CONSULTATION
    status = L.next_status(status, L.CLOSE_CONSULTATION, has_published_version=False)
    assert status == L.DRAFT
    status = L.next_status(status, L.APPROVE, has_published_version=False)
    assert L.next_status(status, L.PUBLISH, has_published_version=False) == L.PUBLISHED


def test_closing_a_consultation_on_a_reviewed_document_returns_it_to_its_review():
    assert L.next_status(L.IN_CONSULTATION, L.CLOSE_CONSULTATION, has_published_version=True) == L.UNDER_REVIEW


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (L.IN_CONSULTATION, L.APPROVE),
        (L.DRAFT, L.PUBLISH),
        (L.DRAFT, L.START_REVIEW),
        (L.APPROVED, L.CONSULT),
        (L.PUBLISHED, L.CONSULT),
        (L.PUBLISHED, L.EDIT_DRAFT),
        (L.IN_CONSULTATION, L.EDIT_DRAFT),
        (L.WITHDRAWN, L.WITHDRAW),
        (L.WITHDRAWN, L.CONSULT),
        (L.WITHDRAWN, L.START_REVIEW),
    ],
)
def test_illegal_moves_are_refused_in_words(status, move):
    with pytest.raises(L.IllegalMove) as refused:
        L.next_status(status, move, has_published_version=True)
    assert str(refused.value) == L.REFUSALS[move]


def test_nothing_leaves_withdrawn():
    assert not any(L.allowed(L.WITHDRAWN, move) for move in L.FROM)
