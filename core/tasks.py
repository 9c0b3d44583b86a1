"""Celery shims: ids in, one call out. Retries for transient database or mail failures."""

import smtplib
from typing import Any

from django.db import DatabaseError

from . import notifications, reminders
from .queue import celery_task

TRANSIENT = (DatabaseError, smtplib.SMTPException, ConnectionError, TimeoutError)


@celery_task(acks_late=True)
def sweep_deadlines() -> dict[str, Any]:
    return reminders.sweep().__dict__


@celery_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=1800, max_retries=8)
def send_reminders(pairs: list[list[Any]]) -> int:
    return reminders.send_batch([tuple(pair) for pair in pairs])


@celery_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=1800, max_retries=8)
def deliver_notifications(ids: list[int]) -> int:
    return notifications.deliver(ids)


@celery_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=60, max_retries=5)
def send_digests() -> int:
    return notifications.send_digests()


@celery_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=60, max_retries=5)
def retention_review() -> dict[str, int]:
    from . import retention

    due: dict[str, int] = retention.run_review().due
    return due
