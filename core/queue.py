"""Handing work to Celery without making a page fail when Redis is down.

Everything a task does is derived from the database (notifications not yet emailed, reminders
not yet sent), and the periodic sweeps pick up whatever was not handed over. So if the broker
cannot be reached, the page still succeeds, the fault is logged, and the work is done at the
next sweep once Redis is back.
"""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger("portal.queue")


def enqueue(task, *args, **kwargs) -> bool:
    try:
        task.delay(*args, **kwargs)
    except (OperationalError, ConnectionError, TimeoutError, OSError) as error:
        logger.warning("Could not queue %s (%s); the next sweep will pick the work up", task.name, error)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(enqueue, task, *args, **kwargs))
