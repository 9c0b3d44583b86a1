"""Agencies confirming they have adopted a published document, and who has and has not."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions, selectors
from ..forms import AdoptionForm
from ..services import adoption as services


def adoption_list(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_adoption(request.user, policy))
    only_missing = request.GET.get("show") == "missing"
    return render(
        request,
        "policies/adoption_list.html",
        {
            "policy": policy,
            "summary": selectors.adoption_summary(policy),
            "only_missing": only_missing,
            "page": paginate(request, selectors.adoption_rows(policy, only_missing=only_missing)),
        },
    )


@require_http_methods(["GET", "POST"])
def adoption_confirm(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_confirm_adoption(request.user, policy))
    form = AdoptionForm(request.POST or None, organisations=permissions.organisations_to_confirm(request.user, policy))
    return form_page(
        request,
        form,
        title="Confirm your organisation has adopted it",
        caption=f"{policy.title}, version {policy.published_version.number}",
        intro="Confirm once your organisation’s own procedures and practice follow this version. The business "
        "unit sees which organisations have confirmed.",
        submit="Confirm adoption",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.adoption_confirm(acting_user=request.user, policy=policy, **data),
        success=lambda adoption: f"Confirmed: {adoption.organisation} has adopted version {adoption.version.number}",
        next_url=policy,
    )
