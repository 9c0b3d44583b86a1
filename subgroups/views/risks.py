from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.forms.reason import ReasonForm
from core.history import render_history
from core.services import refuse_unless
from core.views.form_pages import form_response

from .. import permissions, risk_scoring
from ..forms.groups import ForwardPlanForm
from ..forms.risks import RiskForm
from ..models import PartnershipGroup
from ..selectors import groups as group_reads
from ..selectors import risks as risk_reads
from ..services import groups as group_services
from ..services import risks as services


def _with_rating(risks):
    rows = list(risks)
    for risk in rows:
        risk.rating_label, risk.rating_colour = risk_scoring.rating(risk.score)
    return rows


def register(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    return render(
        request,
        "subgroups/risk_register.html",
        {
            "group": group,
            "risks": _with_rating(risk_reads.risk_register(request.user, group)),
            "can_manage": permissions.can_manage_risks(request.user, group),
            "executive": False,
        },
    )


def executive_register(request):
    executive, risks = risk_reads.executive_register(request.user)
    return render(
        request,
        "subgroups/risk_register.html",
        {
            "group": executive,
            "risks": _with_rating(risks),
            "can_manage": permissions.can_manage_risks(request.user, executive),
            "executive": True,
        },
    )


def risk_detail(request, pk: int):
    risk = risk_reads.risk_get_for_user(request.user, pk)
    risk.rating_label, risk.rating_colour = risk_scoring.rating(risk.score)
    return render(
        request,
        "subgroups/risk_detail.html",
        {"risk": risk, "can_manage": permissions.can_manage_risks(request.user, risk.group) and risk.status == "open"},
    )


def risk_history(request, pk: int):
    risk = risk_reads.risk_get_for_user(request.user, pk)
    return render_history(request, risk, title=f"History of the risk “{risk}”", back_url=risk.get_absolute_url())


@require_http_methods(["GET", "POST"])
def risk_add(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_risks(request.user, group))
    form = RiskForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/risk_form.html",
        context={"group": group},
        on_valid=lambda data: services.risk_save(acting_user=request.user, group=group, **data),
        success=lambda risk: (
            f"Risk added with a score of {risk.score}"
            + (": it is on the Executive’s register" if risk.escalated else "")
        ),
        next_url=lambda risk: risk,
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request, pk: int):
    risk = risk_reads.risk_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_risks(request.user, risk.group))
    was_escalated = risk.escalated
    form = RiskForm(request.POST or None, instance=risk)

    def message(saved):
        text = f"Risk reviewed: score {saved.score}"
        if saved.escalated and not was_escalated:
            text += ", now on the Executive’s register"
        elif was_escalated and not saved.escalated:
            text += ", taken off the Executive’s register"
        return text

    return form_response(
        request,
        form,
        template="subgroups/risk_form.html",
        context={"group": risk.group, "risk": risk},
        on_valid=lambda data: services.risk_save(acting_user=request.user, group=risk.group, risk=risk, **data),
        success=message,
        next_url=risk,
    )


@require_http_methods(["GET", "POST"])
def risk_close(request, pk: int):
    risk = risk_reads.risk_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_risks(request.user, risk.group))
    form = ReasonForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/risk_close.html",
        context={"risk": risk},
        on_valid=lambda data: services.risk_close(acting_user=request.user, risk=risk, **data),
        success="Risk closed",
        next_url=risk.group.get_absolute_url() + "risks/",
    )


def forward_plan(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_group_business(request.user, group))
    return render(
        request,
        "subgroups/forward_plan.html",
        {
            "group": group,
            "items": group_reads.forward_plan(group),
            "can_manage": permissions.can_manage_meetings(request.user, group),
            "can_schedule": permissions.can_manage_meetings(request.user, group)
            and group.status == PartnershipGroup.Status.ACTIVE,
        },
    )


@require_http_methods(["GET", "POST"])
def forward_item_edit(request, pk: int, item_pk: int | None = None):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_meetings(request.user, group))
    item = group_reads.forward_plan_item_of(group, item_pk)
    refuse_unless(item is not None or not item_pk)
    form = ForwardPlanForm(request.POST or None, instance=item, group=group)
    return form_response(
        request,
        form,
        template="subgroups/forward_form.html",
        context={"group": group, "item": item},
        on_valid=lambda data: group_services.forward_item_save(
            acting_user=request.user, group=group, item=item, **data
        ),
        success="Forward plan saved",
        next_url=f"{group.get_absolute_url()}forward-plan/",
    )
