"""Notifications: the in-app inbox and email, immediately or in a daily digest.

Apps register the kinds they send (`register_kind`) so people can choose, per kind, how they
are emailed. Statutory deadline escalations are always emailed at once.

`notify()` is for domain apps: it creates the inbox rows inside the caller's transaction and
emails the immediate ones after it commits. Reminders use `create` inside their own ledger
transaction and `deliver_after_commit`. Emails are sent one per short transaction
(`deliver`), and `deliver_pending` (run by every reminder sweep) picks up any that a crash or
a mail outage left unsent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification, NotificationPreference

if TYPE_CHECKING:
    from partnership.models import User

    from .models import Deadline

Mode = Notification.EmailMode
# Whom to tell: people, where a None (a role nobody holds yet) is passed over.
RecipientT = TypeVar("RecipientT", bound="User | None")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    description: str
    always_immediate: bool = False


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


DEADLINE_REMINDER = register_kind(
    Kind(
        "deadline_reminder",
        "Deadline reminders",
        "Before a deadline you are responsible for, on the day, and when it is overdue",
    )
)
DEADLINE_ESCALATION = register_kind(
    Kind(
        "deadline_escalation",
        "Overdue deadline escalations",
        "When a deadline you oversee is overdue beyond the partnership's rule",
        always_immediate=True,
    )
)


def modes_for(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    """Each person's email mode per kind, in one query (immediate unless they chose)."""
    chosen = {
        (p.user_id, p.kind): p.mode
        for p in NotificationPreference.objects.filter(user_id__in=set(user_ids), kind__in=set(kinds))
    }
    result: dict[tuple[int, str], str] = {}
    for user_id in set(user_ids):
        for kind in set(kinds):
            if KINDS.get(kind) and KINDS[kind].always_immediate:
                result[(user_id, kind)] = Mode.IMMEDIATE
            else:
                result[(user_id, kind)] = chosen.get((user_id, kind), Mode.IMMEDIATE)
    return result


def _subject_fields(subject: models.Model | None) -> dict[str, Any]:
    if subject is None:
        return {}
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def create(messages: list[dict[str, Any]]) -> list[Notification]:
    """Inbox rows for `messages` (dicts with recipient, kind, title, body, url, deadline and
    optionally subject, the record the message is about)."""
    modes = modes_for([m["recipient"].pk for m in messages], [m["kind"] for m in messages])
    rows = [
        Notification(
            recipient=m["recipient"],
            kind=m["kind"],
            title=m["title"][:300],
            body=m.get("body", ""),
            url=m.get("url", ""),
            deadline_id=m.get("deadline_id", m["deadline"].pk if m.get("deadline") else None),
            email_mode=modes[(m["recipient"].pk, m["kind"])],
            **_subject_fields(m.get("subject")),
        )
        for m in messages
    ]
    return Notification.objects.bulk_create(rows)


def _message(notification: Notification) -> EmailMultiAlternatives:
    context = {"notification": notification, "portal_base_url": settings.PORTAL_BASE_URL}
    subject = " ".join(notification.title.split())
    text = render_to_string("emails/notification.txt", context)
    html = render_to_string("emails/notification.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def deliver_after_commit(rows: list[Notification]) -> None:
    ids = [n.pk for n in rows if n.email_mode == Mode.IMMEDIATE]
    if ids:
        from .queue import enqueue_on_commit
        from .tasks import deliver_notifications

        enqueue_on_commit(deliver_notifications, ids)


def notify(
    recipients: Iterable[RecipientT],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    deadline: Deadline | None = None,
    subject: models.Model | None = None,
) -> None:
    """Tell people something: inbox now, email after the surrounding transaction commits.
    `subject` is the record it is about; the record's page lists what was sent about it."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return
    rows = create(
        [
            {
                "recipient": u,
                "kind": kind,
                "title": title,
                "body": body,
                "url": url,
                "deadline": deadline,
                "subject": subject,
            }
            for u in people.values()
        ]
    )
    deliver_after_commit(rows)


DELIVERY_BATCH = 200
DELIVERY_LOCKS = 0x15C1  # advisory lock class for notifications being emailed


def deliver(ids: list[int]) -> int:
    """Email the given immediate notifications that are not yet emailed, over one mail
    connection. Two workers never send the same one, and a crash repeats at most the message
    in flight: each message is marked emailed (committed) as soon as it is sent.

    On PostgreSQL, a batch of up to DELIVERY_BATCH rows is claimed in one query with
    session-level advisory locks (released by the database if the worker dies, so a
    replacement takes them over at once), read again in one query, and each sent message is
    marked with one UPDATE. Elsewhere each message has its own short transaction: lock the row
    (skipping one another worker is sending), send, mark it emailed, commit.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    connection = get_connection()
    try:
        if db_connection.vendor == "postgresql":
            return _deliver_batched(wanted, connection)
        return _deliver_one_by_one(wanted, connection)
    finally:
        connection.close()


def _deliver_batched(wanted: list[int], mail_connection: BaseEmailBackend) -> int:
    sent = 0
    for start in range(0, len(wanted), DELIVERY_BATCH):
        chunk = wanted[start : start + DELIVERY_BATCH]
        with db_connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM core_notification WHERE id = ANY(%s) AND emailed_at IS NULL "
                "AND email_mode = %s AND pg_try_advisory_lock(%s, (id %% 2147483648)::int)",
                [chunk, Mode.IMMEDIATE, DELIVERY_LOCKS],
            )
            claimed = [row[0] for row in cursor.fetchall()]
        if not claimed:
            continue
        try:
            # Read again after locking: one another worker finished sending meanwhile is skipped.
            rows = list(
                Notification.objects.select_related("recipient")
                .filter(pk__in=claimed, emailed_at__isnull=True, email_mode=Mode.IMMEDIATE)
                .order_by("pk")
            )
            for row in rows:
                if not row.recipient.email or not row.recipient.is_active:
                    continue
                mail_connection.send_messages([_message(row)])
                Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
                sent += 1
        finally:
            with db_connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, key) FROM unnest(%s::int[]) AS key",
                    [DELIVERY_LOCKS, [pk % 2147483648 for pk in claimed]],
                )
    return sent


