"""Handing work to Celery without making a page fail when Redis is down.

Everything a task does is derived from the database (notifications not yet emailed, reminders
not yet sent), and the periodic sweeps pick up whatever was not handed over. So if the broker
cannot be reached, the page still succeeds, the fault is logged, and the work is done at the
next sweep once Redis is back.
"""

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, ParamSpec, Protocol, TypeVar

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger("portal.queue")

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Task(Protocol[P, R_co]):
    """What Celery makes of a task function: still callable, and queued with .delay()."""

    name: str

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    def delay(self, *args: P.args, **kwargs: P.kwargs) -> object: ...


def celery_task(**options: Any) -> Callable[[Callable[P, R]], Task[P, R]]:
    """Celery's shared_task(**options) with the task's own signature kept for type checking
    (Celery ships no type information)."""
    decorator: Callable[[Callable[P, R]], Task[P, R]] = shared_task(**options)
    return decorator


def enqueue(task: Task[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
    try:
        task.delay(*args, **kwargs)
    except (OperationalError, ConnectionError, TimeoutError, OSError) as error:
        logger.warning("Could not queue %s (%s); the next sweep will pick the work up", task.name, error)
        return False
    return True


def enqueue_on_commit(task: Task[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
    transaction.on_commit(partial(enqueue, task, *args, **kwargs))
