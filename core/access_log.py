"""The access log of restricted (need-to-know) records: writing it, and reading it per record.

Apps register their restricted models; the business unit can then read, for any such record,
who viewed or downloaded it and when (core:access-log).
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from .models import AccessLog

_restricted: set[type] = set()


def register_restricted(model: type) -> None:
    _restricted.add(model)


def is_restricted(model: type) -> bool:
    return model in _restricted


def log_access(request, subject, *, action: str = AccessLog.Action.VIEW, detail: str = "") -> None:
    AccessLog.objects.create(
        user=request.user,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        action=action,
        detail=detail[:300],
        path=request.get_full_path()[:500],
    )


def access_log_for(subject):
    return AccessLog.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("user__organisation")


def access_log_url(subject) -> str:
    content_type = ContentType.objects.get_for_model(subject)
    return reverse("core:access-log", args=[content_type.app_label, content_type.model, subject.pk])
