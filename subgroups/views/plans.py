from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar, links
from core.history import render_history
from core.pagination import paginate
from core.selectors import latest_deadline_for
from core.services import refuse_unless
from core.views.form_pages import form_response, post_action

from .. import permissions, plan_sources
from ..forms.plans import ActionForm, ActionUpdateForm, CommentsForm, ImpactForm, PlanForm
from ..models import ActionPlan
from ..selectors import groups as group_reads
from ..selectors import meetings as meeting_reads
from ..selectors import plans as plan_reads
from ..services import plans as services


def plan_list(request):
    refuse_unless(permissions.can_view_groups(request.user))
    group = request.GET.get("group", "")
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    plans = plan_reads.plan_list_for_user(
        request.user,
        group_id=int(group) if group.isdigit() else None,
        status=status if status in ActionPlan.Status.values else "",
        kind=kind if kind in ActionPlan.Kind.values else "",
        stuck=request.GET.get("stuck") == "1",
    )
    return render(
        request,
        "subgroups/plan_list.html",
        {
            "page": paginate(request, plans),
            "statuses": ActionPlan.Status.choices,
            "status": status,
            "stuck": request.GET.get("stuck") == "1",
            "groups": group_reads.active_groups_visible_to(request.user),
            "group": int(group) if group.isdigit() else None,
            "can_create": bool(permissions.chaired_group_ids(request.user))
            or permissions.can_manage_groups(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    groups = group_reads.groups_to_plan_for(request.user)
    refuse_unless(groups.exists())
    form = PlanForm(request.POST or None, groups=groups, initial={"owning_group": request.GET.get("group")})
    return form_response(
        request,
        form,
        template="subgroups/plan_form.html",
        context={},
        on_valid=lambda data: services.plan_create(acting_user=request.user, **data),
        success=lambda plan: f"“{plan}” drafted: now add its actions",
        next_url=lambda plan: plan,
    )


@require_POST
def action_log_create(request, pk: int):
    """Start a meeting's action log (an action plan whose source is the meeting)."""
    meeting = meeting_reads.meeting_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_meetings(request.user, meeting.group))
    existing = meeting_reads.meeting_action_log(meeting)
    if existing is not None:
        return redirect(existing)
    return post_action(
        request,
        lambda: services.plan_create(
            acting_user=request.user,
            title=f"Action log: {meeting}",
            owning_group=meeting.group,
            kind=ActionPlan.Kind.ACTION_LOG,
            source=meeting,
            check_permission=True,
        ),
        success="Action log started: add its actions",
        next_url=meeting,
    )


def plan_detail(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    today = calendar.today()
    return render(
        request,
        "subgroups/plan_detail.html",
        {
            "plan": plan,
            "actions": plan_reads.plan_actions(plan, today),
            # What the plan answers, in full, so the chair approves and signs off knowing it.
            "answers": plan_sources.answers_for(request.user, plan_reads.plan_source(plan)),
            "can_edit": permissions.can_edit_plan(request.user, plan),
            "can_add_live": permissions.can_add_actions_to_live_plan(request.user, plan),
            # Approving and signing off are offered only at those steps: only then ask.
            "can_approve": (plan.is_submitted or plan.is_completed)
            and permissions.can_approve_plan(request.user, plan),
            "can_complete": plan.is_live
            and (permissions.can_manage_groups(request.user) or permissions.is_chair(request.user, plan.owning_group)),
            "can_view_history": permissions.reads_everything(request.user),
            "today": today,
        },
    )


def plan_history(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    return render_history(request, plan, title=f"History of “{plan}”", back_url=plan.get_absolute_url())


@require_http_methods(["GET", "POST"])
def action_add(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    refuse_unless(
        permissions.can_edit_plan(request.user, plan) or permissions.can_add_actions_to_live_plan(request.user, plan)
    )
    form = ActionForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/action_form.html",
        context={"plan": plan},
        on_valid=lambda data: services.action_add(acting_user=request.user, plan=plan, **data),
        success="Action added",
        next_url=plan,
    )


def _action(request, pk: int):
    return plan_reads.action_get_for_user(request.user, pk)


@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    action = _action(request, pk)
    plan = action.plan
    refuse_unless(
        permissions.can_edit_plan(request.user, plan) or permissions.can_add_actions_to_live_plan(request.user, plan)
    )
    form = ActionForm(request.POST or None, instance=action)
    return form_response(
        request,
        form,
        template="subgroups/action_form.html",
        context={"plan": plan, "action": action},
        on_valid=lambda data: services.action_edit(acting_user=request.user, action=action, **data),
        success="Action saved",
        next_url=plan,
    )


@require_POST
def action_remove(request, pk: int):
    action = _action(request, pk)
    refuse_unless(permissions.can_edit_plan(request.user, action.plan))
    return post_action(
        request,
        lambda: services.action_remove(acting_user=request.user, action=action),
        success="Action removed",
        next_url=action.plan,
    )


@require_POST
def plan_submit(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_edit_plan(request.user, plan))
    return post_action(
        request,
        lambda: services.plan_submit(acting_user=request.user, plan=plan),
        success="Plan submitted to the chair for approval",
        next_url=plan,
    )


@require_POST
def plan_approve(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_approve_plan(request.user, plan))
    return post_action(
        request,
        lambda: services.plan_approve(acting_user=request.user, plan=plan),
        success="Plan approved: its actions are now on their owners’ deadlines",
        next_url=plan,
    )


@require_http_methods(["GET", "POST"])
def plan_return(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_approve_plan(request.user, plan))
    form = CommentsForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/plan_return.html",
        context={"plan": plan},
        on_valid=lambda data: services.plan_return(acting_user=request.user, plan=plan, **data),
        success="Plan returned with your comments",
        next_url=plan,
    )


@require_POST
def plan_complete(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_groups(request.user) or permissions.is_chair(request.user, plan.owning_group))
    return post_action(
        request,
        lambda: services.plan_complete(acting_user=request.user, plan=plan),
        success="Plan marked complete: the chair can now sign it off on impact",
        next_url=plan,
    )


@require_http_methods(["GET", "POST"])
def plan_sign_off(request, pk: int):
    plan = plan_reads.plan_get_for_user(request.user, pk)
    refuse_unless(permissions.can_approve_plan(request.user, plan))
    form = ImpactForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/sign_off.html",
        context={"plan": plan},
        on_valid=lambda data: services.plan_sign_off(acting_user=request.user, plan=plan, **data),
        success="Plan signed off on evidence of impact",
        next_url=plan,
    )


@require_http_methods(["GET", "POST"])
def action_detail(request, pk: int):
    action = _action(request, pk)
    can_update = permissions.can_update_action(request.user, action) and action.plan.is_live
    form = ActionUpdateForm(request.POST or None, request.FILES or None, initial={"status": action.status})
    if request.method == "POST":
        refuse_unless(can_update)
    today = calendar.today()
    action.status_label, action.status_colour = action.display_status(today)
    deadline = latest_deadline_for(action)
    return form_response(
        request,
        form,
        template="subgroups/action_detail.html",
        context={
            "action": action,
            "updates": list(action.updates.select_related("author", "evidence")),
            "can_update": can_update,
            "can_sign_off": permissions.can_approve_plan(request.user, action.plan)
            and action.status == "complete"
            and not action.signed_off_at,
            "deadline": deadline,
            "deadline_url": links.url_for(request.user, deadline),
        },
        on_valid=lambda data: services.action_update(acting_user=request.user, action=action, **data),
        success="Update saved",
        next_url=action,
    )


@require_http_methods(["GET", "POST"])
def action_sign_off(request, pk: int):
    action = _action(request, pk)
    refuse_unless(permissions.can_approve_plan(request.user, action.plan))
    form = ImpactForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/sign_off.html",
        context={"plan": action.plan, "action": action},
        on_valid=lambda data: services.action_sign_off(acting_user=request.user, action=action, **data),
        success="Action signed off on impact",
        next_url=action,
    )


def workplan_report(request, pk: int):
    """A workplan's quarterly progress report, generated from the data, for the group it
    reports to."""
    plan = plan_reads.plan_get_for_user(request.user, pk)
    if plan.kind != ActionPlan.Kind.WORKPLAN:
        raise Http404("Not a workplan")
    today = calendar.today()
    quarter = request.GET.get("quarter", "")
    year, number = today.year, (today.month - 1) // 3 + 1
    if len(quarter) == 7 and quarter[4] == "-" and quarter[:4].isdigit() and quarter[6] in "1234":
        year, number = int(quarter[:4]), int(quarter[6])
    start = date(year, 3 * (number - 1) + 1, 1)
    end = date(year + (number == 4), (3 * number) % 12 + 1, 1) - timedelta(days=1)
    report = plan_reads.workplan_report(plan, start, end, today)
    return render(
        request,
        "subgroups/workplan_report.html",
        {"plan": plan, "report": report, "start": start, "end": end, "year": year, "number": number},
    )
