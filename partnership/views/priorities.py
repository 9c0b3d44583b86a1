from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.history import render_history
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions, selectors, services
from ..forms import PriorityForm


def priority_list(request):
    priorities = selectors.priority_list_for_user(request.user)
    return render(
        request,
        "partnership/priority_list.html",
        {"priorities": priorities, "can_manage": permissions.can_manage_priorities(request.user)},
    )


def priority_detail(request, pk: int):
    priority = selectors.priority_get_for_user(request.user, pk)
    return render(
        request,
        "partnership/priority_detail.html",
        {
            "priority": priority,
            "can_manage": permissions.can_manage_priorities(request.user),
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def priority_create(request):
    refuse_unless(permissions.can_manage_priorities(request.user))
    return form_page(
        request,
        PriorityForm(request.POST or None),
        title="Add a strategic priority",
        back_url=reverse("partnership:priority-list"),
        submit="Add priority",
        on_valid=lambda data: services.priority_save(acting_user=request.user, **data),
        success=lambda priority: f"Priority “{priority}” added",
        next_url=lambda priority: priority.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def priority_edit(request, pk: int):
    priority = selectors.priority_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_priorities(request.user))
    return form_page(
        request,
        PriorityForm(request.POST or None, instance=priority),
        title=f"Change “{priority}”",
        back_url=priority.get_absolute_url(),
        submit="Save changes",
        on_valid=lambda data: services.priority_save(acting_user=request.user, priority=priority, **data),
        success=lambda saved: f"Priority “{saved}” updated",
        next_url=priority.get_absolute_url(),
    )


def priority_history(request, pk: int):
    priority = selectors.priority_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, priority, title=f"History of “{priority}”", back_url=priority.get_absolute_url())
