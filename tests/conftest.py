"""The named cast every test module uses, and fixtures shared across apps.

The cast: a business-unit officer, a sub-group chair, an agency lead, an executive member,
the independent scrutineer, a partnership member, and an outsider with no grants.
"""

import pytest
from django.core.cache import cache
from guardian.shortcuts import assign_perm

from core.roles import Role

from .factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council(db):
    return OrganisationFactory(
        name="Testshire County Council",
        kind="local_authority",
        is_safeguarding_partner=True,
        is_relevant_agency=False,
    )


@pytest.fixture
def agency(db):
    return OrganisationFactory(name="Testshire Hospitals NHS Trust", kind="nhs_trust")


@pytest.fixture
def business(council):
    return UserFactory(
        email="business@test.example.org", name="Bea Business", organisation=council, roles=[Role.BUSINESS_UNIT]
    )


@pytest.fixture
def executive(council):
    return UserFactory(
        email="executive@test.example.org", name="Eddie Executive", organisation=council, roles=[Role.EXECUTIVE]
    )


@pytest.fixture
def chair(council):
    return UserFactory(email="chair@test.example.org", name="Chris Chair", organisation=council, roles=[Role.MEMBER])


@pytest.fixture
def agency_lead(agency):
    user = UserFactory(email="lead@test.example.org", name="Alex Lead", organisation=agency, roles=[Role.MEMBER])
    assign_perm("partnership.lead_organisation", user, agency)
    return user


@pytest.fixture
def scrutineer(db):
    return UserFactory(
        email="scrutineer@test.example.org", name="Sam Scrutineer", organisation=None, roles=[Role.SCRUTINEER]
    )


@pytest.fixture
def member(agency):
    return UserFactory(email="member@test.example.org", name="Mo Member", organisation=agency, roles=[Role.MEMBER])


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@test.example.org", name="Olly Outsider", organisation=None)


CAST = ("business", "executive", "chair", "agency_lead", "scrutineer", "member", "outsider")


@pytest.fixture
def cast(business, executive, chair, agency_lead, scrutineer, member, outsider):
    return {
        "business": business,
        "executive": executive,
        "chair": chair,
        "agency_lead": agency_lead,
        "scrutineer": scrutineer,
        "member": member,
        "outsider": outsider,
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def world(cast, settings, tmp_path):
    """One of every record, as the URL-walking tests need (tests/world.py)."""
    from .world import build_world

    settings.MEDIA_ROOT = tmp_path
    return build_world(cast)
