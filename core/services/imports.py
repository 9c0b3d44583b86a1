"""Spreadsheet imports' two writes: keeping an uploaded file for its preview, and applying it.
The app's importer does the domain work; these keep the pending upload's life in one place."""

from django.db import transaction

from ..models import PendingImport
from ..tabular import Importer


def pending_import_create(*, acting_user, kind: str, filename: str, content: bytes) -> PendingImport:
    """Keep an upload that passed its dry run until the person confirms it (stale ones go)."""
    PendingImport.purge_stale()
    return PendingImport.objects.create(kind=kind, filename=filename, content=content, created_by=acting_user)


@transaction.atomic
def pending_import_apply(*, acting_user, pending: PendingImport, importer: Importer):
    """Apply a confirmed upload through the app's importer, then forget the file. Both happen
    or neither: a refused import keeps the upload for another look."""
    applied = importer.apply(pending.filename, bytes(pending.content), acting_user=acting_user)
    pending.delete()
    return applied
