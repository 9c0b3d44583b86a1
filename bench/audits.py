"""Benchmark of a large self-assessment cycle: 300 organisations × 40 questions, every return
submitted or accepted. Times the overview report PDF, the XLSX export of every answer and the
heatmap page, with their query counts.

Run: .venv/bin/python bench/audits.py [--organisations 300] [--questions 40]
Uses its own PostgreSQL database (BENCH_DATABASE_URL, default portal_bench) and prints a table.
"""

import argparse
import io
import random
import time
from datetime import timedelta

from common import counted, median_ms, p95_ms, setup, table, timed

TABLES = (
    "audits_evidence, audits_historicalevidence, audits_answer, audits_historicalanswer, audits_questioncomment, "
    "audits_moderationrating, audits_historicalmoderationrating, audits_challengeevent_presenting, "
    "audits_challengeevent_panel, audits_challengeevent, audits_historicalchallengeevent, audits_auditsubmission, "
    "audits_historicalauditsubmission, audits_cycleuserobjectpermission, audits_cyclegroupobjectpermission, "
    "audits_auditcycle, audits_historicalauditcycle, audits_question, audits_historicalquestion, audits_standard, "
    "audits_historicalstandard, audits_frameworkversion, audits_historicalframeworkversion, audits_framework, "
    "audits_historicalframework, core_deadline, core_historicaldeadline, core_accesslog, core_notification, "
    "partnership_organisationuserobjectpermission, partnership_user_groups, account_emailaddress, "
    "partnership_historicaluser, partnership_user, partnership_historicalorganisation, partnership_organisation"
)
KINDS = ["nhs_trust", "school", "gp_practice", "voluntary", "housing", "early_years", "police", "college"]


def build(organisations: int, questions_count: int):
    """The cycle and its answers are bulk-inserted (the services are exercised by the tests);
    what is measured is reading them back."""
    from django.db import connection
    from django.utils import timezone

    from audits.models import Answer, AuditCycle, AuditSubmission, Framework, FrameworkVersion, Question, Standard
    from core.roles import Role
    from partnership.models import Organisation, User
    from partnership.services import role_group_map

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLES} CASCADE")
    rng = random.Random(11)
    business = User.objects.create(email="bu@bench.example.org", name="Business unit")
    business.groups.add(role_group_map()[Role.BUSINESS_UNIT.label])
    framework = Framework.objects.create(name="Bench Section 11", duty="section_11")
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=1,
        status="published",
        scale="rag",
        action_threshold=3,
        published_at=timezone.now(),
    )
    standards = Standard.objects.bulk_create(
        [Standard(version=version, reference=str(n), title=f"Standard {n}", position=n) for n in range(1, 9)]
    )
    kinds = ["rating"] * 6 + ["yes_no_partly", "number"]
    questions = Question.objects.bulk_create(
        [
            Question(
                standard=standards[n % 8],
                reference=f"{n % 8 + 1}.{n // 8 + 1}",
                text=f"Question {n} about safeguarding practice in the organisation",
                kind=kinds[n % len(kinds)],
                position=n // 8 + 1,
            )
            for n in range(questions_count)
        ]
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench Audit Organisation {i:03}", kind=KINDS[i % len(KINDS)])
            for i in range(organisations)
        ]
    )
    today = timezone.localdate()
    cycle = AuditCycle.objects.create(
        title="Bench Section 11 cycle",
        version=version,
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=5),
        status="open",
        launched_at=timezone.now(),
        created_by=business,
    )
    now = timezone.now()
    submissions = AuditSubmission.objects.bulk_create(
        [
            AuditSubmission(
                cycle=cycle,
                organisation=org,
                status="accepted" if i % 3 else "submitted",
                started_at=now,
                submitted_at=now,
                first_submitted_at=now - timedelta(days=rng.randint(0, 70)),
                sign_off_name="Senior manager",
            )
            for i, org in enumerate(orgs)
        ]
    )
    answers = []
    for submission in submissions:
        quality = rng.random()
        for question in questions:
            answer = Answer(submission=submission, question=question, version=1, updated_by=business)
            if question.kind == "rating":
                answer.rating = 1 + round(min(1.0, max(0.0, rng.gauss(quality, 0.3))) * 2)
                answer.text = "Explanation of the rating and the evidence that supports it."
            elif question.kind == "yes_no_partly":
                answer.response = rng.choice(["yes", "partly", "no"])
            else:
                answer.number = rng.randint(40, 100)
            answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=5000)
    return business, cycle, len(answers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    setup()

    from django.test import Client
    from django.utils import timezone
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from audits import reports

    started = time.perf_counter()
    business, cycle, answer_count = build(args.organisations, args.questions)
    built = time.perf_counter() - started

    today = timezone.localdate()
    with counted() as pdf_count:
        pdf_times = timed(lambda: reports.report_pdf(cycle, today), repeat=3)
    pdf = reports.report_pdf(cycle, today)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    with counted() as xlsx_count:
        xlsx_times = timed(lambda: reports.export_xlsx(cycle), repeat=3)
    xlsx = reports.export_xlsx(cycle)
    rows = sum(1 for _ in load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0].iter_rows()) - 1
    assert rows == answer_count, f"the export has {rows} rows for {answer_count} answers"

    client = Client()
    client.force_login(business)
    url = f"/audits/cycles/{cycle.pk}/heatmap/"
    assert client.get(url).status_code == 200
    with counted() as page_count:
        response = client.get(url)
    assert response.status_code == 200 and b'id="heatmap"' in response.content
    page_times = timed(lambda: client.get(url), repeat=args.requests)
    report_url = f"/audits/cycles/{cycle.pk}/report.pdf"
    with counted() as report_view_count:
        assert client.get(report_url).status_code == 200

    print(
        f"\nAudit cycle benchmark: {args.organisations} organisations × {args.questions} questions = "
        f"{answer_count:,} answers (built in {built:.1f}s).\n"
    )
    print(
        table(
            [
                (
                    "overview report PDF (reports.report_pdf)",
                    f"median {median_ms(pdf_times) / 1000:.2f} s",
                    f"{pdf_count.queries // 3}",
                    f"{pages} pages, {len(pdf) // 1024:,} KB",
                ),
                (
                    "overview report PDF, whole request",
                    "",
                    f"{report_view_count.queries}",
                    "queries incl. session and roles",
                ),
                (
                    "XLSX export of every answer",
                    f"median {median_ms(xlsx_times) / 1000:.2f} s",
                    f"{xlsx_count.queries // 3}",
                    f"{rows:,} rows, {len(xlsx) // 1024:,} KB",
                ),
                (
                    "heatmap page",
                    f"median {median_ms(page_times):.0f} ms, p95 {p95_ms(page_times):.0f} ms",
                    f"{page_count.queries}",
                    f"{args.requests} requests, {len(response.content) // 1024:,} KB of HTML",
                ),
            ],
            ("what", "time", "queries", "note"),
        )
    )


if __name__ == "__main__":
    main()
