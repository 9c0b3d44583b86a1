"""The executive dashboard's own sections, registered with core.assurance beside the ones the
reviews and audits apps (and the challenge log) register. Each returns its context for the
request, or None when it has nothing to show this person; each runs a fixed number of queries
whatever the data size (a list shows the first rows and says how many there are in all)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypedDict, cast
from weakref import WeakKeyDictionary

from django.db.models import Aggregate, Count, DateField, F, Func, Min, Q, QuerySet, Subquery, Value, Window
from django.http import HttpRequest
from django.utils import timezone

from core import calendar
from core.models import Deadline
from core.selectors import with_state
from partnership.models import BudgetContribution, Organisation, User
from subgroups import risk_scoring
from subgroups.models import Action, ActionPlan, Risk
from subgroups.selectors.plans import stuck_plans

from .. import permissions_reporting as permissions
from ..models import ReportSignOff, YearlyReport
from ..periods import Quarter, year_label, year_of
from . import headlines, scorecard
from .report import ShareShown

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LIST_LIMIT = 10
REPORT_TEXT = ("foreword", "arrangements", "training", "voice", "not_progressed", "next_year", "gap_explanations")
AT_RISK_WORKING_DAYS = 10
AWAITING_APPROVAL_DAYS = 28


def _for_dashboard(request: HttpRequest) -> bool:
    return permissions.can_view_dashboard(request.user)


# The rows are typed Any: callers read the annotations they added to the queryset, which mypy's
# Django plugin no longer sees on a row once it has passed through a type variable.
def first_with_counts(queryset: QuerySet[Any], limit: int, **counts: Aggregate) -> tuple[list[Any], dict[str, int]]:
    """The first `limit` rows of the queryset and counts (aggregates) over all of its rows, in
    one query: each count is a window over the whole result, worked out before the limit."""
    windows = {f"_{name}": Window(aggregate) for name, aggregate in counts.items()}
    rows = list(queryset.annotate(**windows)[:limit])
    return rows, {name: getattr(rows[0], f"_{name}") if rows else 0 for name in counts}


def _largest_first(grouped: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Counts by organisation (a few dozen rows at most), the largest first: the first rows to
    show, and the sum of them all."""
    rows = list(grouped)
    return rows[:LIST_LIMIT], sum(row["count"] for row in rows)


def deadlines(request: HttpRequest) -> dict[str, Any] | None:
    """Statutory deadlines missed, or due within the next two working weeks."""
    if not _for_dashboard(request):
        return None
    today = calendar.today()
    soon = calendar.add_working_days(today, AT_RISK_WORKING_DAYS)
    statutory = Deadline.objects.live().filter(rule__is_statutory=True, due_date__lte=soon)
    rows, counts = first_with_counts(
        statutory.select_related("rule", "responsible_organisation").order_by("due_date", "pk"),
        LIST_LIMIT,
        missed=Count("pk", filter=Q(due_date__lt=today)),
        at_risk=Count("pk", filter=Q(due_date__gte=today)),
    )
    return {"rows": with_state(rows, today), "missed": counts["missed"], "at_risk": counts["at_risk"], "days": 10}


def plans(request: HttpRequest) -> dict[str, Any] | None:
    """Overdue actions by owning organisation, stuck plans by organisation, and plans waiting
    a long time for their chair's approval."""
    if not _for_dashboard(request):
        return None
    today = calendar.today()
    overdue = Action.objects.filter(plan__status=ActionPlan.Status.IN_PROGRESS, due_date__lt=today).exclude(
        status=Action.Status.COMPLETE
    )
    # Both counts by organisation in one query: overdue actions by the organisation owning
    # them, and stuck plans by the plan's organisation.
    overdue_by = (
        overdue.values(organisation_pk=F("owner_organisation"), name=F("owner_organisation__name"))
        .annotate(count=Count("pk"), oldest=Min("due_date"), kind=Value("overdue"))
        .order_by()
    )
    stuck_by = (
        stuck_plans(ActionPlan.objects.all())
        .values(organisation_pk=F("organisation"), name=F("organisation__name"))
        .annotate(count=Count("pk"), oldest=Value(None, output_field=DateField()), kind=Value("stuck"))
        .order_by()
    )
    grouped = list(overdue_by.union(stuck_by, all=True).order_by("kind", "-count", "name"))
    by_organisation, overdue_total = _largest_first(row for row in grouped if row["kind"] == "overdue")
    stuck, stuck_total = _largest_first(row for row in grouped if row["kind"] == "stuck")
    waiting, counts = first_with_counts(
        ActionPlan.objects.filter(
            status=ActionPlan.Status.SUBMITTED, submitted_at__lt=timezone.now() - timedelta(days=AWAITING_APPROVAL_DAYS)
        )
        .select_related("owning_group", "organisation")
        .order_by("submitted_at"),
        LIST_LIMIT,
        total=Count("pk"),
    )
    return {
        "overdue_total": overdue_total,
        "by_organisation": by_organisation,
        "stuck": stuck,
        "stuck_total": stuck_total,
        "waiting": waiting,
        "waiting_total": counts["total"],
        "waiting_days": AWAITING_APPROVAL_DAYS,
    }


class RatingShown(TypedDict):
    rating_label: str
    rating_colour: str


