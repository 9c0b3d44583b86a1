"""The portal's benchmark: one table of what its main pages, its reminder sweep and its PDF
builds cost on the scaled demo data.

  bench/run [--scale 5] [--requests 30] [--deadlines 100000] [--keep-data]

1. A PostgreSQL database of its own (BENCH_RUN_DATABASE_URL, default portal_bench_run), rebuilt
   and filled with `seed_demo --scale N` (or reused with --keep-data).
2. Each main page, requested in-process through the whole middleware stack as the person who
   would use it: median and p95 server time over --requests requests (after two to warm up),
   that median as a multiple of the floor (a view that does nothing, measured in the same run
   through the same middleware), and the page's query count.
3. Each PDF the portal builds, on the biggest example in the data: median of three builds.
4. The reminder sweep over --deadlines open deadlines (bench/clock.py's measure(); it replaces
   the people and organisations, so it runs last).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["BENCH_DATABASE_URL"] = os.environ.get(
    "BENCH_RUN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_run"
)

import training_pages  # noqa: E402
from common import counted, median_ms, p95_ms, setup, table, timed  # noqa: E402


def fresh_database() -> None:
    import psycopg2

    url = os.environ["BENCH_DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    connection = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()


def biggest(queryset, related: str):
    from django.db.models import Count

    return queryset.annotate(_n=Count(related)).order_by("-_n", "pk").first()


def pages() -> list[tuple[str, str, str]]:
    """(what, who, url) for each main page, on the biggest example of its record."""
    from django.urls import reverse

    from audits.models import AuditCycle
    from engagement.models import Survey
    from subgroups.models import ActionPlan, Meeting

    meeting = biggest(Meeting.objects.all(), "items__papers")
    plan = biggest(ActionPlan.objects.all(), "actions")
    cycle = biggest(AuditCycle.objects.all(), "submissions")
    survey = biggest(Survey.objects.exclude(status=Survey.Status.DRAFT), "responses")
    return [
        ("home (my work)", "business@example.org", reverse("core:home")),
        ("directory", "business@example.org", reverse("partnership:organisation-list")),
        ("meeting", "business@example.org", reverse("subgroups:meeting-detail", args=[meeting.pk])),
        ("action plan", "business@example.org", reverse("subgroups:plan-detail", args=[plan.pk])),
        ("review pipeline", "business@example.org", reverse("reviews:pipeline")),
        ("audit heatmap", "business@example.org", reverse("audits:cycle-heatmap", args=[cycle.pk])),
        ("executive dashboard", "executive@example.org", reverse("scrutiny:dashboard")),
        ("scorecard", "executive@example.org", reverse("scrutiny:scorecard")),
        *training_pages.pages(),
        ("survey results", "business@example.org", reverse("engagement:survey-results", args=[survey.pk])),
        ("you said, we did log", "chair@example.org", reverse("engagement:yousaid-list")),
    ]


def pdf_builds() -> list[tuple[str, object]]:
    """(what, build) for each PDF, on the biggest example in the data."""
    from django.utils.timezone import localdate

    from audits import reports as audit_reports
    from audits.models import AuditCycle
    from reviews import report as review_reports
    from reviews.models import Briefing, RapidReview
    from scrutiny import report as yearly
    from scrutiny.models import YearlyReport
    from subgroups.models import Meeting
    from subgroups.pack import render_pack

    meeting = biggest(Meeting.objects.all(), "items__papers")
    cycle = biggest(AuditCycle.objects.all(), "submissions")
    rapid = RapidReview.objects.order_by("-pk").first()
    briefing = Briefing.objects.order_by("-pk").first()
    report = YearlyReport.objects.order_by("-pk").first()
    builds = [
        ("agenda pack PDF", lambda: render_pack(meeting)),
        ("audit cycle report XLSX", lambda: audit_reports.export_xlsx(cycle)),
        ("audit cycle report PDF", lambda: audit_reports.report_pdf(cycle, localdate())),
        ("rapid review report PDF", lambda: review_reports.render_rapid_review(rapid)),
        ("learning briefing PDF", lambda: review_reports.render_briefing(briefing)),
        ("yearly report PDF", lambda: yearly.render_report_pdf(report)),
    ]
    return builds


def measure_page(client, url: str, requests: int) -> tuple[list[float], int, int]:
    for _ in range(2):
        warm = client.get(url)
        assert warm.status_code == 200, f"{url} answered {warm.status_code}"
    with counted() as count:
        client.get(url)
    times = timed(lambda: client.get(url), repeat=requests)
    return times, count.queries, len(warm.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--keep-data", action="store_true", help="reuse the data of an earlier run")
    args = parser.parse_args()

    if not args.keep_data:
        fresh_database()
    setup()
    from django.core.management import call_command
    from django.test import Client

    from partnership.models import Organisation, User

    started = time.perf_counter()
    reused = Organisation.objects.exists()
    call_command("seed_demo", scale=args.scale, if_empty=True, verbosity=0)
    seeded = "reused from an earlier run" if reused else f"seeded in {time.perf_counter() - started:.0f}s"

    rows = []
    clients = {}

    def client_for(email: str) -> Client:
        if email not in clients:
            clients[email] = Client()
            clients[email].force_login(User.objects.get(email=email))
        return clients[email]

    floor_times, floor_queries, _ = measure_page(client_for("business@example.org"), "/bench/floor/", args.requests)
    floor = median_ms(floor_times)
    rows.append(("floor: a view that does nothing", f"{floor:.1f}", f"{p95_ms(floor_times):.1f}", "1.0", floor_queries))
    for what, who, url in pages():
        times, queries, size = measure_page(client_for(who), url, args.requests)
        rows.append(
            (
                f"{what} ({size // 1024} KB)",
                f"{median_ms(times):.1f}",
                f"{p95_ms(times):.1f}",
                f"{median_ms(times) / floor:.1f}",
                queries,
            )
        )
    for what, build in pdf_builds():
        with counted() as count:
            pdf = build()
        times = timed(build, repeat=3)
        rows.append(
            (
                f"{what} ({len(pdf) // 1024} KB)",
                f"{median_ms(times):.0f}",
                f"{max(times) * 1000:.0f}",
                f"{median_ms(times) / floor:.0f}",
                count.queries,
            )
        )

    import clock

    f = clock.measure(args.deadlines, requests=5)
    sweep_time = f["scan"][0]
    rows.append(
        (
            f"reminder sweep, {args.deadlines:,} deadlines ({f['sent']:,} reminders, {f['messages']:,} messages)",
            f"{sweep_time * 1000:.0f}",
            "",
            f"{sweep_time * 1000 / floor:.0f}",
            f["scan"][1],
        )
    )
    rows.append(
        (
            "second sweep, nothing to send",
            f"{f['second'][0] * 1000:.0f}",
            "",
            f"{f['second'][0] * 1000 / floor:.0f}",
            f["second"][1],
        )
    )
    rows.append(
        (
            f"delivering those messages ({f['emails']:,} emails)",
            f"{f['deliver'][0] * 1000:.0f}",
            "",
            f"{f['deliver'][0] * 1000 / floor:.0f}",
            f["deliver"][1],
        )
    )

    print(
        f"\nBenchmark on scale-{args.scale} demo data ({seeded}) on PostgreSQL; "
        f"{args.requests} requests per page; PDFs: median of 3 builds (p95 column: the slowest).\n"
    )
    print(table(rows, ("what", "median ms", "p95 ms", "× floor", "queries")))


if __name__ == "__main__":
    main()
