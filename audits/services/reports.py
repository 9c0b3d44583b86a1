"""The cycle's overview report, built in the background: a large cycle's PDF takes seconds to
lay out, so the report view serves the stored file while the report would say the same, and
otherwise asks for a build and says so. Whether it would say the same is the SHA-256 of the
report's HTML (audits.reports.report_html), so nothing needs telling when the data changes."""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core import calendar
from core.pdf import pdf_from_html
from core.queue import enqueue_on_commit

from .. import reports
from ..models import AuditCycle, CycleReportFile

# A build asked for and not done in this time (a worker lost it) is asked for again.
BUILD_RETRY_AFTER = timedelta(minutes=5)


def content_hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def cycle_report_request(*, cycle: AuditCycle, basis: str, digest: str) -> bool:
    """Ask for the report with this content to be built, unless that build is under way.
    Returns whether a build was asked for. Only the view serving the report asks, after it has
    checked that the person may read the cycle; what is built is the cycle's own data."""
    now = timezone.now()
    with transaction.atomic():
        stored, created = CycleReportFile.objects.select_for_update().get_or_create(
            cycle=cycle, basis=basis, defaults={"content_hash": digest, "requested_at": now}
        )
        if not created and not stored.build_is_stale(digest, now, BUILD_RETRY_AFTER):
            return False
        if not created:
            stored.content_hash, stored.requested_at, stored.built_at = digest, now, None
            stored.save(update_fields=["content_hash", "requested_at", "built_at"])
        from ..tasks import build_cycle_report

        enqueue_on_commit(build_cycle_report, cycle.pk, basis)
    return True


def cycle_report_build(*, cycle_id: int, basis: str) -> bool:
    """Build the report as the data stands and keep it (the last one built replaces the one
    before). Laid out outside the transaction; stored under the row's lock."""
    cycle = AuditCycle.objects.filter(pk=cycle_id).select_related("version").first()
    if cycle is None:
        return False
    html = reports.report_html(cycle, calendar.today(), basis=basis)
    digest = content_hash(html)
    data = pdf_from_html(html)
    with transaction.atomic():
        stored = CycleReportFile.objects.select_for_update().filter(cycle_id=cycle_id, basis=basis).first()
        if stored is None:
            stored = CycleReportFile(cycle=cycle, basis=basis, requested_at=timezone.now())
        elif stored.serves(digest):
            return False
        previous = stored.pdf.name if stored.pdf else ""
        stored.content_hash, stored.built_at = digest, timezone.now()
        stored.pdf.save(f"overview-{basis}-{digest[:12]}.pdf", ContentFile(data), save=False)
        stored.save()
        if previous and previous != stored.pdf.name:
            storage = stored.pdf.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return True
