"""The training needs analysis: each agency's staff needing each level, against the people
who attended, and the gaps."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.needs import NeedsForm, YearForm
from ..selectors import needs as selectors
from ..services import needs as services
from ..years import year_label, year_of


def _year(request) -> tuple[int, YearForm]:
    years = services.years_open()
    form = YearForm(request.GET or None, years=years)
    year = form.chosen(year_of(calendar.today()))
    # The list shows the year on display, whichever way it was chosen.
    return year, YearForm(initial={"year": year}, years=years)


def needs_overview(request):
    year, year_form = _year(request)
    page = paginate(request, selectors.agency_ids_in_year(request.user, year))
    return render(
        request,
        "training/needs_overview.html",
        {
            "year": year,
            "year_label": year_label(year),
            "year_form": year_form,
            "page": page,
            "rows": selectors.rows_for(selectors.agencies_by_pk(list(page.object_list)), year),
            "totals": selectors.year_totals(year) if permissions.can_view_all_needs(request.user) else None,
        },
    )


def needs_agency(request, pk: int):
    organisation = selectors.agency_get_for_user(request.user, pk)
    year, year_form = _year(request)
    return render(
        request,
        "training/needs_agency.html",
        {
            "organisation": organisation,
            "year": year,
            "year_label": year_label(year),
            "year_form": year_form,
            "row": selectors.rows_for([organisation], year)[0],
            "courses": list(selectors.agency_courses(organisation, year)),
            "can_record": permissions.can_record_needs(request.user, organisation),
            "can_view_courses": permissions.can_view_courses(request.user),
            "can_view_all": permissions.can_view_all_needs(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def needs_edit(request, pk: int, year: int):
    organisation = selectors.agency_get_for_user(request.user, pk)
    refuse_unless(permissions.can_record_needs(request.user, organisation))
    if year not in services.years_open():
        raise Http404("That training year cannot be recorded")
    form = NeedsForm(request.POST or None, organisation=organisation, year=year)
    back = reverse("training:needs-agency", args=[organisation.pk]) + f"?year={year}"
    return form_page(
        request,
        form,
        title="Record training needs",
        caption=f"{organisation}, {year_label(year)}",
        intro="For each level, how many of the agency’s staff need training at that level this year (a member of "
        "staff is counted at the highest level they need).",
        back_url=back,
        on_valid=lambda data: services.needs_record(
            acting_user=request.user, organisation=organisation, year=year, staff=form.staff()
        ),
        success=f"Training needs for {year_label(year)} saved",
        next_url=back,
    )
