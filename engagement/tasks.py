"""Celery shims for listening: the daily sweep that closes surveys past their date and sends
response-rate reminders (each stage once, so a repeated run sends nothing twice)."""

from celery import shared_task
from django.db import DatabaseError


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=5)
def sweep_surveys() -> dict:
    from .services.reminders import sweep

    return sweep()
