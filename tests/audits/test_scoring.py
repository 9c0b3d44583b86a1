"""Scores and bands: pure arithmetic, no database."""

import pytest

from audits import scoring


@pytest.mark.parametrize(
    ("scale", "value", "score"),
    [
        ("rag", 1, 0.0),
        ("rag", 2, 50.0),
        ("rag", 3, 100.0),
        ("grades", 1, 0.0),
        ("grades", 4, 100.0),
        ("percent", 73, 73.0),
    ],
)
def test_ratings_become_scores_from_0_to_100(scale, value, score):
    assert scoring.rating_score(scale, value) == pytest.approx(score)


def test_yes_partly_no_and_not_applicable():
    assert scoring.answer_score("yes_no_partly", "rag", response="partly") == 50.0
    assert scoring.answer_score("rating", "rag", rating=1, not_applicable=True) is None
    assert scoring.answer_score("number", "rag") is None


def test_below_threshold_means_below_the_level_chosen():
    assert scoring.is_below_threshold(50.0, "rag", 3)  # amber, threshold green
    assert not scoring.is_below_threshold(50.0, "rag", 2)  # amber, threshold amber
    assert scoring.is_below_threshold(70.0, "percent", 75)
    assert not scoring.is_below_threshold(None, "rag", 3)


def test_bands_and_changes():
    assert scoring.band(80.0) == scoring.GOOD and scoring.band(79.9) == scoring.MIXED
    assert scoring.band(10.0) == scoring.WEAK and scoring.band(None) == scoring.NO_DATA
    assert scoring.change(40.0, 90.0) == "improved"
    assert scoring.change(90.0, 60.0) == "worse"
    assert scoring.change(85.0, 95.0) == "improved"  # ten points up within green
    assert scoring.change(85.0, 90.0) == "same"
    assert scoring.change(None, 95.0) == "new"


def test_the_digest_ignores_surrounding_space_and_number_formatting():
    assert scoring.values_digest(number=12, text=" a ") == scoring.values_digest(number=12.0, text="a")
    assert scoring.values_digest(rating=2) != scoring.values_digest(rating=3)
