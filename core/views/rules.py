from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import deadline_rules, permissions, selectors
from ..forms.clock import ClosureDayForm, RuleForm
from ..history import render_history
from ..models import DeadlineRule
from ..services import DomainError, refuse_unless
from ..services import deadlines as services
from .form_pages import AuthenticatedHttpRequest


def rule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "core/rule_list.html",
        {"rules": selectors.rules_for_user(request.user), "can_manage": permissions.can_manage_rules(request.user)},
    )


def _rule(request: AuthenticatedHttpRequest, key: str) -> DeadlineRule:
    if key not in deadline_rules.RULES or not permissions.can_view_rules(request.user):
        raise Http404("No such rule")
    return services.rule_for(key)


@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    rule = _rule(request, key)
    refuse_unless(permissions.can_manage_rules(request.user))
    form = RuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(acting_user=request.user, rule=rule, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{rule.name}” is now {rule.summary()}. Deadlines set from now on use it.")
            return redirect("core:rule-list")
    return render(request, "core/rule_form.html", {"form": form, "rule": rule})


def rule_history(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    rule = _rule(request, key)
    return render_history(request, rule, title=f"History of “{rule.name}”", back_url=reverse("core:rule-list"))


@require_http_methods(["GET", "POST"])
def closure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    refuse_unless(permissions.can_view_rules(request.user))
    can_manage = permissions.can_manage_rules(request.user)
    form = ClosureDayForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        refuse_unless(can_manage)
        if form is not None and form.is_valid():
            try:
                services.closure_add(
                    acting_user=request.user, day=form.cleaned_data["day"], reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                form.add_error("day", str(error))
            else:
                messages.success(request, f"{form.cleaned_data['day']:%-d %B %Y} added as a closure day")
                return redirect("core:closure-list")
    return render(
        request,
        "core/closure_list.html",
        {"closures": selectors.closure_day_list(), "form": form, "can_manage": can_manage},
    )


@require_POST
def closure_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseRedirect:
    refuse_unless(permissions.can_manage_rules(request.user))
    closure = selectors.closure_day_get(pk)
    services.closure_remove(acting_user=request.user, closure=closure)
    messages.success(request, f"{closure.date:%-d %B %Y} is no longer a closure day")
    return redirect("core:closure-list")
