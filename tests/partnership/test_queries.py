"""Directory pages run the same number of queries whatever the data size."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from core.roles import Role
from tests.factories import BudgetContributionFactory, OrganisationFactory, PriorityFactory, UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


def _grow_directory(agency):
    def grow():
        for index in range(30):
            organisation = OrganisationFactory(parent=agency if index % 2 else None)
            for _ in range(2):
                person = UserFactory(organisation=organisation, roles=[Role.MEMBER, Role.LAY_MEMBER])
            assign_perm("partnership.lead_organisation", person, organisation)

    return grow


def test_directory_list_is_constant(business, agency, client_for):
    assert_constant_queries(client_for(business), reverse("partnership:organisation-list"), _grow_directory(agency))


def test_organisation_detail_is_constant(business, agency, client_for):
    def grow():
        for _ in range(20):
            person = UserFactory(organisation=agency, roles=[Role.MEMBER, Role.EXECUTIVE])
            assign_perm("partnership.lead_organisation", person, agency)
            OrganisationFactory(parent=agency)

    assert_constant_queries(client_for(business), reverse("partnership:organisation-detail", args=[agency.pk]), grow)


def test_people_list_is_constant(business, agency, client_for):
    assert_constant_queries(client_for(business), reverse("partnership:people-list"), _grow_directory(agency))


def test_person_detail_is_constant(business, agency_lead, client_for):
    def grow():
        for _ in range(10):
            assign_perm("partnership.lead_organisation", agency_lead, OrganisationFactory())

    assert_constant_queries(client_for(business), reverse("partnership:person-detail", args=[agency_lead.pk]), grow)


def test_home_priorities_and_budget_are_constant(business, agency, client_for):
    client = client_for(business)

    years = iter(range(1990, 2100))

    def grow():
        _grow_directory(agency)()
        for year in [next(years) for _ in range(5)]:
            PriorityFactory()
            BudgetContributionFactory(financial_year=year, organisation=business.organisation)
            BudgetContributionFactory(financial_year=year)

    for url in (reverse("core:home"), reverse("partnership:priority-list"), reverse("partnership:budget")):
        assert_constant_queries(client, url, grow)


def test_history_page_is_constant(business, agency, client_for):
    from partnership import services

    def grow():
        for index in range(15):
            services.organisation_update(
                acting_user=business, organisation=agency, contact_name=f"Contact {index}", parent=OrganisationFactory()
            )

    assert_constant_queries(client_for(business), reverse("partnership:organisation-history", args=[agency.pk]), grow)
