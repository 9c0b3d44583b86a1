"""Bounded queries: the register's pages and the public pages run the same number of queries
however much there is to show (tests/helpers.py: assert_constant_queries)."""

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from core import calendar
from core.roles import Role
from partnership.models import StrategicPriority
from policies.models import ConsultationInvite
from policies.services import adoption, consultation, learning, register
from reviews.services import practice
from subgroups.services import groups as group_services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries

from .builders import consulted, draft, published

pytestmark = pytest.mark.django_db
numbers = count(1)


@pytest.fixture
def finding(business):
    review = practice.practice_review_create(
        acting_user=business, kind="thematic", title="Neglect review", decided_on=calendar.today()
    )
    return practice.finding_add(acting_user=business, review=review, text="x")


def _more_documents(business, group, agency_lead, finding):
    def grow():
        n = next(numbers)
        in_force = published(business, group, title=f"Procedure {n}")
        learning.change_request_add(
            acting_user=business,
            policy=in_force,
            source_key="reviews.finding",
            source_id=finding.pk,
            what_should_change=f"Change {n}",
        )
        consulted(business, draft(business, group, title=f"Draft {n}"), [agency_lead.organisation])

    return grow


def test_the_register_and_the_learning_list(business, group, agency_lead, finding, client_for):
    client = client_for(business)
    grow = _more_documents(business, group, agency_lead, finding)
    assert_constant_queries(client, reverse("policies:policy-list"), grow)
    assert_constant_queries(client, reverse("policies:policy-list") + "?due=1", grow)
    assert_constant_queries(client, reverse("policies:learning-list"), grow)


def test_the_home_panel(business, group, agency_lead, member, finding, client_for):
    grow = _more_documents(business, group, agency_lead, finding)
    assert_constant_queries(client_for(agency_lead), reverse("core:home"), grow)


def test_a_documents_page_and_its_consultation(business, group, agency_lead, finding, client_for):
    policy = published(business, group)
    register.review_start(acting_user=business, policy=policy)
    register.version_save(
        acting_user=business, policy=policy, change_summary="v2", external_url="https://procedures.example.org/v2"
    )
    sent = consulted(business, policy, [agency_lead.organisation])

    def grow():
        n = next(numbers)
        organisation = OrganisationFactory(name=f"Agency {n}")
        lead = UserFactory(name=f"Lead {n}", organisation=organisation, roles=[Role.MEMBER])
        assign_perm("partnership.lead_organisation", lead, organisation)
        ConsultationInvite.objects.create(consultation=sent, organisation=organisation)
        comment = consultation.comment_add(acting_user=lead, consultation=sent, organisation=organisation, text="x")
        consultation.comment_answer(acting_user=business, comment=comment, response="y", outcome="changed")
        another = practice.finding_add(acting_user=business, review=finding.review, text=f"Finding {n}")
        learning.change_request_add(
            acting_user=business,
            policy=policy,
            source_key="reviews.finding",
            source_id=another.pk,
            what_should_change=f"Change {n}",
        )

    client = client_for(business)
    assert_constant_queries(client, reverse("policies:policy-detail", args=[policy.pk]), grow)
    assert_constant_queries(client, reverse("policies:consultation-detail", args=[sent.pk]), grow)


def test_who_has_adopted(business, group, client_for):
    policy = published(business, group)

    def grow():
        n = next(numbers)
        organisation = OrganisationFactory(name=f"Adopter {n}")
        lead = UserFactory(name=f"Adopting lead {n}", organisation=organisation, roles=[Role.MEMBER])
        assign_perm("partnership.lead_organisation", lead, organisation)
        adoption.adoption_confirm(acting_user=lead, policy=policy, organisation=organisation)
        OrganisationFactory(name=f"Not adopted {n}")

    assert_constant_queries(client_for(business), reverse("policies:adoption-list", args=[policy.pk]), grow)


def test_the_public_pages(business, group, client):
    def grow():
        n = next(numbers)
        published(business, group, title=f"Public procedure {n}")
        child = group_services.group_save(
            acting_user=business, name=f"Task group {n}", kind="task_and_finish", purpose="x", reports_to=group
        )
        assert child.reports_to == group
        StrategicPriority.objects.create(title=f"Priority {n}", description="d", period_start=2025, period_end=2028)
        OrganisationFactory(name=f"Agency {n}", kind="housing")
        review = practice.practice_review_create(
            acting_user=business, kind="thematic", title=f"Review {n}", decided_on=calendar.today()
        )
        review.status, review.published_on = review.Status.PUBLISHED, calendar.today()
        review.may_come_down_on = calendar.today() + timedelta(days=365)
        review.save()

    for name in ("website:about", "website:policy-list", "website:practice-review-list", "website:yearly-report-list"):
        assert_constant_queries(client, reverse(name), grow)
