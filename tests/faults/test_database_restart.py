"""PostgreSQL restarted under the running portal: requests fail cleanly with the error page
for a moment and recover by themselves, without restarting the application."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections

from .conftest import port_open, postgres, wait_until

ROOT = Path(__file__).resolve().parents[2]
PORT = 8765
pytestmark = pytest.mark.django_db(transaction=True)


def _get(path: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own local server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "core.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def test_requests_fail_cleanly_while_postgres_is_down_and_recover_by_themselves(can_control_services, member):
    cookie = _session_cookie(member)
    database = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--timeout",
            "30",
            "--env",
            "DJANGO_SETTINGS_MODULE=config.settings.test",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: port_open(PORT), 30), "gunicorn did not start"
        for _ in range(4):  # both workers hold a persistent connection
            status, page = _get("/", cookie)
            assert status == 200 and "My work" in page
        connections.close_all()
        postgres("stop")
        try:
            for path in ("/", "/directory/", "/healthz"):
                # Load balancers ask for /healthz without a session.
                status, page = _get(path, "" if path == "/healthz" else cookie)
                if path == "/healthz":
                    assert status == 503 and "database unavailable" in page
                else:
                    assert status == 500, (path, status)
                    assert "Sorry, there is a problem with the service" in page
                    assert "Traceback" not in page
        finally:
            postgres("start")
        started = time.monotonic()
        assert wait_until(lambda: _get("/", cookie)[0] == 200, 30), "the portal did not recover by itself"
        recovered_in = time.monotonic() - started
        for _ in range(6):
            assert _get("/directory/", cookie)[0] == 200
        assert server.poll() is None, "gunicorn had to restart"
        print(f"recovered {recovered_in:.1f}s after PostgreSQL came back")
    finally:
        server.terminate()
        server.wait(timeout=30)
        connections.close_all()
