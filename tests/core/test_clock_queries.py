"""The clock's pages keep a constant number of queries as deadlines and notifications grow."""

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.services import deadlines as clock
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture
def grow(agency, agency_lead, business):
    today = timezone.localdate()

    def add():
        for _ in range(8):
            n = next(numbers)
            organisation = OrganisationFactory()
            person = UserFactory(organisation=organisation)
            for subject, org in ((organisation, organisation), (agency, agency)):
                deadline = clock.deadline_create(
                    subject=subject,
                    rule_key="audit_return",
                    start=today,
                    due_date=today + timedelta(days=n % 20 - 10),
                    title=f"Return {n}",
                    responsible_organisation=org,
                    responsible_users=[person, agency_lead],
                    escalation_users=[business],
                )
                clock.deadline_move(
                    deadline=deadline,
                    due_date=deadline.due_date + timedelta(days=1),
                    acting_user=business,
                    reason="Agreed",
                )
            Notification.objects.create(recipient=agency_lead, kind="deadline_reminder", title=f"Note {n}")
            Notification.objects.create(recipient=business, kind="deadline_reminder", title=f"Note {n}")

    return add


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("agency_lead", reverse("core:home")),
        ("business", reverse("core:home")),
        ("agency_lead", reverse("core:deadline-list")),
        ("business", reverse("core:deadline-list") + "?scope=all"),
        ("business", reverse("core:deadline-list") + "?scope=all&status=overdue&statutory=on"),
        ("business", reverse("core:deadline-overdue")),
        ("business", reverse("core:deadline-calendar")),
        ("agency_lead", reverse("core:deadline-calendar")),
        ("business", reverse("core:notification-list")),
        ("business", reverse("core:rule-list")),
    ],
)
def test_clock_pages_are_constant(request, grow, client_for, user, url):
    assert_constant_queries(client_for(request.getfixturevalue(user)), url, grow)


def test_deadline_detail_with_a_growing_history_is_constant(agency, business, client_for):
    deadline = clock.deadline_create(subject=agency, rule_key="action", start=timezone.localdate(), title="Report")

    def grow():
        for _ in range(5):
            clock.deadline_move(
                deadline=deadline, due_date=deadline.due_date + timedelta(days=1), acting_user=business, reason="Again"
            )

    assert_constant_queries(client_for(business), reverse("core:deadline-detail", args=[deadline.pk]), grow)
