"""The in-process scheduler for the embedded default (no Redis, no beat process).

It reads the same CELERY_BEAT_SCHEDULE as production's beat and calls each task on its
timetable in a daemon thread. Tasks are idempotent (their ledgers make a repeat a no-op), so
a restart that runs one early does no harm.
"""

import logging
import threading
import time
from datetime import UTC, datetime
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)
TICK_SECONDS = 30


def start_scheduler() -> threading.Thread | None:
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", {})
    if not schedule:
        return None
    # A worker imports every app's tasks module when it starts; this process is the worker.
    autodiscover_modules("tasks")
    thread = threading.Thread(target=_loop, args=(schedule,), name="embedded-scheduler", daemon=True)
    thread.start()
    logger.info("Embedded scheduler started with %d periodic tasks", len(schedule))
    return thread


def _loop(schedule: dict[str, dict[str, Any]]) -> None:
    last_run: dict[str, datetime] = {}
    while True:
        for name, entry in schedule.items():
            try:
                _maybe_run(name, entry, last_run)
            except Exception:  # noqa: BLE001 - one failing task must not stop the others
                logger.exception("Embedded scheduler: %s failed", name)
            finally:
                close_old_connections()
        time.sleep(TICK_SECONDS)


def _maybe_run(name: str, entry: dict[str, Any], last_run: dict[str, datetime]) -> None:
    schedule = entry["schedule"]
    now = datetime.now(UTC)
    previous = last_run.get(name)
    if previous is not None:
        if hasattr(schedule, "is_due"):
            if not schedule.is_due(previous).is_due:
                return
        else:
            interval = schedule.total_seconds() if hasattr(schedule, "total_seconds") else float(schedule)
            if (now - previous).total_seconds() < interval:
                return
    last_run[name] = now
    # apply() runs the task here and now, as a worker would, whatever the broker settings.
    current_app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
