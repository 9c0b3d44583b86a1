"""Cycles: opening one, invitations, launch, moderators, challenge events, completion."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.access_log import access_log_url
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_response, post_action
from partnership.models import Organisation

from .. import permissions, reports
from ..forms.cycles import ChaseForm, CycleForm, EventForm, InviteForm, ModeratorsForm, RemoveForm
from ..models import AuditCycle, AuditSubmission
from ..selectors import cycles as cycle_reads
from ..services import cycles as services


def cycle_list(request):
    cycles = cycle_reads.cycle_list_for_user(request.user)
    return render(
        request,
        "audits/cycle_list.html",
        {"page": paginate(request, cycles), "can_manage": permissions.can_manage_cycles(request.user)},
    )


@require_http_methods(["GET", "POST"])
def cycle_create(request):
    refuse_unless(permissions.can_manage_cycles(request.user))
    form = CycleForm(request.POST if request.method == "POST" else None)
    return form_response(
        request,
        form,
        template="audits/cycle_form.html",
        context={},
        on_valid=lambda data: services.cycle_create(acting_user=request.user, **data),
        success=lambda cycle: (
            f"{cycle} opened with {cycle.submissions.count()} organisations invited: check the "
            "invitations, then launch it"
        ),
        next_url=lambda cycle: cycle,
    )


def _filters(request) -> tuple[str, str]:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    return (
        status if status in AuditSubmission.Status.values else "",
        kind if kind in Organisation.Kind.values else "",
    )


def _listed(by_kind, total, *, status: str, kind: str) -> int | None:
    """How many returns the cycle's list holds, from the dashboard's counts of those invited
    (None when filtered by status: count them)."""
    if status:
        return None
    if kind:
        return next((row.invited for row in by_kind if row.kind == kind), 0)
    return total.invited


def cycle_detail(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    status, kind = _filters(request)
    today = calendar.today()
    by_kind, total = reports.dashboard(cycle, today)
    page = paginate(
        request,
        cycle_reads.cycle_submissions(cycle, status=status, kind=kind),
        per_page=50,
        count=_listed(by_kind, total, status=status, kind=kind),
    )
    can_manage = permissions.can_manage_cycles(request.user)
    sent = cycle_reads.messages_sent(page.object_list) if can_manage else {}
    url = AuditSubmission.absolute_urls()
    for submission in page.object_list:
        submission.cycle = cycle
        submission.url = url(submission.pk)
        submission.late = submission.is_late(today) and cycle.status != AuditCycle.Status.SETUP
        submission.sent = sent.get(submission.pk)
    return render(
        request,
        "audits/cycle_detail.html",
        {
            "cycle": cycle,
            "by_kind": by_kind,
            "total": total,
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": AuditSubmission.Status.choices,
            "kinds": [(row.kind, row.label) for row in by_kind],
            "withdrawn": list(cycle_reads.cycle_submissions(cycle, withdrawn=True)) if can_manage else [],
            "events": cycle_reads.cycle_events(cycle) if permissions.can_moderate(request.user, cycle) else [],
            "moderators": cycle_reads.moderators_of(cycle),
            "can_manage": can_manage and cycle.status != AuditCycle.Status.COMPLETE,
            "show_sent": can_manage,
            "can_moderate": permissions.can_moderate(request.user, cycle),
            "can_open_submissions": permissions.can_open_submissions(request.user, cycle),
            "can_export": permissions.can_export_answers(request.user, cycle),
            "export_log_url": access_log_url(cycle) if permissions.is_business_unit(request.user) else "",
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def cycle_edit(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    refuse_unless(cycle.status != AuditCycle.Status.COMPLETE, "A complete cycle cannot be changed")
    form = CycleForm(
        request.POST if request.method == "POST" else None,
        edit=True,
        exclude_pk=cycle.pk,
        current_closes=cycle.closes_on,
        initial={
            "title": cycle.title,
            "opens_on": cycle.opens_on,
            "closes_on": cycle.closes_on,
            "previous": cycle.previous_id,
            "recorded_after": cycle.recorded_after,
            "actions_due_on": cycle.actions_due_on,
        },
    )
    return form_response(
        request,
        form,
        template="audits/cycle_edit.html",
        context={"cycle": cycle},
        on_valid=lambda data: services.cycle_update(acting_user=request.user, cycle=cycle, **data),
        success="Cycle saved",
        next_url=cycle,
    )


def cycle_history(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, cycle, title=f"History of {cycle}", back_url=cycle.get_absolute_url())


@require_POST
def cycle_launch(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    return post_action(
        request,
        lambda: services.cycle_launch(acting_user=request.user, cycle=cycle),
        success="Cycle launched: each organisation’s leads have been told, and the closing date is on the clock",
        next_url=cycle,
    )


@require_POST
def cycle_complete(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    return post_action(
        request,
        lambda: services.cycle_complete(acting_user=request.user, cycle=cycle),
        success="Cycle completed: its returns can no longer change",
        next_url=cycle,
    )


@require_http_methods(["GET", "POST"])
def cycle_invitations(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    refuse_unless(cycle.status != AuditCycle.Status.COMPLETE, "A complete cycle’s invitations cannot change")
    form = InviteForm(
        request.POST if request.method == "POST" else None, organisations=cycle_reads.uninvited_organisations(cycle)
    )
    return form_response(
        request,
        form,
        template="audits/cycle_invitations.html",
        context={
            "cycle": cycle,
            "invited": list(cycle_reads.cycle_submissions(cycle)),
            "remove_form": RemoveForm(),
        },
        on_valid=lambda data: services.invitation_add(
            acting_user=request.user, cycle=cycle, organisations=data["organisations"]
        ),
        success=lambda invited: f"{len(invited)} organisation{'s' if len(invited) != 1 else ''} invited",
        next_url=request.path,
    )


@require_http_methods(["GET", "POST"])
def invitation_remove(request, pk: int, submission_pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    submission = cycle_reads.cycle_submissions(cycle).filter(pk=submission_pk).first()
    if submission is None:
        raise Http404("That organisation is not in the cycle")
    form = RemoveForm(request.POST if request.method == "POST" else None)
    return form_response(
        request,
        form,
        template="audits/invitation_remove.html",
        context={"cycle": cycle, "submission": submission},
        on_valid=lambda data: services.invitation_remove(
            acting_user=request.user, submission=submission, reason=data["reason"]
        ),
        success=f"{submission.organisation} removed from the cycle",
        next_url=reverse("audits:cycle-invitations", args=[cycle.pk]),
    )


@require_http_methods(["GET", "POST"])
def cycle_moderators(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    form = ModeratorsForm(
        request.POST if request.method == "POST" else None, initial={"moderators": cycle_reads.moderators_of(cycle)}
    )
    return form_response(
        request,
        form,
        template="audits/cycle_moderators.html",
        context={"cycle": cycle},
        on_valid=lambda data: services.moderators_set(
            acting_user=request.user, cycle=cycle, moderators=data["moderators"]
        ),
        success="Moderators saved",
        next_url=cycle,
    )


@require_http_methods(["GET", "POST"])
def event_create(request, pk: int):
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    form = EventForm(
        request.POST if request.method == "POST" else None,
        cycle=cycle,
        panel_people=cycle_reads.moderation_panel(cycle),
    )
    return form_response(
        request,
        form,
        template="audits/event_form.html",
        context={"cycle": cycle},
        on_valid=lambda data: services.event_save(acting_user=request.user, cycle=cycle, **data),
        success="Challenge event planned",
        next_url=lambda event: event,
    )


def event_detail(request, pk: int):
    event = cycle_reads.event_get_for_user(request.user, pk)
    presenting = list(event.presenting.select_related("organisation").order_by("organisation__name"))
    return render(
        request,
        "audits/event_detail.html",
        {
            "event": event,
            "cycle": event.cycle,
            "presenting": presenting,
            "panel": list(event.panel.select_related("organisation").order_by("name")),
            "can_manage": permissions.can_manage_cycles(request.user)
            and event.cycle.status != AuditCycle.Status.COMPLETE,
        },
    )


@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = cycle_reads.event_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    cycle = event.cycle
    form = EventForm(
        request.POST if request.method == "POST" else None,
        cycle=cycle,
        panel_people=cycle_reads.moderation_panel(cycle),
        initial={
            "date": event.date,
            "start_time": event.start_time,
            "location": event.location,
            "notes": event.notes,
            "presenting": list(event.presenting.all()),
            "panel": list(event.panel.all()),
        },
    )
    return form_response(
        request,
        form,
        template="audits/event_form.html",
        context={"cycle": cycle, "event": event},
        on_valid=lambda data: services.event_save(acting_user=request.user, cycle=cycle, event=event, **data),
        success="Challenge event saved",
        next_url=event,
    )


def event_history(request, pk: int):
    event = cycle_reads.event_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, event, title=f"History of the {event}", back_url=event.get_absolute_url())


@require_http_methods(["GET", "POST"])
def cycle_chase(request, pk: int):
    """Chase returns by hand: pick organisations (every one not yet returned, of a kind, at
    one click) and write the message."""
    cycle = cycle_reads.cycle_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_cycles(request.user))
    refuse_unless(cycle.status == AuditCycle.Status.OPEN, "Returns can be chased while the cycle is open")
    _, kind = _filters(request)
    choices = cycle_reads.cycle_submissions(cycle, kind=kind)
    initial = {}
    if request.GET.get("not_returned"):
        initial["submissions"] = [s.pk for s in choices if not s.has_submitted]
    form = ChaseForm(request.POST if request.method == "POST" else None, submissions=choices, initial=initial)
    return form_response(
        request,
        form,
        template="audits/cycle_chase.html",
        context={
            "cycle": cycle,
            "kind": kind,
            "kinds": cycle_reads.cycle_kinds(cycle),
            "sent": cycle_reads.messages_sent(choices),
        },
        on_valid=lambda data: services.chase_send(
            acting_user=request.user, cycle=cycle, submissions=data["submissions"], message=data["message"]
        ),
        success=_chased,
        next_url=cycle,
    )


def _chased(result) -> str:
    text = (
        f"Chase sent to {result.people} {'person' if result.people == 1 else 'people'} about "
        f"{result.organisations} organisation{'s' if result.organisations != 1 else ''}"
    )
    if result.without_leads:
        text += f". No lead in the directory, so nobody was told: {', '.join(result.without_leads)}"
    return text
