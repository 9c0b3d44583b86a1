"""Celery shims for the audits app."""

from celery import shared_task
from django.db import DatabaseError

from .services import signoff


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=5)
def tell_expired_invitations() -> int:
    return signoff.tell_expired_invitations()
