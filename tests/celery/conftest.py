"""Real Celery workers against the real Redis.

`worker_processes` starts `celery worker` as separate processes (as production runs them),
pointed at the test database, writing emails to files; `celery_worker_thread` runs one worker
inside the test process, for tests that need to patch what the worker does. Either way the
queue is this checkout's own and is purged before and after, and the database starts empty
even if an earlier run was killed before cleaning up.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parent.parent.parent


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/celery/" in str(item.fspath):
            item.add_marker(pytest.mark.celery)
            item.add_marker(pytest.mark.serial)  # one queue per checkout, so never two at once


@pytest.fixture
def clean_queue(transactional_db):
    call_command("flush", interactive=False, verbosity=0)
    app.conf.task_always_eager = False
    app.control.purge()
    yield
    app.control.purge()
    app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_thread(clean_queue):
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


class WorkerProcesses:
    def __init__(self, mail_dir: Path):
        self.mail_dir = mail_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def env(self, **extra) -> dict:
        database = connection.settings_dict
        return {
            **extra,
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": extra.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"),
            "EMAIL_FILE_PATH": str(self.mail_dir),
        }

    def start(self, name: str, **env) -> None:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--hostname",
            f"{name}@%h",
            "--queues",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ]
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env(**env))
        self.wait_until_ready(name)

    def wait_until_ready(self, name: str, timeout: float = 60) -> None:
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            replies = app.control.ping(timeout=0.5) or []
            if any(name in host for reply in replies for host in reply):
                return
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"worker {name} exited with {self.processes[name].returncode}")
        raise RuntimeError(f"worker {name} did not start within {timeout}s")

    def kill(self, name: str) -> None:
        """As the operating system would: no warm shutdown, no chance to acknowledge."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def markers(self) -> int:
        return len(list(self.mail_dir.glob("sending-*.marker")))

    def emails(self) -> list[str]:
        """The subject lines of every email the workers sent."""
        subjects = []
        for path in self.mail_dir.glob("*.log"):
            subjects += [
                line[len("Subject: ") :] for line in path.read_text().splitlines() if line.startswith("Subject: ")
            ]
        return subjects

    def recipients(self) -> list[str]:
        """The address of every email the workers sent, one entry per email."""
        to = []
        for path in self.mail_dir.glob("*.log"):
            to += [line[len("To: ") :] for line in path.read_text().splitlines() if line.startswith("To: ")]
        return to


@pytest.fixture
def worker_processes(clean_queue, tmp_path):
    workers = WorkerProcesses(tmp_path)
    yield workers
    workers.stop_all()


def wait_for(condition, timeout: float = 90, settle: float = 2.0):
    """Wait until `condition()` is true, then a little longer so stragglers would show."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            time.sleep(settle)
            return True
        time.sleep(0.2)
    return False
