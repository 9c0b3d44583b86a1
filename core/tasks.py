"""Celery shims: ids in, one call out. Retries for transient database or mail failures."""

import smtplib

from celery import shared_task
from django.db import DatabaseError

from . import notifications, reminders

TRANSIENT = (DatabaseError, smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(acks_late=True)
def sweep_deadlines() -> dict:
    return reminders.sweep().__dict__


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=1800, max_retries=8)
def send_reminders(pairs: list) -> int:
    return reminders.send_batch([tuple(pair) for pair in pairs])


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=1800, max_retries=8)
def deliver_notifications(ids: list[int]) -> int:
    return notifications.deliver(ids)


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=60, max_retries=5)
def send_digests() -> int:
    return notifications.send_digests()


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=60, max_retries=5)
def retention_review() -> dict:
    from . import retention

    return retention.run_review().due
