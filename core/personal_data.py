"""Everything the portal holds about one person, for a subject access request, and the
privacy notice's list of what is held (the same registry, so the notice cannot drift from the
export).

Apps register a Source in AppConfig.ready() for each place they keep something about a user:
a label, what it holds in plain words, the column headers, and a function returning the rows
for one user. The changes a person made (the history of every record) are added here for all
apps at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils import timezone

from .tabular import write_workbook

if TYPE_CHECKING:
    from partnership.models import User


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    holds: str
    headers: list[str]
    rows: Callable[[User], Iterable[Sequence[Any]]]
    order: int = 50


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.key] = source


def sources() -> list[Source]:
    return sorted([*_sources.values(), CHANGES], key=lambda s: (s.order, s.label))


def _when(value: date | time | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _changes(user: User) -> Iterable[list[Any]]:
    """Every change this person made to any record with history: what, when, why."""
    kinds = {"+": "Created", "~": "Changed", "-": "Deleted"}
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not model.__name__.startswith("Historical") or not hasattr(model, "history_user"):
            continue
        # A simple_history model, with the fields the library adds (it ships no types).
        historical: Any = model
        label = str(model._meta.verbose_name).removeprefix("historical ").capitalize()
        pk_name = historical.instance_type._meta.pk.attname
        rows = historical.objects.filter(history_user=user).order_by("history_date", "history_id")
        for entry in rows.values_list(pk_name, "history_date", "history_type", "history_change_reason").iterator():
            record_id, at, kind, reason = entry
            yield [label, record_id, _when(at), kinds.get(kind, kind), reason or ""]


CHANGES = Source(
    key="changes",
    label="Changes you made",
    holds="Each change you made to a record: which record, when, what kind of change and the reason you gave",
    headers=["Record type", "Record number", "When", "Change", "Reason given"],
    rows=_changes,
    order=90,
)


def export(user: User) -> bytes:
    """An XLSX workbook: a summary sheet, then a sheet per source."""
    sheets: list[tuple[str, list[str], Iterable[list[Any]]]] = []
    summary: list[list[Any]] = []
    for source in sources():
        rows = [[_cell(v) for v in row] for row in source.rows(user)]
        summary.append([source.label, source.holds, len(rows)])
        sheets.append((source.label, source.headers, rows))
    cover = ("Summary", ["What", "What it holds", "Rows"], summary)
    return write_workbook([cover, *sheets])


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return _when(value)
    return value if isinstance(value, int | float) else str(value)


def register_core_sources() -> None:
    """What core itself keeps about a person: their inbox, deadlines, uploads, the records
    they viewed, sign-in attempts, sessions and security keys (never the secrets)."""
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from axes.models import AccessAttempt, AccessFailureLog

    from .models import AccessLog, Deadline, Document, Notification, NotificationPreference

    register(
        Source(
            "notifications",
            "Notifications",
            "The messages in your inbox: title, text, link, when sent, read and emailed",
            ["Title", "Message", "Link", "Sent", "Read", "Emailed"],
            lambda user: (
                Notification.objects.filter(recipient=user)
                .order_by("created_at", "pk")
                .values_list("title", "body", "url", "created_at", "read_at", "emailed_at")
                .iterator()
            ),
            order=20,
        )
    )
    register(
        Source(
            "notification_preferences",
            "Notification settings",
            "How you asked to be told about each kind of notification",
            ["Kind", "Email"],
            lambda user: NotificationPreference.objects.filter(user=user).values_list("kind", "mode"),
            order=21,
        )
    )
    register(
        Source(
            "deadlines",
            "Deadlines you are responsible for",
            "Deadlines naming you as responsible: title, due date, status, and whether you marked them met",
            ["Deadline", "Due", "Status", "Met at"],
            lambda user: (
                Deadline.objects.filter(responsible_users=user)
                .order_by("due_date", "pk")
                .values_list("title", "due_date", "status", "met_at")
                .iterator()
            ),
            order=22,
        )
    )
    register(
        Source(
            "documents",
            "Files you uploaded",
            "Each file you uploaded: its title, name, size and when",
            ["Title", "File name", "Size (bytes)", "Uploaded"],
            lambda user: (
                Document.objects.filter(uploaded_by=user)
                .order_by("uploaded_at", "pk")
                .values_list("title", "original_name", "size", "uploaded_at")
                .iterator()
            ),
            order=23,
        )
    )
    register(
        Source(
            "access_log",
            "Restricted records you viewed",
            "When you viewed, downloaded or exported a restricted record (a review or an audit return)",
            ["Record type", "Record number", "Action", "When"],
            lambda user: (
                AccessLog.objects.filter(user=user)
                .order_by("at", "pk")
                .values_list("subject_type__model", "subject_id", "action", "at")
                .iterator()
            ),
            order=24,
        )
    )
    register(
        Source(
            "sign_in_failures",
            "Failed sign-in attempts",
            "Failed attempts to sign in with your email address: when, the internet address and the browser",
            ["When", "Internet address", "Browser"],
            lambda user: [
                *AccessFailureLog.objects.filter(username__iexact=user.email)
                .order_by("attempt_time")
                .values_list("attempt_time", "ip_address", "user_agent"),
                *AccessAttempt.objects.filter(username__iexact=user.email)
                .order_by("attempt_time")
                .values_list("attempt_time", "ip_address", "user_agent"),
            ],
            order=30,
        )
    )
    register(
        Source(
            "sessions",
            "Signed-in sessions",
            "Where you are signed in: the internet address, the browser, when the session began and was last used",
            ["Internet address", "Browser", "Began", "Last used"],
            lambda user: (
                UserSession.objects.filter(user=user)
                .order_by("created_at")
                .values_list("ip", "user_agent", "created_at", "last_seen_at")
            ),
            order=31,
        )
    )
    register(
        Source(
            "authenticators",
            "Two-factor authentication",
            "The kinds of second factor you set up (authenticator app, security key, recovery codes) and "
            "when they were made and last used; never the secrets themselves",
            ["Kind", "Set up", "Last used"],
            lambda user: (
                Authenticator.objects.filter(user=user)
                .order_by("created_at")
                .values_list("type", "created_at", "last_used_at")
            ),
            order=32,
        )
    )
