from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.history import render_history
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_response, post_action

from .. import permissions
from ..forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    EntryForm,
    MeetingForm,
    MinutesApprovalForm,
    MinutesForm,
    PaperRequestForm,
)
from ..models import AgendaItem, Attendance, Meeting
from ..pack import build_pack, render_minutes
from ..selectors import groups as group_reads
from ..selectors import meetings as meeting_reads
from ..services import meetings as services


def meeting_list(request):
    upcoming = request.GET.get("when") != "past"
    group = request.GET.get("group", "")
    meetings = meeting_reads.meeting_list_for_user(
        request.user, upcoming=upcoming, group_id=int(group) if group.isdigit() else None
    )
    return render(request, "subgroups/meeting_list.html", {"page": paginate(request, meetings), "upcoming": upcoming})


def _meeting(request, pk: int, *, manage: bool = False) -> Meeting:
    meeting = meeting_reads.meeting_get_for_user(request.user, pk)
    if manage:
        refuse_unless(permissions.can_manage_meetings(request.user, meeting.group))
    return meeting


def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    can_manage = permissions.can_manage_meetings(request.user, meeting.group)
    agenda, summary = [], []
    for item in meeting_reads.meeting_items(meeting):
        (summary if item.in_business_summary else agenda).append(item)
    return render(
        request,
        "subgroups/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "summary_items": summary,
            "attendance": meeting_reads.meeting_attendance(meeting),
            "action_log": meeting_reads.meeting_action_log(meeting),
            "pending_ratifications": meeting_reads.pending_ratifications(meeting) if can_manage else [],
            "minutes_to_approve": meeting_reads.minutes_to_approve(meeting) if can_manage else [],
            "can_manage": can_manage,
            "can_view_history": permissions.reads_everything(request.user),
            "minutes_open": meeting.status != Meeting.Status.MINUTES_APPROVED,
            "has_happened": meeting.has_happened,
            "has_minutes": any(item.minutes or item.entries.all() for item in agenda + summary),
            "supplementary_packs": meeting_reads.supplementary_packs(meeting),
            "today": calendar.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request, group_pk: int):
    group = group_reads.group_get_for_user(request.user, group_pk)
    refuse_unless(permissions.can_manage_meetings(request.user, group))
    # From the forward plan: the items chosen there arrive ticked.
    chosen = [i for i in request.GET.getlist("items") if i.isdigit()]
    form = MeetingForm(request.POST or None, group=group, initial={"forward_items": chosen})
    return form_response(
        request,
        form,
        template="subgroups/meeting_form.html",
        context={"group": group},
        on_valid=lambda data: services.meeting_create(acting_user=request.user, group=group, **data),
        success=lambda meeting: (
            f"Meeting planned for {meeting.date:%-d %B %Y}"
            + (
                f" with {meeting.items.count()} item{'s' if meeting.items.count() != 1 else ''} on its agenda"
                if meeting.items.exists()
                else ""
            )
        ),
        next_url=lambda meeting: meeting,
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk, manage=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    return form_response(
        request,
        form,
        template="subgroups/meeting_form.html",
        context={"group": meeting.group, "meeting": meeting},
        on_valid=lambda data: services.meeting_update(acting_user=request.user, meeting=meeting, **data),
        success="Meeting details saved",
        next_url=meeting,
    )


def meeting_history(request, pk: int):
    meeting = _meeting(request, pk)
    refuse_unless(permissions.reads_everything(request.user))
    return render_history(request, meeting, title=f"History of the {meeting}", back_url=meeting.get_absolute_url())


# Agenda ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def item_add(request, pk: int):
    meeting = _meeting(request, pk, manage=True)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    return form_response(
        request,
        form,
        template="subgroups/item_form.html",
        context={"meeting": meeting},
        on_valid=lambda data: services.agenda_item_add(acting_user=request.user, meeting=meeting, **data),
        success=lambda item: f"“{item}” added to the agenda",
        next_url=lambda item: f"{meeting.get_absolute_url()}#item-{item.pk}",
    )


def _item(request, pk: int, item_pk: int) -> AgendaItem:
    meeting = _meeting(request, pk, manage=True)
    return meeting_reads.agenda_item_of(meeting, item_pk)


@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, item_pk: int):
    item = _item(request, pk, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    return form_response(
        request,
        form,
        template="subgroups/item_form.html",
        context={"meeting": item.meeting, "item": item},
        on_valid=lambda data: services.agenda_item_update(acting_user=request.user, item=item, **data),
        success=f"“{item}” saved",
        next_url=f"{item.meeting.get_absolute_url()}#item-{item.pk}",
    )


@require_POST
def item_move(request, pk: int, item_pk: int, direction: str):
    item = _item(request, pk, item_pk)
    services.agenda_item_move(acting_user=request.user, item=item, direction=direction)
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@require_POST
def item_summary(request, pk: int, item_pk: int):
    item = _item(request, pk, item_pk)
    move = not item.in_business_summary
    return post_action(
        request,
        lambda: services.agenda_item_set_summary(acting_user=request.user, item=item, in_summary=move),
        success=f"“{item}” moved {'to the business manager’s summary' if move else 'back onto the agenda'}",
        next_url=item.meeting,
    )


@require_http_methods(["GET", "POST"])
def item_remove(request, pk: int, item_pk: int):
    """Removing an agenda item is confirmed first (it cancels its papers' deadlines)."""
    item = _item(request, pk, item_pk)
    if request.method == "GET":
        return render(
            request,
            "subgroups/confirm.html",
            {
                "meeting": item.meeting,
                "title": f"Remove “{item}” from the agenda?",
                "lines": [f"Paper requested: {paper.title}, from {paper.owner}" for paper in item.papers.all()],
                "lines_intro": "Its paper requests are withdrawn and their owners stop being reminded:"
                if item.papers.exists()
                else "",
                "button": "Remove the item",
                "warning": True,
            },
        )
    return post_action(
        request,
        lambda: services.agenda_item_remove(acting_user=request.user, item=item),
        success=f"“{item}” removed from the agenda",
        next_url=item.meeting,
    )


@require_http_methods(["GET", "POST"])
def paper_request(request, pk: int, item_pk: int):
    item = _item(request, pk, item_pk)
    form = PaperRequestForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/paper_request.html",
        context={"item": item, "meeting": item.meeting},
        on_valid=lambda data: services.paper_add(acting_user=request.user, item=item, **data),
        success=lambda paper: f"{paper.owner} has been asked for “{paper}”",
        next_url=lambda paper: paper,
    )


