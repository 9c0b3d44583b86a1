"""The scorecard: the overview, exceptions, each indicator with its trend, entering a
quarter's values (by form or spreadsheet), the export, and the business unit's indicators."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import assurance, calendar
from core.history import render_history
from core.import_views import ImportFlow, import_preview, import_upload
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.tabular import write_csv, write_xlsx
from core.views.form_pages import form_response

from .. import charts
from .. import permissions_reporting as permissions
from ..forms.scorecard import IndicatorForm, QuarterChoiceForm, QuarterValuesForm
from ..periods import Quarter
from ..scorecard_imports import COLUMNS, READ_ONLY, ScorecardImporter, export_table
from ..selectors import scorecard as selectors
from ..services import scorecard as services

QUARTER_PARAM = re.compile(r"^(?P<year>\d{4})-q(?P<quarter>[1-4])$")


def _require_view(user) -> None:
    refuse_unless(permissions.can_view_scorecard(user))


def _chosen_quarter(request) -> Quarter:
    """The quarter in ?quarter=2025-q1, or the last complete one."""
    today = calendar.today()
    match = QUARTER_PARAM.match(request.GET.get("quarter", ""))
    if match and 2000 <= int(match["year"]) <= 2100:
        quarter = Quarter(int(match["year"]), int(match["quarter"]))
        if quarter.start <= today:
            return quarter
    return Quarter.last_complete(today)


def scorecard(request):
    _require_view(request.user)
    quarter = _chosen_quarter(request)
    rows = selectors.scorecard(request.user, quarter)
    return render(
        request,
        "scrutiny/scorecard.html",
        {
            "quarter": quarter,
            "quarters": selectors.quarters_open_for_entry(calendar.today()),
            # The table is paged; the counts are of every indicator, and the export has them all.
            "page": paginate(request, rows),
            "counts": selectors.rating_counts(rows),
            "exception_count": sum(1 for r in rows if r.exception),
            "can_manage": permissions.can_manage_indicators(request.user),
            "can_enter": permissions.can_enter_values(request.user),
        },
    )


def exceptions(request):
    _require_view(request.user)
    quarter = _chosen_quarter(request)
    return render(
        request,
        "scrutiny/scorecard_exceptions.html",
        {
            "quarter": quarter,
            "quarters": selectors.quarters_open_for_entry(calendar.today()),
            # Paged like the scorecard: at scale there are a hundred and more.
            "page": paginate(request, selectors.exceptions(request.user, quarter)),
        },
    )


def indicator_detail(request, pk: int):
    indicator = selectors.indicator_get_for_user(request.user, pk)
    current = Quarter.of(calendar.today())
    series = selectors.indicator_series(indicator, current, selectors.CHART_QUARTERS + 1)
    series = series[1:] if series[-1].value is not None else series[:-1]
    chart = charts.trend_chart(
        [(r.quarter.label, r.value) for r in series], target=indicator.target, show=indicator.show
    )
    known = [r for r in series if r.value is not None]
    figure = assurance.figure(indicator.computed_key) if indicator.is_computed else None
    return render(
        request,
        "scrutiny/indicator_detail.html",
        {
            "indicator": indicator,
            "series": series,
            "chart": chart,
            "chart_title": f"Trend of {indicator}, {series[0].quarter.label} to {series[-1].quarter.label}",
            "chart_summary": _chart_summary(indicator, known),
            "target_shown": indicator.show(indicator.target),
            "figure_label": figure.label if figure else "",
            "first": series[0].quarter,
            "last": series[-1].quarter,
            "latest": known[-1] if known else None,
            "can_manage": permissions.can_manage_indicators(request.user),
            "can_enter": permissions.can_enter_value(request.user, indicator),
            "can_view_history": permissions.can_view_indicator_history(request.user),
            "enter_quarter": Quarter.last_complete(calendar.today()),
        },
    )


def _chart_summary(indicator, known) -> str:
    """The chart in words, for its accessible description."""
    if not known:
        return "No values recorded."
    values = [r.value for r in known]
    text = (
        f"{len(known)} values from {known[0].quarter.label} to {known[-1].quarter.label}: "
        f"lowest {indicator.show(min(values))}, highest {indicator.show(max(values))}, "
        f"latest {indicator.show(values[-1])}"
    )
    if indicator.target is not None:
        text += f" against a target of {indicator.show(indicator.target)}"
    return text + ". The table beside the chart lists every value."


@require_http_methods(["GET", "POST"])
def indicator_create(request):
    refuse_unless(permissions.can_manage_indicators(request.user))
    form = IndicatorForm(request.POST or None)
    return form_response(
        request,
        form,
        template="scrutiny/indicator_form.html",
        context={},
        on_valid=lambda data: services.indicator_save(acting_user=request.user, **data),
        success=lambda indicator: f"“{indicator}” added to the scorecard",
        next_url=lambda indicator: indicator,
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    indicator = selectors.indicator_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_indicators(request.user))
    form = IndicatorForm(request.POST or None, instance=indicator)
    return form_response(
        request,
        form,
        template="scrutiny/indicator_form.html",
        context={"indicator": indicator},
        on_valid=lambda data: services.indicator_save(acting_user=request.user, indicator=indicator, **data),
        success="Indicator saved",
        next_url=indicator,
    )


@require_http_methods(["GET", "POST"])
def indicator_delete(request, pk: int):
    indicator = selectors.indicator_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_indicators(request.user))
    if request.method == "POST":
        try:
            services.indicator_delete(acting_user=request.user, indicator=indicator)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(indicator)
        messages.success(request, f"“{indicator}” deleted")
        return redirect("scrutiny:scorecard")
    return render(
        request, "scrutiny/indicator_delete.html", {"indicator": indicator, "has_values": indicator.values.exists()}
    )


def indicator_history(request, pk: int):
    indicator = selectors.indicator_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_indicator_history(request.user))
    return render_history(
        request, indicator, title=f"History of the indicator “{indicator}”", back_url=indicator.get_absolute_url()
    )


def value_history(request, pk: int):
    value = selectors.value_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_indicator_history(request.user))
    return render_history(
        request,
        value,
        title=f"History of the value for {value.period.label}: {value.indicator}",
        back_url=value.indicator.get_absolute_url(),
    )


def enter_choose(request):
    """Choose the quarter to enter values for (the quarter just ended is first)."""
    refuse_unless(permissions.can_enter_values(request.user))
    quarters = selectors.quarters_open_for_entry(calendar.today())
    form = QuarterChoiceForm(request.GET or None, quarters=quarters[1:] + quarters[:1])
    if form.is_bound and form.is_valid():
        chosen = form.chosen()
        return redirect("scrutiny:scorecard-enter", year=chosen.year, quarter=chosen.quarter)
    return render(request, "scrutiny/scorecard_enter_choose.html", {"form": form})


@require_http_methods(["GET", "POST"])
def enter(request, year: int, quarter: int):
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404("No such quarter")
    period = Quarter(year, quarter)
    if period.start > calendar.today():
        raise Http404("That quarter has not started")
    refuse_unless(permissions.can_enter_values(request.user))
    rows = selectors.entry_rows(request.user, period)
    before = period.previous()
    previous = selectors.values_in_quarter([r.indicator.pk for r in rows], before)
    form = QuarterValuesForm(request.POST or None, rows=rows, quarter=period, previous=previous)

    def saved(entered) -> str:
        return (
            f"Values saved for {period.label}: {entered.created} new, {entered.changed} changed, "
            f"{entered.unchanged} unchanged"
        )

    return form_response(
        request,
        form,
        template="scrutiny/scorecard_enter.html",
        context={"quarter": period, "rows": rows},
        on_valid=lambda data: services.values_enter(acting_user=request.user, quarter=period, rows=form.entries()),
        success=saved,
        next_url=f"{reverse('scrutiny:scorecard')}?quarter={period.slug}",
    )


def export(request, fmt: str):
    _require_view(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    rows = selectors.export_rows(request.user, Quarter.of(calendar.today()))
    headers, table = export_table(rows)
    if fmt == "xlsx":
        body = write_xlsx(headers, table, title="Scorecard")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = write_csv(headers, table)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="scorecard.{fmt}"'
    return response


def _import_flow(user) -> ImportFlow:
    return ImportFlow(
        kind="scorecard",
        importer=ScorecardImporter(user),
        title="Import scorecard values",
        back_url=reverse("scrutiny:scorecard"),
        upload_url_name="scrutiny:scorecard-import",
        preview_url_name="scrutiny:scorecard-import-preview",
        done_url=reverse("scrutiny:scorecard"),
        columns_help=[
            (
                c.header,
                "Required" if c.required else ("For reading: ignored on import" if c.key in READ_ONLY else "Optional"),
            )
            for c in COLUMNS
        ],
    )


@require_http_methods(["GET", "POST"])
def import_values(request):
    refuse_unless(permissions.can_enter_values(request.user))
    return import_upload(request, _import_flow(request.user))


@require_http_methods(["GET", "POST"])
def import_values_preview(request, pending_id: int):
    refuse_unless(permissions.can_enter_values(request.user))
    return import_preview(request, pending_id, _import_flow(request.user))
