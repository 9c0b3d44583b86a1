"""Chasing by hand: the business unit picks organisations (every one not yet returned, of a
kind, at one click) and sends its own words; each lead gets one message; the cycle's return
list and each return show what was sent, with dates."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from audits.services import cycles as cycle_services
from core.models import Notification
from core.services import DomainError

from .conftest import complete, submit

pytestmark = pytest.mark.django_db


def test_a_chase_reaches_each_lead_once_in_the_business_units_words(
    business, cycle, submission, police_submission, agency_lead, second_lead, other_lead
):
    assign_perm("partnership.lead_organisation", agency_lead, other_lead.organisation)  # leads both
    result = cycle_services.chase_send(
        acting_user=business,
        cycle=cycle,
        submissions=[submission, police_submission],
        message="Please send your return by Friday.",
    )
    assert (result.people, result.organisations, result.without_leads) == (3, 2, [])
    mine = Notification.objects.filter(recipient=agency_lead, kind="audit_chase")
    assert mine.count() == 1  # one message, naming both organisations
    assert other_lead.organisation.name in mine.get().title and mine.get().body == "Please send your return by Friday."
    assert Notification.objects.filter(recipient=second_lead, kind="audit_chase").count() == 1


def test_a_chase_needs_words_and_an_open_cycle(business, cycle, submission):
    with pytest.raises(DomainError, match="Enter the message"):
        cycle_services.chase_send(acting_user=business, cycle=cycle, submissions=[submission], message=" ")
    cycle_services.cycle_complete(acting_user=business, cycle=cycle)
    with pytest.raises(DomainError, match="while the cycle is open"):
        cycle_services.chase_send(acting_user=business, cycle=cycle, submissions=[submission], message="Hello")


def test_select_all_not_returned_ticks_only_those_not_returned(
    business, cycle, submission, police_submission, agency_lead, questions, client_for
):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    url = reverse("audits:cycle-chase", args=[cycle.pk])
    response = client_for(business).get(url, {"not_returned": "1"})
    assert response.context["form"].initial["submissions"] == [police_submission.pk]
    police = client_for(business).get(url, {"not_returned": "1", "kind": "nhs_trust"})
    assert police.context["form"].initial["submissions"] == []


def test_the_chase_page_sends_and_the_return_list_shows_it(business, cycle, police_submission, other_lead, client_for):
    client = client_for(business)
    url = reverse("audits:cycle-chase", args=[cycle.pk])
    empty = client.post(url, {"submissions": [police_submission.pk]})
    assert "Enter the message to send" in empty.content.decode()
    response = client.post(url, {"submissions": [police_submission.pk], "message": "Your return is overdue."})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=other_lead, body="Your return is overdue.").exists()
    listing = client.get(reverse("audits:cycle-detail", args=[cycle.pk])).content.decode()
    assert "1 chase," in listing and "Last: chase" in listing
    detail = client.get(police_submission.get_absolute_url()).content.decode()
    assert "a message about Testshire Police’s return" in detail


def test_only_the_business_unit_chases(agency_lead, cycle, police_submission, client_for):
    url = reverse("audits:cycle-chase", args=[cycle.pk])
    response = client_for(agency_lead).post(url, {"submissions": [police_submission.pk], "message": "Hi"})
    assert response.status_code in (403, 404)
    assert not Notification.objects.filter(kind="audit_chase").exists()


def test_the_chase_page_and_return_list_query_counts_are_constant(business, cycle, client_for):
    from itertools import count

    from tests.factories import OrganisationFactory, UserFactory
    from tests.helpers import assert_constant_queries

    numbers = count()

    def grow():
        organisations = []
        for _ in range(3):
            organisation = OrganisationFactory(name=f"Chased {next(numbers)}")
            lead = UserFactory(organisation=organisation)
            assign_perm("partnership.lead_organisation", lead, organisation)
            organisations.append(organisation)
        invited = cycle_services.invitation_add(acting_user=business, cycle=cycle, organisations=organisations)
        cycle_services.chase_send(acting_user=business, cycle=cycle, submissions=invited, message="Please")

    client = client_for(business)
    small, large = assert_constant_queries(client, reverse("audits:cycle-chase", args=[cycle.pk]), grow)
    assert small == large
    assert_constant_queries(client, reverse("audits:cycle-detail", args=[cycle.pk]), grow)
