"""The partnership's own details and its budget."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.history import render_history
from core.services import refuse_unless
from core.views.form_pages import form_page, form_response

from .. import permissions, selectors, services
from ..forms import BudgetContributionForm, PartnershipDetailsForm
from ..models import PartnershipDetails


@require_http_methods(["GET", "POST"])
def details_edit(request):
    refuse_unless(permissions.can_manage_partnership_details(request.user))
    details = selectors.partnership_details_to_edit()
    return form_response(
        request,
        PartnershipDetailsForm(request.POST or None, request.FILES or None, instance=details),
        template="partnership/details_form.html",
        context={"details": details, "can_view_history": permissions.can_view_history(request.user)},
        on_valid=lambda data: services.partnership_details_update(acting_user=request.user, **_kept_logo(data)),
        success="The partnership’s details are saved",
        next_url="partnership:details",
    )


def _kept_logo(fields: dict) -> dict:
    """No new file chosen keeps the current logo."""
    return fields if fields.get("logo") else {name: value for name, value in fields.items() if name != "logo"}


def details_history(request):
    refuse_unless(permissions.can_view_history(request.user))
    details = PartnershipDetails.load()
    return render_history(
        request, details, title="History of the partnership’s details", back_url=reverse("partnership:details")
    )


def budget(request):
    years = selectors.budget_years_for_user(request.user)
    return render(
        request,
        "partnership/budget.html",
        {
            "years": years,
            "can_manage": permissions.can_manage_budget(request.user),
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_contribution_create(request):
    refuse_unless(permissions.can_manage_budget(request.user))
    return _contribution_form(request, None)


@require_http_methods(["GET", "POST"])
def budget_contribution_edit(request, pk: int):
    contribution = selectors.budget_contribution_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_budget(request.user))
    return _contribution_form(request, contribution)


def _contribution_form(request, contribution):
    return form_page(
        request,
        BudgetContributionForm(request.POST or None, instance=contribution),
        title=f"Change the contribution from {contribution.organisation}" if contribution else "Record a contribution",
        back_url=reverse("partnership:budget"),
        submit="Save contribution",
        on_valid=lambda data: services.budget_contribution_save(
            acting_user=request.user, contribution=contribution, **data
        ),
        success=lambda saved: f"Contribution from {saved.organisation} for {saved.financial_year_label} saved",
        next_url=lambda saved: f"{reverse('partnership:budget')}#year-{saved.financial_year}",
    )


def budget_contribution_history(request, pk: int):
    contribution = selectors.budget_contribution_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(
        request,
        contribution,
        title=f"History of the contribution from {contribution}",
        back_url=reverse("partnership:budget"),
    )
