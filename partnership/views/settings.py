"""The partnership's own details and its budget."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.history import render_history
from core.services import DomainError

from .. import permissions, selectors, services
from ..forms import BudgetContributionForm, PartnershipDetailsForm
from ..models import PartnershipDetails


@require_http_methods(["GET", "POST"])
def details_edit(request):
    if not permissions.can_manage_partnership_details(request.user):
        raise PermissionDenied
    details = PartnershipDetails.objects.filter(pk=1).first() or PartnershipDetails(pk=1)
    form = PartnershipDetailsForm(request.POST or None, request.FILES or None, instance=details)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if not fields.get("logo"):
            fields.pop("logo", None)
        services.partnership_details_update(acting_user=request.user, **fields)
        messages.success(request, "The partnership’s details are saved")
        return redirect("partnership:details")
    return render(
        request,
        "partnership/details_form.html",
        {"form": form, "details": details, "can_view_history": permissions.can_view_history(request.user)},
    )


def details_history(request):
    if not permissions.can_view_history(request.user):
        raise PermissionDenied
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
    if not permissions.can_manage_budget(request.user):
        raise PermissionDenied
    return _contribution_form(request, None)


@require_http_methods(["GET", "POST"])
def budget_contribution_edit(request, pk: int):
    contribution = selectors.budget_contribution_get_for_user(request.user, pk)
    if not permissions.can_manage_budget(request.user):
        raise PermissionDenied
    return _contribution_form(request, contribution)


def _contribution_form(request, contribution):
    form = BudgetContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_contribution_save(
                acting_user=request.user, contribution=contribution, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Contribution from {saved.organisation} for {saved.financial_year_label} saved")
            return redirect(f"{reverse('partnership:budget')}#year-{saved.financial_year}")
    return render(request, "partnership/budget_form.html", {"form": form, "contribution": contribution})


def budget_contribution_history(request, pk: int):
    contribution = selectors.budget_contribution_get_for_user(request.user, pk)
    if not permissions.can_view_history(request.user):
        raise PermissionDenied
    return render_history(
        request,
        contribution,
        title=f"History of the contribution from {contribution}",
        back_url=reverse("partnership:budget"),
    )
