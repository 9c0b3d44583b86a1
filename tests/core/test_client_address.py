"""Lockout by person and address cannot be dodged, or turned on someone else, with a header.

The outside test found that with AXES_PROXY_COUNT=0 a client-written X-Forwarded-For was
trusted (a new address per guess: no lockout), that with 1 an appended header gave the
attacker's chosen address, and that a single-entry header recorded an empty address.
"""

import pytest
from django.test import RequestFactory

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PROXY = "10.0.0.254"  # the portal's own reverse proxy, as the app server sees it
# Public addresses: an address-picking library may prefer them to private ones.
ATTACKER = "81.2.69.160"
VICTIM = "81.2.69.142"

# What a guesser can put in the header themselves.
HOSTILE_HEADERS = [
    lambda n: f"81.2.70.{n}",  # a new address every time
    lambda n: f"81.2.70.{n}, 81.2.71.{n}",  # several
    lambda n: VICTIM,  # someone else's
    lambda n: "",  # empty
    lambda n: " , ",  # empty entries
    lambda n: "not-an-address",
    lambda n: "unknown, " * n,
]


@pytest.fixture
def proxy_count(settings):
    """What AXES_PROXY_COUNT=n sets: the portal's own setting and the one it used to set
    (django-axes' django-ipware count), so these tests judge the old code by the same rule."""

    def set_count(count: int) -> None:
        settings.PORTAL_TRUSTED_PROXY_COUNT = count
        settings.AXES_IPWARE_PROXY_COUNT = count

    return set_count


def _address(header: str | None, remote: str = PROXY) -> str:
    from core.client_ip import client_ip

    meta = {"REMOTE_ADDR": remote}
    if header is not None:
        meta["HTTP_X_FORWARDED_FOR"] = header
    return client_ip(RequestFactory().get("/", **meta))


def test_without_proxies_the_header_is_ignored(proxy_count):
    proxy_count(0)
    for n, header in enumerate(HOSTILE_HEADERS):
        assert _address(header(n), remote=ATTACKER) == ATTACKER


def test_behind_one_proxy_the_address_is_the_one_it_appended(proxy_count):
    proxy_count(1)
    assert _address(ATTACKER) == ATTACKER  # nothing from the client: the proxy wrote one entry
    assert _address(f"{VICTIM}, {ATTACKER}") == ATTACKER  # the client's own entry is on the left
    assert _address(f"{VICTIM},{ATTACKER}:51234") == ATTACKER  # a port some proxies add
    assert _address(f"{VICTIM}, [2001:DB8::1]:443") == "2001:db8::1"
    # No header, an empty one, or garbage in the proxy's place: the connection's address,
    # never an empty one.
    for header in (None, "", " ", "unknown", f"{VICTIM}, "):
        assert _address(header) == PROXY


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(proxy_count):
    proxy_count(2)
    assert _address(f"{VICTIM}, {ATTACKER}, 10.0.0.3") == ATTACKER
    assert _address("10.0.0.3") == PROXY  # too short: it did not come through both proxies


def _guess(client, email, password, *, remote, header=None):
    extra = {"REMOTE_ADDR": remote}
    if header is not None:
        extra["HTTP_X_FORWARDED_FOR"] = header
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def _locked(response) -> bool:
    return response.status_code in (403, 429) and "Too many attempts to sign in" in response.content.decode()


@pytest.mark.parametrize("hostile", HOSTILE_HEADERS)
def test_guessing_stays_capped_whatever_the_header_says_with_no_proxy(hostile, client, member, settings, proxy_count):
    proxy_count(0)
    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        _guess(client, member.email, f"guess-{n}", remote=ATTACKER, header=hostile(n))
    assert _locked(_guess(client, member.email, PASSWORD, remote=ATTACKER, header=hostile(99)))


@pytest.mark.parametrize("hostile", HOSTILE_HEADERS)
def test_guessing_stays_capped_whatever_the_header_says_behind_a_proxy(hostile, client, member, settings, proxy_count):
    """The proxy appends the address it saw to whatever the client sent."""
    proxy_count(1)

    def through_proxy(n):
        sent = hostile(n)
        return f"{sent}, {ATTACKER}" if sent else ATTACKER

    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        _guess(client, member.email, f"guess-{n}", remote=PROXY, header=through_proxy(n))
    assert _locked(_guess(client, member.email, PASSWORD, remote=PROXY, header=through_proxy(99)))


@pytest.mark.parametrize("proxies", [0, 1])
def test_nobody_can_lock_someone_else_out_by_naming_their_address(proxies, client, member, settings, proxy_count):
    proxy_count(proxies)
    remote, attacker_header = (ATTACKER, VICTIM) if proxies == 0 else (PROXY, f"{VICTIM}, {ATTACKER}")
    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        _guess(client, member.email, f"guess-{n}", remote=remote, header=attacker_header)
    assert _locked(_guess(client, member.email, PASSWORD, remote=remote, header=attacker_header))
    client.cookies.clear()
    victim = (VICTIM, None) if proxies == 0 else (PROXY, VICTIM)
    response = _guess(client, member.email, PASSWORD, remote=victim[0], header=victim[1])
    assert response.status_code == 302 and response["Location"] == "/"
