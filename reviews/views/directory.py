"""The reviewer directory: independent reviewers, their expertise, availability, past reviews
and declared conflicts of interest."""

import copy

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.practice import ConflictForm, ReviewerForm
from ..models import Reviewer
from ..selectors import directory as selectors
from ..services import practice as services


def reviewer_list(request):
    query = request.GET.get("q", "")[:100]
    availability = request.GET.get("availability", "")
    availability = availability if availability in Reviewer.Availability.values else ""
    reviewers = selectors.reviewer_list_for_user(request.user, query=query, availability=availability)
    return render(
        request,
        "reviews/reviewer_list.html",
        {
            "page": paginate(request, reviewers),
            "query": query,
            "availability": availability,
            "availabilities": Reviewer.Availability.choices,
            "can_manage": permissions.can_manage_reviewers(request.user),
        },
    )


def reviewer_detail(request, pk: int):
    reviewer = selectors.reviewer_get_for_user(request.user, pk)
    return render(
        request,
        "reviews/reviewer_detail.html",
        {
            "reviewer": reviewer,
            "reviews": list(reviewer.reviews.order_by("-decided_on")),
            "conflicts": list(reviewer.conflicts.select_related("organisation", "recorded_by")),
            "can_manage": permissions.can_manage_reviewers(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def reviewer_create(request):
    refuse_unless(permissions.can_manage_reviewers(request.user))
    form = ReviewerForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a reviewer to the directory",
        submit="Add the reviewer",
        back_url=reverse("reviews:reviewer-list"),
        on_valid=lambda data: services.reviewer_save(acting_user=request.user, **data),
        success=lambda reviewer: f"{reviewer} added to the directory",
        next_url=lambda reviewer: reviewer,
    )


@require_http_methods(["GET", "POST"])
def reviewer_edit(request, pk: int):
    reviewer = selectors.reviewer_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_reviewers(request.user))
    form = ReviewerForm(request.POST or None, instance=copy.copy(reviewer))
    return form_page(
        request,
        form,
        title=f"Change {reviewer}’s details",
        back_url=reviewer.get_absolute_url(),
        on_valid=lambda data: services.reviewer_save(acting_user=request.user, reviewer=reviewer, **data),
        success="Reviewer saved",
        next_url=reviewer,
    )


def reviewer_history(request, pk: int):
    reviewer = selectors.reviewer_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_reviewers(request.user))
    return render_history(request, reviewer, title=f"History of {reviewer}", back_url=reviewer.get_absolute_url())


@require_http_methods(["GET", "POST"])
def conflict_add(request, pk: int):
    reviewer = selectors.reviewer_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_reviewers(request.user))
    form = ConflictForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record a conflict of interest",
        caption=str(reviewer),
        submit="Record the conflict",
        back_url=reviewer.get_absolute_url(),
        on_valid=lambda data: services.conflict_add(acting_user=request.user, reviewer=reviewer, **data),
        success="Conflict of interest recorded",
        next_url=reviewer,
    )