# Kept for the request only: it goes when the request does.
_escalated_risks_for_request: WeakKeyDictionary[HttpRequest, tuple[list[Risk], int]] = WeakKeyDictionary()


def escalated_risks(request: HttpRequest) -> tuple[list[Risk], int]:
    """The first of the open risks on the Executive's register, and how many there are: read
    once per request (the headline figure and the section below both use them)."""
    cached = _escalated_risks_for_request.get(request)
    if cached is None:
        rows, counts = first_with_counts(
            Risk.objects.filter(escalated=True, status=Risk.Status.OPEN)
            .select_related("group", "owner")
            .order_by("-score", "title"),
            LIST_LIMIT,
            total=Count("pk"),
        )
        for risk in cast("list[WithAnnotations[Risk, RatingShown]]", rows):
            risk.rating_label, risk.rating_colour = risk_scoring.rating(risk.score)
        cached = _escalated_risks_for_request[request] = (rows, counts["total"])
    return cached


def risks(request: HttpRequest) -> dict[str, Any] | None:
    """Risks escalated to the Executive's register from the sub-groups."""
    if not _for_dashboard(request):
        return None
    rows, total = escalated_risks(request)
    return {"rows": rows, "total": total}


def headline_figures(request: HttpRequest) -> dict[str, Any] | None:
    """The four figures an executive decides on, each with its target and trend."""
    if not _for_dashboard(request):
        return None
    _rows, escalated_now = escalated_risks(request)
    return {"headlines": headlines.headlines(request, headlines.exceptions_by_quarter(request), escalated_now)}


def scorecard_exceptions(request: HttpRequest) -> dict[str, Any] | None:
    """The exceptions for the latest quarter with values: a worse value entered today shows
    at once, even for the quarter under way."""
    if not _for_dashboard(request):
        return None
    by_quarter = headlines.exceptions_by_quarter(request)
    quarter = max(by_quarter)
    rows = by_quarter[quarter]
    return {"rows": rows[:LIST_LIMIT], "total": len(rows), "quarter": quarter}


def budget(request: HttpRequest) -> dict[str, Any] | None:
    """Each partner's share of the latest financial year's budget."""
    if not _for_dashboard(request):
        return None
    current = year_of(calendar.today())
    latest = BudgetContribution.objects.filter(financial_year__lte=current).order_by("-financial_year")
    rows = cast(
        "list[WithAnnotations[BudgetContribution, ShareShown]]",
        list(
            BudgetContribution.objects.filter(financial_year=Subquery(latest.values("financial_year")[:1]))
            .select_related("organisation")
            .order_by("-cash_amount")
        ),
    )
    if not rows:
        return {"rows": [], "year_label": year_label(current), "total": 0}
    year = rows[0].financial_year
    total = sum((row.total for row in rows), start=0)
    for row in rows:
        row.share = round(100 * row.total / total) if total else 0
    return {"rows": rows, "year_label": year_label(year), "total": total}


def yearly_report(request: HttpRequest) -> dict[str, Any] | None:
    """The latest yearly report: is it waiting for sign-off, or for sending to the Panel?"""
    if not _for_dashboard(request):
        return None
    partners = Organisation.objects.filter(is_safeguarding_partner=True, is_active=True)
    report = (
        YearlyReport.objects.select_related("current_version")
        # What the report says (and a frozen version's whole content) is not shown here.
        .defer(*REPORT_TEXT, "current_version__content")
        .annotate(partners=Subquery(partners.order_by().values(n=Func("pk", function="COUNT"))))
        .order_by("-year")
        .first()
    )
    if report is None:
        return {"report": None}
    signed: list[ReportSignOff] = []
    if report.is_awaiting_sign_off:
        signed = list(
            ReportSignOff.objects.filter(version_id=report.current_version_id)
            .select_related("organisation")
            .order_by("organisation__name")
        )
    return {"report": report, "signed": signed, "partners": report.partners}


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """My work: the dashboard for those who read everything, the scorecard values a lead still
    owes for the quarter just ended, and a yearly report awaiting the person's sign-off (as the
    partner's named signatory or their delegate)."""
    user = request.user
    if not isinstance(user, User):  # signed out
        return None
    quarter = Quarter.last_complete(calendar.today())
    missing = scorecard.missing_values(user, quarter)
    awaiting: list[tuple[YearlyReport, Organisation]] = []
    partners = list(permissions.partners_signed_by(user)) if permissions.is_signatory(user) else []
    if partners:
        reports = list(
            YearlyReport.objects.filter(status=YearlyReport.Status.SIGN_OFF).select_related("current_version")
        )
        done = set(
            ReportSignOff.objects.filter(
                version_id__in=[r.current_version_id for r in reports], organisation__in=partners
            ).values_list("version_id", "organisation_id")
        )
        awaiting = [
            (report, partner)
            for report in sorted(reports, key=lambda r: -r.year)
            for partner in partners
            if (report.current_version_id, partner.pk) not in done
        ]
    context = {
        "dashboard": permissions.can_view_dashboard(user),
        "missing": missing[:LIST_LIMIT],
        "missing_total": len(missing),
        "quarter": quarter,
        "awaiting": awaiting,
    }
    if not (context["dashboard"] or missing or awaiting):
        return None
    return context
