"""Every named URL × every member of the cast gets the answer the matrix says.

A URL with no entry fails `test_every_named_url_is_in_the_matrix`, so new pages cannot slip
through without a decision about who may reach them.
"""

from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix import DENIED, LOGIN, ROLES
from .world import matrix_modules

# Admin pages other than the index take model names and ids; the admin's own staff check
# covers them all the same way, and nobody in the cast is staff.
COVERED_BY_RULE = ("admin:",)


def _matrix() -> dict:
    entries = {}
    for module in matrix_modules():
        entries.update(module.ENTRIES)
    return entries


MATRIX = _matrix()


def _named_urls(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _named_urls(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_is_in_the_matrix():
    missing = sorted(name for name in set(_named_urls()) if name not in MATRIX and not name.startswith(COVERED_BY_RULE))
    assert not missing, f"URLs with no entry in the permission matrix: {missing}"


def test_the_matrix_names_only_real_urls():
    assert not set(MATRIX) - set(_named_urls())


@pytest.fixture(scope="module")
def signed_in(shared_world, django_db_blocker) -> dict:
    """Each role's session cookies, signed in once for the module (inside shared_world's
    transaction, so the sessions outlast each test's rollback): signing in and out for every
    URL took a third of this module's time. Anonymous has none."""
    cookies = {"anonymous": SimpleCookie()}
    with django_db_blocker.unblock():
        for role in ROLES:
            if role != "anonymous":
                client = Client()
                client.force_login(shared_world[role])
                cookies[role] = client.cookies
    return cookies


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(name, shared_world, signed_in, client):
    world = shared_world
    entry = MATRIX[name]
    url = entry.url(world)
    failures = []
    for role in ROLES:
        # The role's own session as signed in, whatever the last request did to the cookies
        # (signing out, a new session key after changing a password: both rolled back).
        client.cookies = SimpleCookie({key: morsel.value for key, morsel in signed_in[role].items()})
        send = client.post if entry.method == "post" else client.get
        # Each role's request is undone afterwards, so one role's POST (say, removing an
        # agenda item) cannot change what the next role meets.
        with transaction.atomic():
            response = send(url, entry.data(world))
            transaction.set_rollback(True)
        expected = entry.expected_for(role)
        if not _matches(response, expected):
            failures.append(f"{role}: expected {expected}, got {response.status_code} {response.get('Location', '')}")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


def _matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    if expected == DENIED:
        return response.status_code in (403, 404)
    return response.status_code == expected


@pytest.mark.django_db
def test_without_mfa_every_page_but_public_ones_sends_even_the_business_unit_to_set_it_up(
    shared_world, client, settings
):
    """With MFA required (as production requires it), someone who has not set it up reaches
    only the public pages and the pages for setting it up and signing out: every other URL,
    their own account's email, password and sessions pages too, sends them to enrolment."""
    from core.middleware import RequireMFAMiddleware

    settings.PORTAL_REQUIRE_MFA = True
    client.force_login(shared_world["business"])
    enrolment = reverse("mfa_index")
    reached = []
    for name, entry in sorted(MATRIX.items()):
        public = (
            entry.expected_for("anonymous") not in (LOGIN, DENIED)
            or name.startswith("mfa_")
            or name in RequireMFAMiddleware.ALLOWED_NAMES
        )
        if name == "admin:index":  # the admin's own login page for anyone who is not staff
            continue
        send = client.post if entry.method == "post" else client.get
        with transaction.atomic():
            response = send(entry.url(shared_world), entry.data(shared_world))
            transaction.set_rollback(True)
        sent_to_enrolment = response.status_code == 302 and response["Location"] == enrolment
        if sent_to_enrolment == public:
            reached.append(f"{name}: {response.status_code} {response.get('Location', '')}")
    assert not reached, "Without MFA:\n" + "\n".join(reached)
