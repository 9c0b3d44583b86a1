from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.history import render_history

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
    if not permissions.can_manage_priorities(request.user):
        raise PermissionDenied
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        priority = services.priority_save(acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"Priority “{priority}” added")
        return redirect(priority)
    return render(request, "partnership/priority_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def priority_edit(request, pk: int):
    priority = selectors.priority_get_for_user(request.user, pk)
    if not permissions.can_manage_priorities(request.user):
        raise PermissionDenied
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        services.priority_save(acting_user=request.user, priority=priority, **form.cleaned_data)
        messages.success(request, f"Priority “{priority}” updated")
        return redirect(priority)
    return render(request, "partnership/priority_form.html", {"form": form, "priority": priority})


def priority_history(request, pk: int):
    priority = selectors.priority_get_for_user(request.user, pk)
    if not permissions.can_view_history(request.user):
        raise PermissionDenied
    return render_history(request, priority, title=f"History of “{priority}”", back_url=priority.get_absolute_url())
