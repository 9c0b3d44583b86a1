"""The audits home page, the navigation item and the My work panel."""

import pytest
from django.urls import reverse

from audits.services import cycles as cycle_services

from .conftest import complete, submit

pytestmark = pytest.mark.django_db


def test_my_work_shows_my_organisations_return_due(agency_lead, submission, client_for):
    page = client_for(agency_lead).get(reverse("core:home")).content.decode()
    assert "1</span> audit return your organisation owes" in page
    assert 'href="/audits/"' in page


def test_my_work_shows_returns_to_moderate(business, chair, cycle, submission, agency_lead, questions, client_for):
    cycle_services.moderators_set(acting_user=business, cycle=cycle, moderators=[chair])
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    for user in (chair, business):
        page = client_for(user).get(reverse("core:home")).content.decode()
        assert "1</span> audit return to moderate" in page


def test_my_work_shows_a_return_to_sign_off_to_the_senior_officer_named(
    agency, submission, agency_lead, questions, client_for
):
    from audits.services import submissions as services

    from .conftest import senior_officer

    complete(submission, agency_lead, questions)
    senior = senior_officer(agency)
    services.signoff_request(acting_user=agency_lead, submission=submission, signatory=senior)
    page = client_for(senior).get(reverse("core:home")).content.decode()
    assert "1</span> audit return for you to sign off" in page
    assert reverse("audits:submission-sign-off", args=[submission.pk]) in page
    assert "for you to sign off" not in client_for(agency_lead).get(reverse("core:home")).content.decode()


def test_nothing_to_do_means_no_panel(member, client_for):
    assert "audit return" not in client_for(member).get(reverse("core:home")).content.decode()


def test_the_audits_item_is_in_the_navigation_and_the_home_page_has_an_empty_state(member, client_for):
    response = client_for(member).get(reverse("audits:home"))
    page = response.content.decode()
    assert 'href="/audits/"' in page
    assert "Your organisation has no self-assessment returns" in page


def test_the_outsider_is_refused(outsider, client_for):
    assert client_for(outsider).get(reverse("audits:home")).status_code == 403
    assert 'href="/audits/"' not in client_for(outsider).get(reverse("core:home")).content.decode()
