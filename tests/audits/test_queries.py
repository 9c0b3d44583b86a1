"""The audit pages people land on (a cycle's dashboard, its heatmap, a return) run the same
number of queries however many organisations, returns and messages there are, within the
budget for a main page."""

from itertools import count

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from audits.services import cycles as cycle_services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_query_budget

from .conftest import complete, submit

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture
def grow(business, cycle, questions, submission, agency_lead):
    """Each call: three more organisations in the cycle, their returns answered and sent in,
    and a chase about every return not yet in (the agency's included)."""
    complete(submission, agency_lead, questions)

    def grow_once():
        for _ in range(3):
            organisation = OrganisationFactory(name=f"Grown {next(numbers)}")
            lead = UserFactory(organisation=organisation)
            assign_perm("partnership.lead_organisation", lead, organisation)
            [invited] = cycle_services.invitation_add(acting_user=business, cycle=cycle, organisations=[organisation])
            complete(invited, lead, questions, rating=1 + next(numbers) % 3)
            submit(invited, lead)
        cycle_services.chase_send(
            acting_user=business,
            cycle=cycle,
            submissions=list(cycle.submissions.exclude(status__in=("submitted", "accepted"))),
            message="Please send your return in",
        )

    return grow_once


@pytest.mark.parametrize("name", ["audits:cycle-detail", "audits:cycle-heatmap"])
def test_a_cycles_pages_keep_to_the_query_budget(name, business, cycle, grow, client_for):
    assert_query_budget(client_for(business), reverse(name, args=[cycle.pk]), grow)


def test_a_return_runs_the_same_queries_however_many_messages(business, submission, grow, client_for):
    # Within the main-page budget since the middleware floor dropped to two queries, with what
    # was sent about it (core's sent_about), the deadline's link check and the access log write.
    url = reverse("audits:submission-detail", args=[submission.pk])
    assert_query_budget(client_for(business), url, grow)


@pytest.mark.parametrize("reader", ["business", "agency_lead"])
def test_a_return_waiting_on_invitations_runs_the_same_queries_however_many(
    reader, request, business, submission, agency_lead, questions, client_for
):
    """The lead and the business unit see every invitation by email sent for the return."""
    from audits.services import signoff

    complete(submission, agency_lead, questions)

    def invite_again():
        for _ in range(3):
            signoff.signoff_invite(
                acting_user=agency_lead,
                submission=submission,
                name="Sam Senior",
                email=f"sam{next(numbers)}@testshirehospitals.example.org",
            )

    url = reverse("audits:submission-detail", args=[submission.pk])
    assert_query_budget(client_for(request.getfixturevalue(reader)), url, invite_again)
