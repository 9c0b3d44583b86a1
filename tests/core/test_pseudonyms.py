"""The pseudonym check: pure, no database."""

import pytest

from core import pseudonyms


@pytest.mark.parametrize("text", ["Child H", "Baby T", "Helen", "Sibling 2", "Young person D", "Helen K", "child h"])
def test_pseudonym_forms_pass(text):
    assert pseudonyms.problem(text) is None


@pytest.mark.parametrize("text", ["Helen Smith", "H. Smith", "helen smith", "Jack O’Neill", "Mary-Jane Watson"])
def test_a_first_name_and_surname_look_like_a_real_name(text):
    assert pseudonyms.problem(text) == "name"


@pytest.mark.parametrize(
    "text", ["Child H 12/03/2019", "H born 2019", "DOB 1.3.19", "Child H, 3 March", "Child 2019-03-12", "March 3rd"]
)
def test_anything_like_a_date_looks_like_a_date_of_birth(text):
    assert pseudonyms.problem(text) == "date"


def test_mentions_finds_the_pseudonym_as_a_whole_phrase_only():
    assert pseudonyms.mentions("Learning from the review of child h in 2025", "Child H")
    assert not pseudonyms.mentions("Children Home visits", "Child H")
    assert not pseudonyms.mentions("anything", "")
