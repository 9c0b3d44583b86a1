"""Rapid reviews: the page, the panel, meetings, agency returns, immediate safety actions,
the decision, sending it to the Panel, the Panel's response and the report PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar, links
from core.access_log import log_link, log_view, restricted_read
from core.history import render_history
from core.models import AccessLog
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page, post_action
from subgroups.selectors import plans as plan_reads

from .. import permissions, report
from ..forms.rapid import (
    DecisionForm,
    PanelForm,
    PanelMeetingForm,
    PanelResponseForm,
    RapidReviewForm,
    ReturnForm,
    ReturnRequestForm,
    SafetyActionForm,
    SentForm,
)
from ..selectors import cases as case_reads
from ..selectors import deadlines as deadline_reads
from ..selectors import rapid as rapid_reads
from ..services import rapid as services


@restricted_read
def rapid_review_detail(request, pk: int):
    rapid_review, access = rapid_reads.rapid_review_get_for_user(request.user, pk)
    log_view(request, rapid_review)
    full = access == permissions.FULL
    plan = rapid_review.safety_plan
    manages = permissions.can_manage_rapid_review(request.user, rapid_review)
    return render(
        request,
        "reviews/rapid_review_detail.html",
        {
            "rapid_review": rapid_review,
            "incident": rapid_review.incident,
            "full": full,
            "panel": rapid_reads.panel_of(rapid_review) if full else None,
            "meetings": list(rapid_review.meetings.all()) if full else [],
            "returns": rapid_reads.rapid_review_returns(rapid_review) if full else [],
            "actions": plan_reads.plan_actions(plan, calendar.today()) if plan and full else [],
            # The plan is the practice review sub-group's: a panel member may not open it.
            "safety_plan_url": links.url_for(request.user, plan) if plan else "",
            "themes": list(rapid_review.themes.all()),
            "deadlines": links.annotate(request.user, deadline_reads.deadlines_for(rapid_review)),
            "practice_reviews": links.annotate(
                request.user, case_reads.incident_practice_reviews(rapid_review.incident)
            ),
            "can_edit": permissions.can_edit_rapid_review(request.user, rapid_review),
            "returns_to_pull": rapid_reads.returns_to_pull(rapid_review)
            if full and permissions.can_edit_rapid_review(request.user, rapid_review)
            else [],
            "can_manage": manages and rapid_review.is_open,
            "can_send": manages and rapid_review.is_open and bool(rapid_review.decision),
            "can_record_response": manages and rapid_review.status == rapid_review.Status.SENT,
            "can_start_review": manages and bool(rapid_review.decision),
            "can_view_history": permissions.can_view_history(request.user),
            "access_log_url": log_link(rapid_review, allowed=permissions.can_view_access_log(request.user)),
        },
    )


@require_POST
def returns_pull(request, pk: int):
    rapid_review = _editable(request, pk)
    return post_action(
        request,
        lambda: services.returns_pull(acting_user=request.user, rapid_review=rapid_review),
        success="The returns received are now in the record of agency involvement: edit it as the panel’s own",
        next_url=rapid_review,
    )


def _editable(request, pk: int):
    rapid_review, _ = rapid_reads.rapid_review_get_for_user(request.user, pk)
    refuse_unless(permissions.can_edit_rapid_review(request.user, rapid_review))
    return rapid_review


def _managed(request, pk: int):
    rapid_review, _ = rapid_reads.rapid_review_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_rapid_review(request.user, rapid_review))
    return rapid_review


@require_http_methods(["GET", "POST"])
def rapid_review_edit(request, pk: int):
    rapid_review = _editable(request, pk)
    log_view(request, rapid_review, detail="Edit form")
    form = RapidReviewForm(request.POST or None, instance=rapid_review)
    return form_page(
        request,
        form,
        title="The panel’s record",
        caption=str(rapid_review),
        intro="What the Panel expects in a rapid review. Use the child’s pseudonym throughout.",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.rapid_review_update(acting_user=request.user, rapid_review=rapid_review, **data),
        success="Rapid review record saved",
        next_url=rapid_review,
    )


@require_http_methods(["GET", "POST"])
def rapid_review_panel(request, pk: int):
    rapid_review = _managed(request, pk)
    panel = rapid_reads.panel_of(rapid_review)
    form = PanelForm(
        request.POST or None,
        panel_of=lambda: rapid_reads.panel_of(rapid_review),
        initial={"chair": panel["chair"], "members": panel["members"]},
    )
    return form_page(
        request,
        form,
        title="The rapid review panel",
        caption=str(rapid_review),
        intro="Only the panel, the business unit and the independent scrutineer can read the case. Executive "
        "members see a summary without case detail.",
        submit="Save the panel",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.panel_set(
            acting_user=request.user, rapid_review=rapid_review, chair=data["chair"], members=data["members"]
        ),
        success="Panel saved",
        next_url=rapid_review,
    )


@require_http_methods(["GET", "POST"])
def panel_meeting_add(request, pk: int):
    rapid_review = _editable(request, pk)
    form = PanelMeetingForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a panel meeting",
        caption=str(rapid_review),
        submit="Add the meeting",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.panel_meeting_add(acting_user=request.user, rapid_review=rapid_review, **data),
        success="Meeting added",
        next_url=rapid_review,
    )


@require_http_methods(["GET", "POST"])
def return_request(request, pk: int):
    rapid_review = _managed(request, pk)
    involved = rapid_review.incident.agencies.order_by("name")
    already = set(rapid_review.returns.values_list("organisation_id", flat=True))
    form = ReturnRequestForm(
        request.POST or None, involved=involved, initial={"organisations": [o for o in involved if o.pk not in already]}
    )

    def done(made) -> str:
        without = [str(r.organisation) for r in made if not r.has_lead]
        note = f". Nobody leads {', '.join(without)} in the portal: send the request another way" if without else ""
        return f"Returns requested from {len(made)} agenc{'y' if len(made) == 1 else 'ies'}{note}"

    return form_page(
        request,
        form,
        title="Ask agencies for their returns",
        caption=str(rapid_review),
        intro="Each agency’s lead is asked for a chronology and an analysis through the portal, with reminders "
        "before the due date.",
        submit="Send the requests",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.returns_request(acting_user=request.user, rapid_review=rapid_review, **data),
        success=done,
        next_url=rapid_review,
    )


def return_list(request):
    returns = rapid_reads.returns_list_for_user(request.user)
    page = paginate(request, returns)
    rapid_reads.with_due_dates(page.object_list)
    return render(request, "reviews/return_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def return_detail(request, pk: int):
    agency_return = rapid_reads.return_get_for_user(request.user, pk)
    log_view(request, agency_return)
    rapid_review = agency_return.rapid_review
    can_answer = permissions.can_answer_return(request.user, agency_return) and rapid_review.is_open
    if request.method == "POST":
        refuse_unless(can_answer)
    form = ReturnForm(
        request.POST or None,
        request.FILES or None,
        agency_return=agency_return,
        initial={"chronology": agency_return.chronology, "analysis": agency_return.analysis},
    )
    return form_page(
        request,
        form,
        template="reviews/return_detail.html",
        title=f"Return from {agency_return.organisation}",
        back_url=reverse("reviews:return-list"),
        submit="Send the return" if agency_return.status == "requested" else "Update the return",
        on_valid=lambda data: services.return_submit(acting_user=request.user, agency_return=agency_return, **data),
        success="Return sent to the rapid review panel",
        next_url=agency_return,
        agency_return=agency_return,
        rapid_review=rapid_review,
        incident=rapid_review.incident,
        can_answer=can_answer,
        can_open_review=permissions.rapid_review_access(request.user, rapid_review) == permissions.FULL,
        access_log_url=log_link(agency_return, allowed=permissions.can_view_access_log(request.user)),
    )


@require_http_methods(["GET", "POST"])
def safety_action_add(request, pk: int):
    rapid_review = _managed(request, pk)
    form = SafetyActionForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add an immediate safety action",
        caption=str(rapid_review),
        intro="Immediate safety actions go into an action plan the practice review sub-group owns. Once its chair "
        "approves the plan, each action is on its owner’s deadlines.",
        submit="Add the action",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.safety_action_add(acting_user=request.user, rapid_review=rapid_review, **data),
        success="Immediate safety action added",
        next_url=rapid_review,
    )


@require_http_methods(["GET", "POST"])
def rapid_review_decide(request, pk: int):
    rapid_review = _editable(request, pk)
    form = DecisionForm(
        request.POST or None,
        rapid_review=rapid_review,
        outstanding=rapid_reads.outstanding_returns(rapid_review),
        initial={
            "decision": rapid_review.decision,
            "decision_reasons": rapid_review.decision_reasons,
            "decided_on": rapid_review.decided_on,
        },
    )
    return form_page(
        request,
        form,
        title="Record the decision",
        caption=str(rapid_review),
        submit="Record the decision",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.rapid_review_decide(acting_user=request.user, rapid_review=rapid_review, **data),
        success="Decision recorded",
        next_url=rapid_review,
    )


@require_http_methods(["GET", "POST"])
def rapid_review_send(request, pk: int):
    rapid_review = _managed(request, pk)
    form = SentForm(request.POST or None)
    awaited = rapid_reads.outstanding_returns(rapid_review)
    return form_page(
        request,
        form,
        title="Record that the rapid review went to the Panel",
        caption=str(rapid_review),
        intro="Recording this meets the rapid review’s deadline. The Panel usually responds within about 10 working "
        "days.",
        # Sending closes what is still awaited: said before, not discovered after.
        warning=f"Returns still awaited from {rapid_reads.agencies_named(awaited)} will be closed, and those agencies "
        "told they are no longer needed."
        if awaited
        else "",
        submit="Record it",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.rapid_review_send(acting_user=request.user, rapid_review=rapid_review, **data),
        success="Recorded as sent to the Panel",
        next_url=rapid_review,
    )


@require_http_methods(["GET", "POST"])
def panel_response(request, pk: int):
    rapid_review = _managed(request, pk)
    form = PanelResponseForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record the Panel’s response",
        caption=str(rapid_review),
        submit="Record the response",
        back_url=rapid_review.get_absolute_url(),
        on_valid=lambda data: services.panel_response_record(
            acting_user=request.user, rapid_review=rapid_review, **data
        ),
        success="The Panel’s response is recorded: the rapid review is complete",
        next_url=rapid_review,
    )


@restricted_read
def rapid_review_pdf(request, pk: int):
    rapid_review, access = rapid_reads.rapid_review_get_for_user(request.user, pk)
    refuse_unless(access == permissions.FULL)
    log_view(request, rapid_review, detail="Rapid review report (PDF)", action=AccessLog.Action.EXPORT)
    response = HttpResponse(report.render_rapid_review(rapid_review), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapid-review-case-{rapid_review.incident.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@restricted_read
def rapid_review_history(request, pk: int):
    rapid_review, _ = rapid_reads.rapid_review_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    log_view(request, rapid_review, detail="History")
    return render_history(
        request,
        rapid_review,
        title=f"History of the rapid review of case {rapid_review.incident.reference}",
        back_url=rapid_review.get_absolute_url(),
    )
