"""Celery shims: ids in, one call out (the beat entry is in config/settings/base.py)."""

from celery import shared_task

from core.queue import enqueue
from core.tasks import TRANSIENT

from . import sweep


@shared_task(acks_late=True)
def sweep_training_messages() -> dict:
    result = sweep.sweep(dispatch=lambda pairs: enqueue(send_training_messages, pairs))
    return result.__dict__


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=1800, max_retries=8)
def send_training_messages(pairs: list) -> int:
    return sweep.send([tuple(pair) for pair in pairs])
