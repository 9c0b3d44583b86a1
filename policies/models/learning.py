"""Learning links: a review finding, an audit or a challenge (any record a learning source
registers with core.learning_sources) saying that a procedure must change. The link waits on
the document until a new version that answers it is published."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .register import Policy, PolicyVersion


class ProcedureChangeRequest(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="change_requests")
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    # How the source was named when linked (safe words from its app), kept if it is deleted.
    source_label = models.CharField(max_length=300)
    what_should_change = models.TextField("what should change")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_by_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_requests",
        verbose_name="answered by",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="change_request_source"),
            models.Index(fields=["resolved_at", "raised_at"], name="change_request_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "source_type", "source_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_change_request_per_source",
                violation_error_message="This learning is already waiting on this document",
            )
        ]

    def __str__(self) -> str:
        return f"Change to {self.policy} from {self.source_label}"

    def get_absolute_url(self) -> str:
        return f"{self.policy.get_absolute_url()}#learning"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
