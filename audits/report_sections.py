"""The yearly report's section on audits, compiled from the audits records for a reporting
year [start, end] and registered with core.assurance (the report is scrutiny's; it may not
import this app): return rates per duty, outcomes by standard, the change since the previous
cycle, and the findings of the multi-agency case audits completed in the year.

The report is public, so no organisation's own return appears in it: only counts, rates and
averages, and the case audits' agreed summaries (never a case). A bounded number of queries:
a handful per cycle that closed in the year (one or two a year per duty).

Outcomes by standard are the self-assessed ratings today. When moderated ratings exist, switch
`standard_outcomes` below to them: it is the only place the section reads ratings from.
"""

from datetime import date

from django.db.models import Count, F, Q

from core import assurance, calendar
from core.charts import bar_chart

from . import reports
from .figures import section_11_return_rate
from .models import AuditCase, AuditCycle, AuditSubmission, CaseAudit, Framework

DUTIES = (Framework.Duty.SECTION_11, Framework.Duty.SCHOOLS)
SHORT_DUTY = {Framework.Duty.SECTION_11: "Section 11", Framework.Duty.SCHOOLS: "Section 175 and 157"}


def standard_outcomes(cycle: AuditCycle) -> list[reports.StandardSummary]:
    """Each standard's average and how many organisations were green, amber or red on it: from
    the ratings agreed at moderation where there are any, the self-assessed ones otherwise."""
    return reports.standard_summary(cycle, basis=reports.AGREED)


def _closed_cycles(start: date, end: date) -> list[AuditCycle]:
    """Launched self-assessment cycles that closed in the year (a cycle closing today can still
    be answered, so it counts from tomorrow), each with its return counts. One query."""
    return list(
        AuditCycle.objects.filter(
            version__framework__duty__in=DUTIES, closes_on__range=(start, end), closes_on__lt=calendar.today()
        )
        .exclude(status=AuditCycle.Status.SETUP)
        .select_related("version__framework", "previous")
        .annotate(
            requested=Count("submissions", filter=Q(submissions__is_withdrawn=False)),
            on_time=Count(
                "submissions",
                filter=Q(
                    submissions__is_withdrawn=False,
                    submissions__first_submitted_at__date__lte=F("closes_on"),
                ),
            ),
            returned=Count(
                "submissions",
                filter=Q(submissions__is_withdrawn=False, submissions__status__in=AuditSubmission.HAS_SUBMITTED),
            ),
            accepted=Count(
                "submissions",
                filter=Q(submissions__is_withdrawn=False, submissions__status=AuditSubmission.Status.ACCEPTED),
            ),
        )
        .order_by("closes_on", "pk")
    )


def _duty_rows(cycles: list[AuditCycle]) -> list[dict]:
    rows = []
    for duty in DUTIES:
        mine = [c for c in cycles if c.version.framework.duty == duty]
        requested = sum(c.requested for c in mine)
        on_time = sum(c.on_time for c in mine)
        rows.append(
            {
                "duty": SHORT_DUTY[duty],
                "label": Framework.Duty(duty).label,
                "cycles": mine,
                "requested": requested,
                "on_time": on_time,
                "returned": sum(c.returned for c in mine),
                "rate": assurance.percent(on_time, requested),
            }
        )
    return rows


def _cycle_outcomes(cycle: AuditCycle) -> dict:
    comparison = reports.comparison(cycle, basis=reports.AGREED)
    return {
        "cycle": cycle,
        "duty": SHORT_DUTY[cycle.version.framework.duty],
        "standards": standard_outcomes(cycle),
        "comparison": comparison.summary if comparison else [],
        "previous": comparison.previous if comparison else None,
    }


def _case_audits(start: date, end: date) -> list[dict]:
    audits = list(
        CaseAudit.objects.filter(status=CaseAudit.Status.COMPLETE, completed_at__date__range=(start, end))
        .annotate(agencies=Count("participants", distinct=True))
        .order_by("completed_at", "pk")
    )
    grades: dict[int, dict[str, int]] = {a.pk: {} for a in audits}
    for audit_id, grade, count in (
        AuditCase.objects.filter(case_audit__in=audits)
        .values("case_audit_id", "grade")
        .annotate(n=Count("pk"))
        .values_list("case_audit_id", "grade", "n")
    ):
        grades[audit_id][grade] = count
    return [
        {
            "audit": audit,
            "cases": sum(grades[audit.pk].values()),
            "grades": [(label, grades[audit.pk].get(value, 0)) for value, label in AuditCase.Grade.choices],
        }
        for audit in audits
    ]


def audits_in_year(start: date, end: date) -> dict:
    cycles = _closed_cycles(start, end)
    duties = _duty_rows(cycles)
    latest = {}
    for cycle in cycles:  # the last cycle of each duty to close in the year
        latest[cycle.version.framework.duty] = cycle
    case_audits = _case_audits(start, end)
    section_11 = section_11_return_rate(start, end)
    return {
        "has_content": bool(cycles or case_audits),
        "duties": duties,
        "section_11_rate": section_11,
        "chart": bar_chart([(row["duty"], row["rate"]) for row in duties if row["requested"]], maximum=100, unit="%"),
        "outcomes": [_cycle_outcomes(cycle) for cycle in latest.values()],
        "case_audits": case_audits,
    }


def register() -> None:
    assurance.register_report_section(
        assurance.ReportSection(
            key="audits",
            title="Audits: how agencies assessed their safeguarding",
            template="audits/report/_audits.html",
            order=30,
            requirement="assurance",
            context=audits_in_year,
        )
    )