def _deliver_one_by_one(wanted: list[int], mail_connection: BaseEmailBackend) -> int:
    sent = 0
    for pk in wanted:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True, email_mode=Mode.IMMEDIATE)
                .first()
            )
            if row is None or not row.recipient.email or not row.recipient.is_active:
                continue
            mail_connection.send_messages([_message(row)])
            Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def deliver_pending(limit: int = 5000) -> int:
    """Email immediate notifications a crash or an outage left unemailed."""
    ids = list(
        Notification.objects.filter(email_mode=Mode.IMMEDIATE, emailed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return deliver(ids) if ids else 0


def send_digests() -> int:
    """One email per person with every digest notification not yet emailed."""
    sent = 0
    recipient_ids = (
        Notification.objects.filter(email_mode=Mode.DIGEST, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipient_ids):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(recipient_id=recipient_id, email_mode=Mode.DIGEST, emailed_at__isnull=True)
                .order_by("created_at")
            )
            if not rows or not rows[0].recipient.is_active or not rows[0].recipient.email:
                continue
            context = {
                "notifications": rows,
                "recipient": rows[0].recipient,
                "portal_base_url": settings.PORTAL_BASE_URL,
            }
            message = EmailMultiAlternatives(
                subject=f"Your portal digest: {len(rows)} update{'s' if len(rows) != 1 else ''}",
                body=render_to_string("emails/digest.txt", context),
                to=[rows[0].recipient.email],
            )
            message.attach_alternative(render_to_string("emails/digest.html", context), "text/html")
            message.send()
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
            sent += 1
    return sent


def sent_about(subject: models.Model) -> QuerySet[Notification]:
    """Everything the portal sent about `subject`, newest first, with its recipient: messages
    naming it, and the reminders and escalations of the deadlines it owns (a grouped message
    counts for each deadline it lists). For a deadline: the messages that carried it."""
    from .models import Deadline, SentReminder

    carried: set[int]
    if isinstance(subject, Deadline):
        carried = {
            pk
            for ids in SentReminder.objects.filter(deadline_id=subject.pk).values_list("notification_ids", flat=True)
            for pk in ids
        }
        condition = Q(deadline_id=subject.pk)
    else:
        # The subject's deadlines and what their reminders carried, in one query; the message
        # query then names them as plain ids, which PostgreSQL answers from its indexes (a join
        # to the deadlines inside the OR made it read every notification).
        content_type = ContentType.objects.get_for_model(subject)
        deadline_ids: set[int] = set()
        carried = set()
        for deadline_id, ids in Deadline.objects.filter(content_type=content_type, object_id=subject.pk).values_list(
            "pk", "reminders__notification_ids"
        ):
            deadline_ids.add(deadline_id)
            carried.update(ids or ())
        condition = Q(subject_type=content_type, subject_id=subject.pk)
        if deadline_ids:
            condition |= Q(deadline_id__in=sorted(deadline_ids))
    if carried:
        condition |= Q(pk__in=sorted(carried))
    return Notification.objects.filter(condition).select_related("recipient__organisation")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def attention_count(user: User) -> int:
    """What the menu counts: unread groups as the inbox shows them (a kind of message on a
    day), so fourteen reminders that arrived together count once."""
    from django.db.models.functions import TruncDate

    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .annotate(day=TruncDate("created_at"))
        .values("day", "kind")
        .distinct()
        .count()
    )
