"""Benchmark of the statutory clock: 100,000 open deadlines, one full reminder sweep, a second
(nothing left to send) sweep, and the "overdue by organisation" page.

Run: .venv/bin/python bench/clock.py [--deadlines 100000]
Uses its own PostgreSQL database (BENCH_DATABASE_URL, default portal_bench) and prints a table.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from common import counted, median_ms, p95_ms, setup, table, timed


def build(count: int):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from guardian.shortcuts import assign_perm

    from core.models import Deadline
    from core.roles import Role
    from core.services.deadlines import rule_for
    from partnership.models import Organisation, User
    from partnership.services import role_group_map

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE core_sentreminder, core_notification, core_historicaldeadline_responsible_users, "
            "core_deadline_responsible_users, core_deadline_escalation_users, core_historicaldeadline, core_deadline, "
            "partnership_organisationuserobjectpermission, partnership_user_groups, account_emailaddress, "
            "partnership_historicaluser, partnership_user, partnership_historicalorganisation, "
            "partnership_organisation CASCADE"
        )
    rng = random.Random(7)
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench Agency {i}", kind="nhs_trust") for i in range(500)]
    )
    leads = User.objects.bulk_create(
        [User(email=f"lead{i}@bench.example.org", name=f"Lead {i}", organisation=organisations[i]) for i in range(500)]
    )
    for organisation, lead in zip(organisations, leads, strict=True):
        assign_perm("partnership.lead_organisation", lead, organisation)
    business = User.objects.create(email="bu@bench.example.org", name="Business unit")
    business.groups.add(role_group_map()[Role.BUSINESS_UNIT.label])
    rule = rule_for("audit_return")
    today = timezone.localdate()
    content_type = ContentType.objects.get_for_model(Organisation)
    rows = []
    for index in range(count):
        organisation = organisations[index % len(organisations)]
        due = today + timedelta(days=rng.randint(-60, 120))
        rows.append(
            Deadline(
                content_type=content_type,
                object_id=organisation.pk,
                rule=rule,
                title=f"Return {index}",
                start_date=due - timedelta(days=42),
                due_date=due,
                original_due_date=due,
                rule_summary=rule.summary(),
                responsible_organisation=organisation,
            )
        )
    Deadline.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves the tables after a bulk load
    return business


def measure(deadlines: int, requests: int) -> dict:
    """Build the deadlines, sweep, deliver, sweep again, and time the overdue page. Returns
    the figures (times in seconds, query counts)."""
    from django.test import Client

    from core import notifications, reminders
    from core.models import Deadline, Notification, SentReminder

    started = time.perf_counter()
    business = build(deadlines)
    built = time.perf_counter() - started

    from django.urls import get_resolver

    from core import calendar

    # Loaded once, as in a running worker: the URLs, the cache connection, the calendar rows.
    get_resolver().url_patterns  # noqa: B018
    calendar.cached_rows(calendar.closure_days(), calendar.today())
    deliver_after_commit = notifications.deliver_after_commit
    notifications.deliver_after_commit = lambda rows: None  # delivery is measured separately below
    try:
        with counted() as scan_count:
            started = time.perf_counter()
            result = reminders.sweep()
            scan_time = time.perf_counter() - started
    finally:
        notifications.deliver_after_commit = deliver_after_commit
    sent = SentReminder.objects.count()
    messages = Notification.objects.count()

    def deliver_all():
        while notifications.deliver_pending():
            pass

    with counted() as deliver_count:
        deliver_time = timed(deliver_all)[0]
    emails = Notification.objects.filter(emailed_at__isnull=False).count()
    with counted() as second_count:
        second_time = timed(reminders.sweep)[0]
    assert SentReminder.objects.count() == sent, "the second sweep sent something again"

    client = Client()
    client.force_login(business)
    assert client.get("/deadlines/overdue/").status_code == 200
    with counted() as page_count:
        response = client.get("/deadlines/overdue/")
    assert response.status_code == 200 and b"Overdue deadlines by organisation" in response.content
    page_times = timed(lambda: client.get("/deadlines/overdue/"), repeat=requests)
    return {
        "deadlines": deadlines,
        "built": built,
        "overdue": Deadline.objects.filter(status=Deadline.Status.MISSED).count(),
        "sent": sent,
        "messages": messages,
        "marked": result.marked_missed,
        "scan": (scan_time, scan_count.queries),
        "deliver": (deliver_time, deliver_count.queries),
        "emails": emails,
        "second": (second_time, second_count.queries),
        "page": (page_times, page_count.queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--runs", type=int, default=3, help="build and sweep this many times; the times are the median (and range)"
    )
    args = parser.parse_args()
    setup()

    runs = [measure(args.deadlines, args.requests) for _ in range(args.runs)]
    f = runs[-1]
    print(
        f"\nStatutory clock benchmark: {f['deadlines']:,} open deadlines over 500 organisations "
        f"(built in {f['built']:.1f}s); {f['overdue']:,} overdue; {f['sent']:,} reminders due today; "
        f"each time the median of {len(runs)} runs (range).\n"
    )

    def spread(key: str) -> tuple[str, int]:
        times = sorted(run[key][0] for run in runs)
        shown = f"{statistics.median(times):.2f} s"
        if len(times) > 1:
            shown += f" ({times[0]:.2f}-{times[-1]:.2f})"
        return shown, f[key][1]

    scan_time, scan_queries = spread("scan")
    deliver_time, deliver_queries = spread("deliver")
    second_time, second_queries = spread("second")
    page_times, page_queries = f["page"]
    print(
        table(
            [
                (
                    f"sweep: mark {f['marked']:,} missed, ledger for {f['sent']:,} reminders, inbox",
                    scan_time,
                    f"{scan_queries:,}",
                    f"{f['messages']:,} grouped messages (one per person and kind)",
                ),
                (
                    "email delivery of the grouped messages",
                    deliver_time,
                    f"{deliver_queries:,}",
                    f"{f['emails']:,} emails, {deliver_queries / max(1, f['emails']):.1f} queries each",
                ),
                (
                    "second sweep (nothing left to send)",
                    second_time,
                    f"{second_queries:,}",
                    "",
                ),
                (
                    "overdue by organisation page",
                    f"median {median_ms(page_times):.0f} ms, p95 {p95_ms(page_times):.0f} ms",
                    f"{page_queries}",
                    "per request",
                ),
            ],
            ("what", "time", "queries", "note"),
        )
    )


if __name__ == "__main__":
    main()
