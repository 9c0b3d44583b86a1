"""Scorecard figures the audits app knows, registered with core.assurance so the scorecard
computes them instead of having them typed: the Section 11 return rate."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q

from core import assurance, calendar

from .models import AuditCycle, AuditSubmission, Framework

SECTION_11_RETURN_RATE = "section_11_return_rate"


def section_11_return_rate(start: date, end: date) -> Decimal | None:
    """Of the returns requested in launched Section 11 cycles that closed in [start, end], the
    percentage first submitted on or before the cycle's closing date (a return since accepted,
    or sent back for clarification, was still submitted). Organisations removed from a cycle
    were not asked; a cycle closing today can still be answered, so it counts from tomorrow.
    None when no such cycle closed. One query."""
    counts = (
        AuditSubmission.objects.filter(
            is_withdrawn=False,
            cycle__version__framework__duty=Framework.Duty.SECTION_11,
            cycle__closes_on__range=(start, end),
            cycle__closes_on__lt=calendar.today(),
        )
        .exclude(cycle__status=AuditCycle.Status.SETUP)
        .aggregate(
            requested=Count("pk"),
            returned=Count("pk", filter=Q(first_submitted_at__date__lte=F("cycle__closes_on"))),
        )
    )
    return assurance.percent(counts["returned"], counts["requested"])


def register() -> None:
    assurance.register_figure(
        assurance.ComputedFigure(
            key=SECTION_11_RETURN_RATE,
            label="Section 11 return rate (returns in by the closing date)",
            definition="Of the organisations asked for a Section 11 self-assessment in the cycles that closed in the "
            "quarter, the percentage that submitted their return by the cycle's closing date (whether or not it "
            "was later returned for clarification or accepted). Organisations removed from a cycle are left out.",
            unit="percent",
            higher_is_better=True,
            compute=section_11_return_rate,
            sources=("audits.AuditSubmission", "audits.AuditCycle"),
        )
    )
