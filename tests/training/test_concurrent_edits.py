"""The training edit forms: the second person to save is told what the first changed, keeps
what they typed, and can save again having looked (the portal-wide check, for these forms)."""

import pytest
from django.urls import reverse

from tests.test_concurrent_edits import test_the_second_person_to_save_is_told_and_keeps_what_they_typed as check

pytestmark = pytest.mark.django_db

EDIT_FORMS = {
    "training:course-edit": ("business", lambda w: reverse("training:course-edit", args=[w["course"].pk])),
    "training:session-edit": (
        "business",
        lambda w: reverse("training:session-edit", args=[w["session_upcoming"].pk]),
        ("venue", {"first": "Town Hall: first", "second": "Town Hall: second"}, {}),
    ),
    "training:trainer-edit": ("business", lambda w: reverse("training:trainer-edit", args=[w["trainer"].pk])),
    "training:needs-edit": (
        "agency_lead",
        lambda w: reverse("training:needs-edit", args=[w["organisation"].pk, w["training_year"]]),
        ("level_1", {"first": "120", "second": "130"}, {}),
    ),
}


@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_the_second_person_to_save_a_training_form_is_told(name, shared_world, monkeypatch):
    world = shared_world  # one world per module; each test's writes are undone
    monkeypatch.setattr("tests.test_concurrent_edits.EDIT_FORMS", EDIT_FORMS)
    check(name, world)
