"""The access log of restricted (need-to-know) records: writing it, and reading it per record.

Apps register their restricted models; the business unit can then read, for any such record,
who viewed or downloaded it and when (core:access-log).

Views that show a restricted record and change nothing are decorated with `restricted_read`
(GET and HEAD only) and call `log_view` once they hold the record; exports, PDFs and downloads
log with an action saying so and a detail naming what they contained.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_safe

from .models import AccessLog

if TYPE_CHECKING:
    from .views.form_pages import AuthenticatedHttpRequest

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
# The mark restricted_read leaves on a view (the suite checks such views log every read).
_RESTRICTED_READ_ATTR = "restricted_read"

_restricted: set[type[Model]] = set()


def register_restricted(model: type[Model]) -> None:
    _restricted.add(model)


def is_restricted(model: type[Model]) -> bool:
    return model in _restricted


def log_access(
    request: AuthenticatedHttpRequest, subject: Model, *, action: str = AccessLog.Action.VIEW, detail: str = ""
) -> None:
    AccessLog.objects.create(
        user=request.user,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        action=action,
        detail=detail[:300],
        path=request.get_full_path()[:500],
    )


# The methods that read a page; a HEAD runs the whole view (and its checks) like a GET.
READ_METHODS = frozenset({"GET", "HEAD"})


def restricted_read(view: View) -> View:
    """For a view that shows a restricted record, or exports it, and changes nothing: GET and
    HEAD only. Anything else (POST, PUT, PATCH, DELETE, OPTIONS, TRACE) gets 405 before the
    view runs, so no method can read the record without the access log hearing of it."""
    view = require_safe(view)
    setattr(view, _RESTRICTED_READ_ATTR, True)
    return view


def log_view(
    request: AuthenticatedHttpRequest, record: Model, detail: str = "", action: str = AccessLog.Action.VIEW
) -> None:
    """Record that this person saw (or exported) this restricted record: every GET or HEAD of a
    page showing it. A form view's POST is a write, recorded by the record's history."""
    if request.method in READ_METHODS:
        log_access(request, record, action=action, detail=detail)


def access_log_for(subject: Model) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("user__organisation")


def access_log_url(subject: Model) -> str:
    content_type = ContentType.objects.get_for_model(subject)
    return reverse("core:access-log", args=[content_type.app_label, content_type.model, subject.pk])


def log_link(subject: Model, *, allowed: bool) -> str:
    """The address of the record's access log for a reader the app allows to see it (its
    can_view_access_log), or nothing: a page never shows a link its reader cannot follow."""
    return access_log_url(subject) if allowed else ""
