"""The pages core owns stay within the query budget at two data sizes: the deadlines page and
My work, whose panels' counts are taken in one query (core.mywork)."""

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Deadline, Notification
from core.mywork import Tally, count_all
from core.services import deadlines as clock
from partnership.models import Organisation, User
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_query_budget

pytestmark = pytest.mark.django_db
numbers = count()
# My work's permission look-ups are subqueries of its one counting query; what is left is the
# person's roles, organisation and bookings, the deadlines, and the few rows no list page holds.
HOME_BUDGET = 15


@pytest.fixture
def grow(agency, agency_lead, business):
    today = timezone.localdate()

    def add():
        for _ in range(4):
            n = next(numbers)
            organisation = OrganisationFactory()
            person = UserFactory(organisation=organisation)
            for subject, org in ((organisation, organisation), (agency, agency)):
                clock.deadline_create(
                    subject=subject,
                    rule_key="audit_return",
                    start=today,
                    due_date=today + timedelta(days=n % 20 - 10),
                    title=f"Return {n}",
                    responsible_organisation=org,
                    responsible_users=[person, agency_lead],
                    escalation_users=[business],
                )
            Notification.objects.create(recipient=agency_lead, kind="deadline_reminder", title=f"Note {n}")

    return add


@pytest.mark.parametrize("who", ["agency_lead", "business"])
def test_the_deadlines_page_is_within_the_budget(who, grow, request, client_for):
    assert_query_budget(client_for(request.getfixturevalue(who)), reverse("core:deadline-list"), grow)


@pytest.mark.parametrize("who", ["agency_lead", "business"])
def test_my_work_counts_its_panels_whatever_the_data(who, grow, request, client_for):
    assert_query_budget(client_for(request.getfixturevalue(who)), reverse("core:home"), grow, budget=HOME_BUDGET)


def test_every_tally_is_counted_in_one_query(agency, agency_lead):
    tallies = [
        Tally("organisation", "organisations", Organisation.objects.all()),
        Tally("lead", "leads", User.objects.filter(pk=agency_lead.pk)),
        Tally("deadline", "deadlines", Deadline.objects.filter(title="none such")),
        Tally("nobody", "nobodies", User.objects.filter(pk__in=[])),  # nothing to ask the database
    ]
    with CaptureQueriesContext(connection) as queries:
        count_all(tallies)
    assert len(queries.captured_queries) == 1
    assert [t.count for t in tallies] == [Organisation.objects.count(), 1, 0, 0]
    assert [t.label for t in tallies[1:]] == ["lead", "deadlines", "nobodies"]
