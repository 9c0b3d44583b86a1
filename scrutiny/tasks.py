"""Celery shims for scrutiny: ids in, one call out."""

from celery import shared_task
from django.db import DatabaseError


@shared_task(acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, max_retries=5)
def build_report_version_pdf(version_id: int) -> bool:
    from .services.report import report_version_pdf_build

    return report_version_pdf_build(version_id=version_id)


@shared_task(acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, max_retries=5)
def build_published_report_pdf(report_id: int) -> bool:
    from .services.report import report_published_pdf_build

    return report_published_pdf_build(report_id=report_id)
