"""My work: the returns my agency owes, the panels I sit on, and the review deadlines due."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from core import navigation
from reviews.mywork import my_work
from reviews.services import rapid

pytestmark = pytest.mark.django_db


def _panel(user):
    request = RequestFactory().get("/")
    request.user = user
    return my_work(request)


def test_an_agency_lead_sees_the_return_their_agency_owes(rapid_review, business, agency, agency_lead):
    rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    context = _panel(agency_lead)
    assert [r.organisation for r in context["returns"]] == [agency]
    html = render_to_string("reviews/_mywork.html", {"panel": context})
    assert "Returns your agency owes" in html and rapid_review.incident.reference in html
    assert "Child H" not in html


def test_the_chair_sees_the_panel_they_chair_and_the_business_unit_the_deadlines(
    rapid_review, record_case, chair, business
):
    chaired = _panel(chair)
    assert chaired["rapid_reviews"] == [rapid_review] and chaired["rapid_reviews"][0].my_role == "Chair"
    record_case(child_pseudonym="Child J")  # its notification is due within 5 working days
    deadlines = _panel(business)["deadlines"]
    assert [d.rule.key for d in deadlines] == ["serious_incident_notification"]
    html = render_to_string("reviews/_mywork.html", {"panel": _panel(business)})
    assert "Notify the Panel of serious incident" in html and "Child J" not in html


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
