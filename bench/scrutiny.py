"""Benchmark of assurance reporting on the demo data at scale: the executive dashboard (median
and 95th percentile over repeated requests, and its query count), the scorecard, and the
yearly report (compiling it, building the PDF of the version awaiting sign-off, which the portal
does once in the background, and downloading that stored PDF, which is what people wait for).

Run: .venv/bin/python bench/scrutiny.py [--scale 5] [--requests 30] [--keep]
Uses its own PostgreSQL database (BENCH_DATABASE_URL, default portal_bench_scrutiny), empties it
and loads `seed_demo --scale N` (--keep reuses what is there), then prints a table.
"""

import argparse
import io
import os
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_scrutiny")

from common import counted, median_ms, p95_ms, setup, table, timed  # noqa: E402


def seed(scale: int) -> float:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--scale", str(scale), verbosity=0)
    return time.perf_counter() - started


def measure_page(client, url: str, requests: int) -> tuple[list[float], int]:
    assert client.get(url).status_code == 200, url  # warm the caches
    with counted() as count:
        response = client.get(url)
    assert response.status_code == 200, url
    return timed(lambda: client.get(url), repeat=requests), count.queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="Reuse the data already loaded")
    args = parser.parse_args()
    setup()

    from django.test import Client
    from pypdf import PdfReader

    from core.models import Deadline
    from partnership.models import Organisation, User
    from scrutiny.models import Indicator, IndicatorValue, YearlyReport
    from scrutiny.report import compile_report, render_report_pdf
    from scrutiny.services import report as report_services
    from subgroups.models import Action

    seeded = None if args.keep and User.objects.exists() else seed(args.scale)
    executive = User.objects.get(email="executive@example.org")
    client = Client()
    client.force_login(executive)

    dashboard_times, dashboard_queries = measure_page(client, "/dashboard/", args.requests)
    scorecard_times, scorecard_queries = measure_page(client, "/assurance/scorecard/", args.requests)
    report = YearlyReport.objects.exclude(status=YearlyReport.Status.PUBLISHED).order_by("-year").first()
    version = report.current_version

    def compile_all():
        compiled = compile_report(report)
        for section in compiled.sections:
            if not section.is_text:
                section.render()

    with counted() as compile_count:
        compile_times = timed(compile_all, repeat=5)
    with counted() as pdf_count:
        pdf_times = timed(lambda: render_report_pdf(report, version=version), repeat=3)
    pages = len(PdfReader(io.BytesIO(render_report_pdf(report, version=version))).pages)
    report_services.report_version_pdf_build(version_id=version.pk)
    download_url = f"/assurance/reports/{report.pk}/pdf/"

    def download():
        response = client.get(download_url, follow=True)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")

    download()
    download_times = timed(download, repeat=args.requests)

    data = f"seed_demo --scale {args.scale} (built in {seeded:.0f}s)" if seeded else "the data already loaded"
    print(
        f"\nAssurance reporting benchmark on {data}: {Organisation.objects.count():,} organisations, "
        f"{Deadline.objects.count():,} deadlines, {Action.objects.count():,} actions, "
        f"{Indicator.objects.count():,} indicators with {IndicatorValue.objects.count():,} values.\n"
    )
    print(
        table(
            [
                (
                    "executive dashboard",
                    f"median {median_ms(dashboard_times):.0f} ms, p95 {p95_ms(dashboard_times):.0f} ms",
                    f"{dashboard_queries}",
                    f"{args.requests} requests as the executive member",
                ),
                (
                    "scorecard overview",
                    f"median {median_ms(scorecard_times):.0f} ms, p95 {p95_ms(scorecard_times):.0f} ms",
                    f"{scorecard_queries}",
                    f"{args.requests} requests",
                ),
                (
                    f"yearly report {report.year_label}: compile",
                    f"median {median_ms(compile_times):.0f} ms",
                    f"{compile_count.queries // 5}",
                    "every section, rendered as HTML",
                ),
                (
                    f"yearly report: build version {version.number}'s PDF",
                    f"median {median_ms(pdf_times):.0f} ms, max {max(pdf_times) * 1000:.0f} ms",
                    f"{pdf_count.queries // 3}",
                    f"WeasyPrint, tagged PDF/UA, {pages} pages; once, in the background",
                ),
                (
                    "yearly report: download the PDF",
                    f"median {median_ms(download_times):.0f} ms, p95 {p95_ms(download_times):.0f} ms",
                    "",
                    f"{args.requests} requests, served from the stored file",
                ),
            ],
            ("what", "time", "queries", "note"),
        )
    )


if __name__ == "__main__":
    main()
