"""The embedded default (`make run`: SQLite, runserver) with several people at once.

The outside test saw about 1% of requests fail with 500 "database is locked" with two browsers
(every request writes: the sliding session, allauth's session tracking), and the live quoracy
check thirteen times in a row. This starts the real `manage.py run_embedded` on a free port
against a temporary SQLite database holding the test cast and one of every record, and has ten
clients sign in and click about at once (bench/embedded_load.py). Nothing may answer 5xx.

It also posts ids too large for any column to the embedded server's forms: a 500 on SQLite.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from bench import embedded_load

# The embedded server and its world take a couple of minutes to build: one worker builds them
# once for the whole module rather than each worker for its share of the tests.
pytestmark = pytest.mark.xdist_group("embedded")
BASE_DIR = Path(settings.BASE_DIR)
CLIENTS = 10
DURATION = float(os.environ.get("EMBEDDED_LOAD_SECONDS", "20"))
TOO_BIG = "99999999999999999999"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log: Path, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the embedded server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the embedded server did not start")


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """(base URL, what tests/embedded_world.py wrote, the server's output so far)."""
    folder = tmp_path_factory.mktemp("embedded")
    database, facts = folder / "portal.sqlite3", folder / "world.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "tests.embedded_world", str(database), str(facts)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=900,
    )
    port = _free_port()
    log = folder / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "run_embedded", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/healthz", server, log)
        yield base, json.loads(facts.read_text()), log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_ten_people_clicking_at_once_get_no_server_error(embedded):
    base, world, log = embedded
    roles = ["business", "chair", "agency_lead", "executive", "scrutineer", "member", "outsider"]
    accounts = [world["emails"][role] for role in roles]
    report = embedded_load.run(base, accounts, world["password"], CLIENTS, DURATION)
    summary = embedded_load.summary(report, CLIENTS, DURATION)
    assert report.signed_in == CLIENTS, summary
    assert report.requests >= CLIENTS * 10, summary  # they really clicked
    assert report.forms["live quoracy check"] and report.forms["notification preferences"], summary
    assert report.server_errors == 0, summary
    assert "database is locked" not in log.read_text()


def _signed_in_as(base: str, email: str, password: str) -> embedded_load.Browser:
    browser = embedded_load.Browser(base, embedded_load.Report())
    assert browser.sign_in(email, password)
    return browser


@pytest.mark.parametrize(
    ("name", "field"),
    [("reviews:practice-review-edit", "themes"), ("reviews:rapid-review-panel", "members")],
)
def test_an_id_too_large_for_sqlite_is_an_error_on_the_form(name, field, embedded):
    base, world, _ = embedded
    browser = _signed_in_as(base, world["emails"]["business"], world["password"])
    url = world["urls"][name]
    status, _, page = browser.request("GET", url)
    assert status == 200
    status, _, answer = browser.send_form(url, page, extra={field: [TOO_BIG]})
    assert status == 200, f"{name} answered {status} to {field}={TOO_BIG}"
    assert "govuk-error-summary" in answer and f'href="#id_{field}' in answer
