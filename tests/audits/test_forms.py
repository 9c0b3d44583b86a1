"""The answer form follows the framework's scale and the question's kind."""

import pytest

from audits.forms.answers import AnswersForm
from audits.models import Question

pytestmark = pytest.mark.django_db


def _question(kind, reference="1.1", **extra):
    return Question(pk=1, reference=reference, text="Text", kind=kind, **extra)


def test_grades_are_radios_from_1_to_4():
    form = AnswersForm(questions=[_question("rating")], scale="grades", answers={})
    assert [value for value, _ in form.fields["q1_value"].choices] == [1, 2, 3, 4]


def test_a_percentage_must_be_from_0_to_100():
    form = AnswersForm({"q1_value": "140"}, questions=[_question("rating")], scale="percent", answers={})
    assert form.errors["q1_value"] == ["Question 1.1: enter a percentage from 0 to 100"]
    form = AnswersForm({"q1_value": "80"}, questions=[_question("rating")], scale="percent", answers={})
    assert form.is_valid() and form.inputs()[0].values["rating"] == 80


def test_not_applicable_and_an_answer_together_are_refused():
    question = _question("yes_no_partly", allows_not_applicable=True)
    form = AnswersForm({"q1_value": "yes", "q1_na": "on"}, questions=[question], scale="rag", answers={})
    assert form.errors["q1_value"] == ["Question 1.1: either answer it or tick “Not applicable”, not both"]


def test_free_text_has_no_value_field():
    form = AnswersForm({"q1_text": " My answer "}, questions=[_question("text")], scale="rag", answers={})
    assert "q1_value" not in form.fields
    assert form.is_valid() and form.inputs()[0].values["text"] == "My answer"
