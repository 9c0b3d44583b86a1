"""Escalations of professional disagreement. Restricted: every page that shows one is written to
the access log."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.access_log import log_link, log_view, restricted_read
from core.forms.reason import ReasonForm
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.challenges import EscalationAdvanceForm, EscalationForm, EscalationResolveForm, StageRecordForm
from ..models import Escalation
from ..selectors import escalations as selectors
from ..services import escalations as services


def escalation_list(request):
    refuse_unless(permissions.can_use_assurance(request.user))
    status = request.GET.get("status", "open")
    stage = request.GET.get("stage", "")
    escalations = selectors.escalation_list_for_user(request.user, status=status, stage=stage)
    return render(
        request,
        "scrutiny/escalation_list.html",
        {
            "page": paginate(request, escalations),
            "status": status,
            "stage": stage,
            "statuses": Escalation.Status.choices,
            "stages": Escalation.Stage.choices,
            "can_start": permissions.can_start_escalation(request.user),
            "sees_all": permissions.reads_everything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def escalation_create(request):
    refuse_unless(permissions.can_start_escalation(request.user))
    form = EscalationForm(request.POST or None, user=request.user, initial={"started_on": calendar.today()})
    return form_page(
        request,
        form,
        title="Record an escalation",
        caption="Escalation of a professional disagreement",
        back_url=reverse("scrutiny:escalation-list"),
        inset="Record the disagreement at the stage it has reached. Each stage has a deadline on the "
        "partnership’s clock.",
        warning="Escalations are need-to-know: only the people and organisations involved can see them.",
        submit="Record the escalation",
        on_valid=lambda data: services.escalation_start(acting_user=request.user, **data),
        success=lambda e: f"Escalation {e.reference} recorded at the {e.get_stage_display().lower()} stage",
        next_url=lambda e: e,
    )


@restricted_read
def escalation_detail(request, pk: int):
    escalation = selectors.escalation_get_for_user(request.user, pk)
    log_view(request, escalation)
    stages = selectors.stages_with_deadlines(escalation)
    current = selectors.current_stage_of(stages, escalation)
    can_manage = permissions.can_manage_escalation(request.user, escalation, current)
    return render(
        request,
        "scrutiny/escalation_detail.html",
        {
            "escalation": escalation,
            "stages": stages,
            "current": current,
            "today": calendar.today(),
            "can_manage": can_manage,
            "can_advance": can_manage and bool(escalation.later_stages()),
            "can_view_history": permissions.can_view_history(request.user),
            "access_log_url": log_link(escalation, allowed=permissions.can_view_access_log(request.user)),
        },
    )


def _managed(request, pk: int):
    escalation = selectors.escalation_get_for_user(request.user, pk)
    stages = selectors.stages_with_deadlines(escalation)
    current = selectors.current_stage_of(stages, escalation)
    refuse_unless(permissions.can_manage_escalation(request.user, escalation, current))
    log_view(request, escalation, detail="Form")
    return escalation, current


@require_http_methods(["GET", "POST"])
def stage_record(request, pk: int):
    escalation, current = _managed(request, pk)
    form = StageRecordForm(request.POST or None, instance=current)
    return form_page(
        request,
        form,
        title=f"Update the {current.get_stage_display().lower()} stage",
        caption=f"Escalation {escalation}",
        back_url=escalation.get_absolute_url(),
        submit="Save the stage record",
        on_valid=lambda data: services.escalation_stage_record(acting_user=request.user, escalation=escalation, **data),
        success="Stage record saved",
        next_url=escalation,
    )


@require_http_methods(["GET", "POST"])
def escalation_advance(request, pk: int):
    escalation, current = _managed(request, pk)
    refuse_unless(bool(escalation.later_stages()))
    form = EscalationAdvanceForm(request.POST or None, escalation=escalation, initial={"started_on": calendar.today()})
    return form_page(
        request,
        form,
        title="Move to the next stage",
        caption=f"Escalation {escalation}, now at the {current.get_stage_display().lower()} stage",
        back_url=escalation.get_absolute_url(),
        inset="The current stage’s deadline closes and the next stage’s deadline starts.",
        submit="Move to the next stage",
        on_valid=lambda data: services.escalation_advance(acting_user=request.user, escalation=escalation, **data),
        success=lambda stage: f"Escalation moved to the {stage.get_stage_display().lower()} stage",
        next_url=escalation,
    )


@require_http_methods(["GET", "POST"])
def escalation_resolve(request, pk: int):
    escalation, current = _managed(request, pk)
    form = EscalationResolveForm(request.POST or None, initial={"resolved_on": calendar.today()})
    return form_page(
        request,
        form,
        title="Record the resolution",
        caption=f"Escalation {escalation}, at the {current.get_stage_display().lower()} stage",
        back_url=escalation.get_absolute_url(),
        submit="Record the resolution",
        on_valid=lambda data: services.escalation_resolve(acting_user=request.user, escalation=escalation, **data),
        success="Escalation resolved",
        next_url=escalation,
    )


@require_http_methods(["GET", "POST"])
def escalation_withdraw(request, pk: int):
    escalation, current = _managed(request, pk)
    form = ReasonForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Withdraw the escalation",
        caption=f"Escalation {escalation}",
        back_url=escalation.get_absolute_url(),
        submit="Withdraw the escalation",
        danger=True,
        on_valid=lambda data: services.escalation_withdraw(
            acting_user=request.user, escalation=escalation, reason=data["reason"]
        ),
        success="Escalation withdrawn",
        next_url=escalation,
    )


@restricted_read
def escalation_history(request, pk: int):
    escalation = selectors.escalation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    log_view(request, escalation, detail="History")
    return render_history(
        request,
        escalation,
        title=f"History of escalation {escalation.reference}",
        back_url=escalation.get_absolute_url(),
    )
