"""The reviews' edit forms: the second person to save is told what the first changed, keeps
what they typed, and can save again having looked (the portal-wide check, for these forms)."""

import pytest
from django.urls import reverse

from tests.test_concurrent_edits import test_the_second_person_to_save_is_told_and_keeps_what_they_typed as check

pytestmark = pytest.mark.django_db

EDIT_FORMS = {
    "reviews:incident-edit": ("business", lambda w: reverse("reviews:incident-edit", args=[w["case_a"].pk])),
    "reviews:rapid-review-edit": ("business", lambda w: reverse("reviews:rapid-review-edit", args=[w["review_a"].pk])),
    "reviews:rapid-review-decide": (
        "chair",
        lambda w: reverse("reviews:rapid-review-decide", args=[w["review_a"].pk]),
        ("decision_reasons", {"first": "Criteria met: first", "second": "Criteria met: second"}, {}),
    ),
    "reviews:return-detail": (
        "agency_lead",
        lambda w: reverse("reviews:return-detail", args=[w["agency_return"].pk]),
        ("chronology", {"first": "1 May: first", "second": "1 May: second"}, {"analysis": "What we learned"}),
    ),
    "reviews:practice-review-edit": (
        "business",
        lambda w: reverse("reviews:practice-review-edit", args=[w["lcspr"].pk]),
    ),
    "reviews:milestone-edit": (
        "business",
        lambda w: reverse("reviews:milestone-edit", args=[w["lcspr"].pk, w["milestone"].pk]),
    ),
    "reviews:reviewer-edit": ("business", lambda w: reverse("reviews:reviewer-edit", args=[w["reviewer"].pk])),
    "reviews:theme-edit": ("business", lambda w: reverse("reviews:theme-edit", args=[w["theme"].pk])),
    "reviews:briefing-edit": ("business", lambda w: reverse("reviews:briefing-edit", args=[w["draft_briefing"].pk])),
}


@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_the_second_person_to_save_a_review_form_is_told(name, shared_world, monkeypatch):
    world = shared_world  # one world per module; each test's writes are undone
    monkeypatch.setattr("tests.test_concurrent_edits.EDIT_FORMS", EDIT_FORMS)
    check(name, world)
