"""Uploaded documents: storing them, and who may download them.

Each app that attaches documents to its records registers, per model, who may see them and
whether the record is restricted (need-to-know: every download is then written to the access
log). The download view answers 404 to anyone the check refuses, so a document's address
reveals nothing.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import models

from .forms import UploadValidator
from .models import Document

if TYPE_CHECKING:
    from partnership.models import User

# Types people exchange in partnership business. No HTML, SVG or executable content, ever.
PAPER_TYPES = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "odt", "png", "jpg", "jpeg", "csv", "txt"]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "txt": "text/plain",
}


@dataclass(frozen=True)
class Access:
    can_view: Callable[[object, object], bool]
    restricted: bool = False


_access: dict[type[models.Model], Access] = {}


def register(
    model: type[models.Model], *, can_view: Callable[[object, object], bool], restricted: bool = False
) -> None:
    _access[model] = Access(can_view=can_view, restricted=restricted)


def access_for(subject: models.Model) -> Access | None:
    return _access.get(type(subject))


def paper_validator(max_bytes: int | None = None) -> UploadValidator:
    return UploadValidator(PAPER_TYPES, max_bytes=max_bytes)


def store(
    *, upload: File[bytes], subject: models.Model, uploaded_by: User, title: str = "", previous: Document | None = None
) -> Document:
    """Save an upload (already validated by its form) as a document of `subject`."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    document = Document(
        original_name=name[-255:],
        content_type=CONTENT_TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=upload.size,
        sha256=digest.hexdigest(),
        title=title,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        version=(previous.version + 1) if previous else 1,
        previous=previous,
        uploaded_by=uploaded_by,
    )
    document.file.save(document.original_name, upload, save=False)
    document.save()
    return document


def documents_of(subject: models.Model) -> models.QuerySet[Document]:
    return Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("uploaded_by")
