"""What the public pages may read of the yearly report: published reports with their stored
PDF only (never a draft, its sign-offs or its compiled data)."""

from django.db.models import QuerySet

from .models import YearlyReport
from .periods import year_label


def published_yearly_reports() -> QuerySet:
    return (
        YearlyReport.objects.filter(status=YearlyReport.Status.PUBLISHED, document__isnull=False)
        .order_by("-year")
        .values("year", "published_on", "document__size")
    )


def published_yearly_report_file(year: int):
    """The stored PDF of the report published for `year` (a core Document), or None."""
    report = (
        YearlyReport.objects.filter(status=YearlyReport.Status.PUBLISHED, year=year, document__isnull=False)
        .select_related("document")
        .first()
    )
    return report.document if report else None


def label(year: int) -> str:
    return year_label(year)
