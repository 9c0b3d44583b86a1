"""Spreadsheet imports' two writes: keeping an uploaded file for its preview, and applying it.
The app's importer does the domain work; these keep the pending upload's life in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from ..models import PendingImport
from ..tabular import Importer, Preview

if TYPE_CHECKING:
    from partnership.models import User


def pending_import_create(*, acting_user: User, kind: str, filename: str, content: bytes) -> PendingImport:
    """Keep an upload that passed its dry run until the person confirms it (stale ones go)."""
    PendingImport.purge_stale()
    return PendingImport.objects.create(kind=kind, filename=filename, content=content, created_by=acting_user)


@transaction.atomic
def pending_import_apply(*, acting_user: User, pending: PendingImport, importer: Importer) -> Preview:
    """Apply a confirmed upload through the app's importer, then forget the file. Both happen
    or neither: a refused import keeps the upload for another look."""
    applied = importer.apply(pending.filename, bytes(pending.content), acting_user=acting_user)
    pending.delete()
    return applied
