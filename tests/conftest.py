"""The named cast every test module uses, and fixtures shared across apps.

The cast: a business-unit officer, a sub-group chair, an agency lead, an executive member,
the independent scrutineer, a partnership member, a practitioner (registered from the agency
only to book training: not in the partnership), and an outsider with no grants.
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


def make_council():
    return OrganisationFactory(
        name="Testshire County Council",
        kind="local_authority",
        is_safeguarding_partner=True,
        is_relevant_agency=False,
    )


def make_agency():
    return OrganisationFactory(
        name="Testshire Hospitals NHS Trust", kind="nhs_trust", email_domains="testshirehospitals.example.org"
    )


def make_agency_lead(agency):
    user = UserFactory(email="lead@test.example.org", name="Alex Lead", organisation=agency, roles=[Role.MEMBER])
    assign_perm("partnership.lead_organisation", user, agency)
    return user


# Each member of the cast: (email, name, which organisation, roles).
PEOPLE = {
    "business": ("business@test.example.org", "Bea Business", "council", [Role.BUSINESS_UNIT]),
    "executive": ("executive@test.example.org", "Eddie Executive", "council", [Role.EXECUTIVE]),
    "chair": ("chair@test.example.org", "Chris Chair", "council", [Role.MEMBER]),
    "scrutineer": ("scrutineer@test.example.org", "Sam Scrutineer", None, [Role.SCRUTINEER]),
    "member": ("member@test.example.org", "Mo Member", "agency", [Role.MEMBER]),
    "outsider": ("outsider@test.example.org", "Olly Outsider", None, []),
}


def make_practitioner(agency):
    """A practitioner from the agency: the account has no organisation (that would open the
    agency's deadlines and plans); their agency is on their training registration."""
    from training.models import Practitioner

    user = UserFactory(
        email="pat@testshirehospitals.example.org",
        name="Pat Practitioner",
        job_title="Health visitor",
        organisation=None,
        roles=[Role.PRACTITIONER],
    )
    Practitioner.objects.create(user=user, organisation=agency)
    return user


def make_person(key: str, organisations: dict):
    email, name, organisation, roles = PEOPLE[key]
    return UserFactory(email=email, name=name, organisation=organisations.get(organisation), roles=roles)


def make_cast() -> dict:
    """The whole cast, outside pytest's fixtures (for module-scoped worlds)."""
    organisations = {"council": make_council(), "agency": make_agency()}
    people = {key: make_person(key, organisations) for key in PEOPLE}
    return {
        **people,
        "agency_lead": make_agency_lead(organisations["agency"]),
        "practitioner": make_practitioner(organisations["agency"]),
    }


@pytest.fixture
def council(db):
    return make_council()


@pytest.fixture
def agency(db):
    return make_agency()


@pytest.fixture
def business(council):
    return make_person("business", {"council": council})


@pytest.fixture
def executive(council):
    return make_person("executive", {"council": council})


@pytest.fixture
def chair(council):
    return make_person("chair", {"council": council})


@pytest.fixture
def agency_lead(agency):
    return make_agency_lead(agency)


@pytest.fixture
def scrutineer(db):
    return make_person("scrutineer", {})


@pytest.fixture
def member(agency):
    return make_person("member", {"agency": agency})


@pytest.fixture
def outsider(db):
    return make_person("outsider", {})


@pytest.fixture
def practitioner(agency):
    return make_practitioner(agency)


CAST = ("business", "executive", "chair", "agency_lead", "scrutineer", "member", "practitioner", "outsider")


@pytest.fixture
def cast(business, executive, chair, agency_lead, scrutineer, member, practitioner, outsider):
    return {
        "business": business,
        "executive": executive,
        "chair": chair,
        "agency_lead": agency_lead,
        "scrutineer": scrutineer,
        "member": member,
        "practitioner": practitioner,
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


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for a whole module whose tests change nothing that lasts (each undoes its own
    requests): built once in a transaction that is rolled back after the module."""
    from django.conf import settings
    from django.db import transaction

    from .world import build_world

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("world-media"))
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield build_world(make_cast())
            transaction.set_rollback(True)
    finally:
        settings.MEDIA_ROOT = media


# The longest tests first, so that the two workers finish together rather than one waiting
# while the other runs a two-minute test it picked up last (longest-first scheduling).
SLOWEST_FIRST = (
    "tests/operations/test_backup.py::test_backup_of_the_demo",
    "tests/test_embedded_server.py",
    "tests/test_demo.py",
    "tests/browser/",
    "tests/test_link_crawl.py",
    "tests/test_form_fuzz.py",
    "tests/test_access_logging.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        return next((i for i, prefix in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(prefix)), len(SLOWEST_FIRST))

    items.sort(key=rank)  # stable: the rest keep their order
