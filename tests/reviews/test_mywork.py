"""My work: how many returns my agency owes, panels I sit on, and review deadlines due, each
linking to the review pipeline."""

import pytest
from django.test import RequestFactory

from core import mywork, navigation
from reviews.services import rapid

pytestmark = pytest.mark.django_db


def _panel(user):
    request = RequestFactory().get("/")
    request.user = user
    return next((panel["context"] for panel in mywork.panels_for(request) if panel["key"] == "reviews"), None)


def _counts(panel) -> dict[str, int]:
    return {tally.many: tally.count for tally in panel["tallies"]}


def test_an_agency_lead_sees_the_return_their_agency_owes(rapid_review, business, agency, agency_lead, client_for):
    rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    assert _counts(_panel(agency_lead)) == {"returns your agency owes for rapid reviews": 1}
    html = client_for(agency_lead).get("/").content.decode()
    assert "1</span> return your agency owes for a rapid review" in html and 'href="/reviews/"' in html
    assert "Child H" not in html


def test_the_chair_sees_the_panel_they_chair_and_the_business_unit_the_deadlines(
    rapid_review, record_case, chair, business
):
    assert _counts(_panel(chair)) == {"rapid reviews whose panel you are on": 1}
    record_case(child_pseudonym="Child J")  # its notification is due within 5 working days
    counts = _counts(_panel(business))
    assert counts["review deadlines overdue or due in the next two weeks"] >= 1


def test_people_with_nothing_to_do_get_no_panel(rapid_review, member, outsider, executive):
    assert _panel(member) is None
    assert _panel(outsider) is None
    assert _panel(executive) is None


def test_reviews_and_learning_are_in_the_navigation_for_people_with_a_role(member, outsider, rf):
    request = rf.get("/reviews/")
    request.user = member
    labels = [item["label"] for item in navigation.items_for(request)]
    assert "Reviews" in labels and "Learning" in labels
    request.user = outsider
    assert "Reviews" not in [item["label"] for item in navigation.items_for(request)]
