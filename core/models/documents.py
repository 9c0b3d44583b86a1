import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .. import addresses


def document_path(instance: "Document", filename: str) -> str:
    """Stored under a random name: the user's file name never reaches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    now = timezone.now()
    return f"documents/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    """An uploaded file (a paper, evidence, a report) that belongs to one record.

    It is served only by core's download view, after the permission check its record's app
    registered (core.documents), and only ever as an attachment.
    """

    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=300, blank=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject")]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return addresses.of("core:document-download", self.pk)

    @property
    def extension(self) -> str:
        return PurePosixPath(self.original_name).suffix.lstrip(".").upper()


class AccessLog(models.Model):
    """Who looked at which restricted record, and when. Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        EXPORT = "export", "Exported"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.VIEW)
    detail = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"], name="accesslog_subject")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.subject_type_id}:{self.subject_id} at {self.at:%Y-%m-%d %H:%M}"
