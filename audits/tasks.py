"""Celery shims for the audits app."""

from django.db import DatabaseError

from core.queue import celery_task

from .services import signoff


@celery_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=5)
def tell_expired_invitations() -> int:
    return signoff.tell_expired_invitations()


@celery_task(acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, max_retries=5)
def build_cycle_report(cycle_id: int, basis: str) -> bool:
    from .services.reports import cycle_report_build

    return cycle_report_build(cycle_id=cycle_id, basis=basis)