# Attendance, minutes, decisions ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """Record who attended. "Check quoracy" (or the page's script, as you go) judges the
    answers without saving them."""
    meeting = _meeting(request, pk, manage=True)
    if not meeting.has_happened:
        return render(request, "subgroups/attendance_form.html", {"meeting": meeting, "not_yet": True})
    memberships = group_reads.current_memberships(meeting.group)
    existing = _existing_attendance(meeting)
    form = AttendanceForm(request.POST or None, memberships=memberships, existing=existing, meeting=meeting)
    items = list(meeting.items.all())
    verdict = None
    live_check = bool(request.headers.get("X-Quoracy-Check"))
    if request.method == "POST" and live_check and not form.is_valid():
        # The page's script asked: answer with the verdict area only, never the whole page.
        return render(request, "subgroups/_quoracy.html", {"verdict": None, "invalid": True})
    if request.method == "POST" and form.is_valid():
        rows = form.rows(items)
        if "check" in request.POST or live_check:
            verdict = meeting_reads.quoracy_verdict(meeting, [Attendance(meeting=meeting, **row) for row in rows])
            if request.headers.get("X-Quoracy-Check"):
                return render(request, "subgroups/_quoracy.html", {"verdict": verdict})
        else:
            try:
                verdict = services.attendance_save(acting_user=request.user, meeting=meeting, rows=rows)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Attendance saved. {verdict.explanation}")
                return redirect(meeting)
    elif meeting.quoracy_explanation:
        verdict = {"quorate": meeting.is_quorate, "explanation": meeting.quoracy_explanation}
    return render(request, "subgroups/attendance_form.html", {"meeting": meeting, "form": form, "verdict": verdict})


def _existing_attendance(meeting: Meeting) -> dict:
    existing = {}
    observers, guests = [], []
    for row in meeting.attendance.select_related("item"):
        if row.status == Attendance.Status.DEPUTY and row.deputy_for_id:
            existing[row.deputy_for_id] = Attendance.Status.DEPUTY
        elif row.person_id and row.person_id not in existing:
            existing[row.person_id] = row.status
        elif row.status == Attendance.Status.OBSERVER:
            observers.append(row.name)
        elif row.status == Attendance.Status.GUEST:
            guests.append(f"{row.name}: {row.item.title}" if row.item else row.name)
    existing["observers"] = "\n".join(observers)
    existing["guests"] = "\n".join(guests)
    return existing


@require_http_methods(["GET", "POST"])
def item_minutes(request, pk: int, item_pk: int):
    item = _item(request, pk, item_pk)
    form = MinutesForm(request.POST or None, item=item, initial={"minutes": item.minutes})
    return form_response(
        request,
        form,
        template="subgroups/minutes_form.html",
        context={
            "item": item,
            "meeting": item.meeting,
            "minutes_form": form,
            "entry_form": EntryForm(prefix="entry"),
            "entries": list(item.entries.select_related("raised_by")),
        },
        on_valid=lambda data: services.minutes_save(acting_user=request.user, item=item, minutes=data["minutes"]),
        success=f"Minutes for “{item}” saved",
        next_url=f"{item.meeting.get_absolute_url()}#item-{item.pk}",
    )


@require_http_methods(["GET", "POST"])
def entry_add(request, pk: int, item_pk: int):
    item = _item(request, pk, item_pk)
    form = EntryForm(request.POST or None, prefix="entry")
    return form_response(
        request,
        form,
        template="subgroups/minutes_form.html",
        context={
            "item": item,
            "meeting": item.meeting,
            "entry_form": form,
            "entries": list(item.entries.select_related("raised_by")),
            "minutes_form": MinutesForm(item=item, initial={"minutes": item.minutes}),
        },
        on_valid=lambda data: services.entry_add(acting_user=request.user, meeting=item.meeting, item=item, **data),
        success=lambda entry: (
            f"{entry.get_kind_display()} recorded"
            + (". The meeting was not quorate: it is flagged for ratification" if entry.needs_ratification else "")
        ),
        next_url=f"{item.meeting.get_absolute_url()}#item-{item.pk}",
    )


@require_POST
def minutes_circulate(request, pk: int):
    meeting = _meeting(request, pk, manage=True)
    return post_action(
        request,
        lambda: services.minutes_circulate(acting_user=request.user, meeting=meeting),
        success="Draft minutes circulated to the members",
        next_url=meeting,
    )


@require_http_methods(["GET", "POST"])
def minutes_approve(request, pk: int):
    meeting = _meeting(request, pk, manage=True)
    form = MinutesApprovalForm(request.POST or None, meeting=meeting)
    return form_response(
        request,
        form,
        template="subgroups/minutes_approve.html",
        context={"meeting": meeting, "has_later": form.fields["at_meeting"].queryset.exists()},
        on_valid=lambda data: services.minutes_approve(acting_user=request.user, meeting=meeting, **data),
        success="Minutes approved",
        next_url=meeting,
    )


@require_POST
def decision_ratify(request, pk: int, entry_pk: int):
    meeting = _meeting(request, pk, manage=True)
    entry = meeting_reads.minute_entry_of(meeting, entry_pk)
    return post_action(
        request,
        lambda: services.decision_ratify(acting_user=request.user, entry=entry, at_meeting=meeting),
        success="Decision ratified",
        next_url=meeting,
    )


# The agenda pack ------------------------------------------------------------------------------------


def pack_preview(request, pk: int):
    """The pack as it would be circulated now, for the business unit to check."""
    meeting = _meeting(request, pk, manage=True)
    response = HttpResponse(build_pack(meeting).pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-pack-{meeting.date:%Y-%m-%d}-draft.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def pack_circulate(request, pk: int):
    """Circulating sends the pack to every member: confirmed first, naming who gets it and
    which papers are still awaited."""
    meeting = _meeting(request, pk, manage=True)
    if not meeting.items.exists():
        messages.error(request, "Add agenda items before circulating the pack")
        return redirect(meeting)
    if request.method == "GET":
        recipients = meeting_reads.pack_recipients(meeting)
        awaited = [p for item in meeting_reads.meeting_items(meeting) for p in item.papers.all() if not p.document_id]
        return render(
            request,
            "subgroups/confirm.html",
            {
                "meeting": meeting,
                "title": "Circulate the agenda pack again?" if meeting.pack_id else "Circulate the agenda pack?",
                "intro": f"The pack goes to {len(recipients)} member{'s' if len(recipients) != 1 else ''} and "
                "deputies of the group, by message and email.",
                "lines_intro": "Papers not received yet (the pack says so on their cover sheets):" if awaited else "",
                "lines": [f"{paper.title}, from {paper.owner}" for paper in awaited],
                "button": "Circulate the pack",
            },
        )
    pack = build_pack(meeting)
    return post_action(
        request,
        lambda: services.pack_circulate(
            acting_user=request.user, meeting=meeting, pdf=pack.pdf, page_numbers=pack.page_numbers()
        ),
        success=f"Agenda pack circulated to the members ({pack.pages} pages)",
        next_url=meeting,
    )


def minutes_pdf(request, pk: int):
    """The minutes (marked draft until approved), for anyone who may see the meeting."""
    meeting = _meeting(request, pk)
    if not meeting.has_happened:
        raise Http404("The meeting has not happened")
    response = HttpResponse(render_minutes(meeting), content_type="application/pdf")
    kind = "minutes" if meeting.status == Meeting.Status.MINUTES_APPROVED else "draft-minutes"
    response["Content-Disposition"] = f'attachment; filename="{kind}-{meeting.date:%Y-%m-%d}.pdf"'
    return response


def pack_download(request, pk: int):
    meeting = _meeting(request, pk)
    if meeting.pack_id is None:
        raise Http404("The pack has not been circulated")
    return redirect(reverse("core:document-download", args=[meeting.pack_id]))
