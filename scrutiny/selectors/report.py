"""The parts of the yearly report this app compiles from the data for a reporting year
[start, end]: priorities and progress, what changed as a result, the scorecard and how the
arrangements are funded. Each is registered with core.assurance (scrutiny.report.register),
beside the reviews, audits and scrutiny sections the other parts of the portal register."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.http import Http404

from core import calendar
from partnership.models import BudgetContribution, StrategicPriority
from subgroups.models import Action, ActionPlan

from .. import permissions_reporting as permissions
from ..models import Indicator, ReportSignOff, YearlyReport
from ..periods import Quarter, year_label, year_of
from . import scorecard

LIVE_OR_DONE = (ActionPlan.Status.IN_PROGRESS, ActionPlan.Status.COMPLETED, ActionPlan.Status.SIGNED_OFF)


def report_list_for_user(user):
    return permissions.reports_visible_to(user).order_by("-year")


def report_get_for_user(user, pk: int) -> YearlyReport:
    report = permissions.reports_visible_to(user).select_related("document", "published_by").filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return report


def current_sign_offs(report: YearlyReport) -> list[ReportSignOff]:
    return list(
        report.sign_offs.filter(revision=report.revision).select_related("organisation", "signed_by").order_by("pk")
    )


def earlier_sign_offs(report: YearlyReport) -> list[ReportSignOff]:
    """Sign-offs of earlier revisions: an edit since made them no longer count."""
    return list(
        report.sign_offs.exclude(revision=report.revision).select_related("organisation", "signed_by").order_by("-pk")
    )


def priorities(start: date, end: date) -> dict:
    """The strategic priorities in force during the year, each with the live and finished
    action plans whose actions serve it, and how far those actions got by the year's end."""
    chosen = list(
        StrategicPriority.objects.filter(period_start__lte=end.year, period_end__gte=start.year).select_related("lead")
    )
    # For the year under way, "overdue" means overdue today, not by the year's end.
    at = min(end, calendar.today())
    open_at_end = Q(completed_at__isnull=True) | Q(completed_at__date__gt=at)
    rows = (
        Action.objects.filter(priority__in=chosen, plan__status__in=LIVE_OR_DONE)
        .values("priority_id", "plan_id", "plan__title", "plan__status", "plan__owning_group__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(completed_at__date__lte=end)),
            overdue=Count("pk", filter=Q(due_date__lt=at) & open_at_end),
        )
        .order_by("plan__title")
    )
    plans_by_priority = defaultdict(list)
    for row in rows:
        row["status_label"] = ActionPlan.Status(row["plan__status"]).label
        plans_by_priority[row["priority_id"]].append(row)
    entries = []
    for priority in chosen:
        plans = plans_by_priority.get(priority.pk, [])
        entries.append(
            {
                "priority": priority,
                "plans": plans,
                "total": sum(p["total"] for p in plans),
                "done": sum(p["done"] for p in plans),
                "overdue": sum(p["overdue"] for p in plans),
            }
        )
    return {"priorities": entries, "has_content": bool(entries)}


def changes(start: date, end: date) -> dict:
    """What changed as a result: actions and plans signed off on evidence of impact during the
    year, and how many actions were completed."""
    actions = list(
        Action.objects.filter(signed_off_at__date__range=(start, end))
        .exclude(impact_statement="")
        .select_related("plan__owning_group", "priority", "owner_organisation")
        .order_by("signed_off_at")
    )
    plans = list(
        ActionPlan.objects.filter(signed_off_at__date__range=(start, end))
        .exclude(impact_statement="")
        .select_related("owning_group", "organisation")
        .order_by("signed_off_at")
    )
    completed = Action.objects.filter(completed_at__date__range=(start, end)).count()
    return {"actions": actions, "plans": plans, "completed": completed, "has_content": bool(actions or plans)}


def scorecard_year(start: date, end: date) -> dict:
    """Each active indicator's four quarters, and its rating at the end of the year."""
    year = year_of(start)
    quarters = [Quarter(year, n) for n in (1, 2, 3, 4)]
    indicators = list(
        Indicator.objects.filter(is_active=True).select_related("organisation").order_by("position", "name")
    )
    rows = scorecard.scorecard(None, quarters[-1], indicators=indicators)
    found = scorecard.readings(indicators, quarters)
    table = []
    for row in rows:
        values = []
        for quarter in quarters:
            reading = found.get(row.indicator, quarter)
            values.append(row.indicator.show(reading.value) if reading else "–")
        table.append({"row": row, "values": values})
    return {
        "quarters": quarters,
        "rows": table,
        "counts": scorecard.rating_counts(rows),
        "has_content": any(r.latest is not None for r in rows),
    }


def funding(start: date, end: date) -> dict:
    """Each partner's contribution to the year's budget, and its share."""
    year = year_of(start)
    rows = list(
        BudgetContribution.objects.filter(financial_year=year).select_related("organisation").order_by("-cash_amount")
    )
    total = sum((row.total for row in rows), start=0)
    for row in rows:
        row.share = round(100 * row.total / total) if total else 0
    return {"rows": rows, "total": total, "year_label": year_label(year), "has_content": bool(rows)}
