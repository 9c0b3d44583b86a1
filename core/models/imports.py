from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class PendingImport(models.Model):
    """An uploaded spreadsheet between its dry run and the user's confirmation.

    Kept in the database (not the session or the filesystem) so that the confirmation step
    re-reads exactly the file that was previewed, on any web process. Rows older than a day
    are purged by the next upload.
    """

    kind = models.CharField(max_length=50)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.filename}"

    @classmethod
    def purge_stale(cls) -> None:
        cls.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
