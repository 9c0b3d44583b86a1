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


# Free text: what a moderator is shown before anyone else reads a comment -------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("When Tom asked, Sarah said nothing", ["Tom", "Sarah"]),
        ("Jayden told me he was scared at home.", ["Jayden"]),
        ("I spoke to Amelia Brook at the hospital", ["Amelia Brook"]),
        ("Thank you. Mrs Jones helped a lot", ["Jones"]),
        ("Born on 12/03/2019", ["12/03/2019"]),
    ],
)
def test_possible_names_and_dates_in_a_comment_are_found(text, found):
    assert [text[start:end] for start, end, _ in pseudonyms.possible_identifiers(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Training was good. Staff said so. Communication is poor.",
        "The Youth Council said buses are bad. Child H was happy.",
        "We met on Monday with the Police and Northbridge General Hospital.",
        "I think the MASH works well",
        "Supervision is really helpful and Managers listen",
    ],
)
def test_ordinary_sentences_organisations_and_pseudonyms_are_not_flagged(text):
    assert pseudonyms.possible_identifiers(text) == []


def test_the_suggested_wording_removes_names_and_dates_and_the_markup_keeps_every_character():
    text = "When Tom asked on 3 March, he said no."
    assert pseudonyms.suggest_removals(text) == "When [name removed] asked on [date removed], he said no."
    pieces = pseudonyms.marked_up(text)
    assert "".join(piece for piece, _ in pieces) == text
    assert [(piece, kind) for piece, kind in pieces if kind] == [("Tom", "name"), ("3 March", "date")]
