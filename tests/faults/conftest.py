"""Fault tests stop and start the machine's real PostgreSQL and Redis, so they run last, and
always put the service back however the test ends."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

POSTGRES_VERSION = (
    next(iter(sorted(p.name for p in Path("/etc/postgresql").iterdir())), "15")
    if Path("/etc/postgresql").exists()
    else "15"
)
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def pytest_collection_modifyitems(session, config, items):
    faults = [item for item in items if "tests/faults/" in str(item.fspath)]
    others = [item for item in items if "tests/faults/" not in str(item.fspath)]
    items[:] = others + faults
    for item in faults:
        item.add_marker(pytest.mark.serial)  # they stop services every other test needs


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, timeout: float = 30) -> bool:
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if condition():
            return True
        time.sleep(0.2)
    return False


def postgres(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", POSTGRES_VERSION, "main", action],
        check=True,
        capture_output=True,
        timeout=60,
    )


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True, timeout=30)
    wait_until(lambda: not port_open(6379), 10)


def redis_start() -> None:
    if not port_open(6379):
        Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
        Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
        subprocess.run(REDIS_START, check=True, capture_output=True, timeout=30)
    assert wait_until(lambda: port_open(6379), 20), "Redis did not come back"


@pytest.fixture
def can_control_services():
    if not shutil.which("pg_ctlcluster") or not shutil.which("redis-server"):
        pytest.fail("The fault tests need pg_ctlcluster and redis-server on this machine")
