"""Cases: the list, recording a serious incident, referring a case, the case page, and what
the business unit decides about it."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import links
from core.access_log import log_link, log_view, restricted_read
from core.forms.reason import ReasonForm
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page, post_action

from .. import permissions
from ..forms.cases import CaseForm, NotifyForm, ReferralForm
from ..models import SeriousIncident
from ..selectors import cases as case_reads
from ..selectors import deadlines as deadline_reads
from ..services import cases as services


def incident_list(request):
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    status = status if status in SeriousIncident.Status.values else ""
    incidents = case_reads.incident_list_for_user(request.user, query=query, status=status)
    return render(
        request,
        "reviews/incident_list.html",
        {
            "page": paginate(request, incidents),
            "query": query,
            "status": status,
            "statuses": SeriousIncident.Status.choices,
            "can_record": permissions.can_record_incident(request.user),
            "can_refer": permissions.can_refer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def incident_create(request):
    refuse_unless(permissions.can_record_incident(request.user))
    form = CaseForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record a serious incident",
        caption="Serious incident notification",
        intro="The local authority notifies the Child Safeguarding Practice Review Panel within 5 working days of "
        "becoming aware. Recording the incident starts that deadline.",
        warning="Never enter the child’s real name or date of birth.",
        submit="Record the serious incident",
        back_url=reverse("reviews:incident-list"),
        on_valid=lambda data: services.incident_record(acting_user=request.user, **data),
        success=lambda incident: f"{incident} recorded: the Panel must be notified within 5 working days",
        next_url=lambda incident: incident,
    )


@require_http_methods(["GET", "POST"])
def referral_create(request):
    refuse_unless(permissions.can_refer(request.user))
    form = ReferralForm(request.POST or None, initial={"organisation": request.user.organisation_id})
    return form_page(
        request,
        form,
        title="Refer a case to the practice review sub-group",
        caption="Case referral",
        intro="Any agency can refer a case it thinks the partnership should review. The business unit will decide "
        "with the practice review sub-group whether it meets the criteria for a rapid review.",
        warning="Never enter the child’s real name or date of birth.",
        submit="Send the referral",
        back_url=reverse("reviews:pipeline"),
        on_valid=lambda data: services.referral_make(acting_user=request.user, **data),
        success=lambda incident: f"Referral sent as case {incident.reference}. The business unit will be in touch.",
        next_url=reverse("reviews:pipeline"),
    )


@restricted_read
def incident_detail(request, pk: int):
    incident, access = case_reads.incident_get_for_user(request.user, pk)
    log_view(request, incident)
    full = access == permissions.FULL
    rapid_review = case_reads.rapid_review_of(incident)
    manages = permissions.can_manage_case(request.user)
    return render(
        request,
        "reviews/incident_detail.html",
        {
            "incident": incident,
            "full": full,
            "agencies": list(incident.agencies.order_by("name")) if full else [],
            "rapid_review": rapid_review,
            "practice_reviews": links.annotate(request.user, case_reads.incident_practice_reviews(incident)),
            "rapid_review_url": links.url_for(request.user, rapid_review) if rapid_review else "",
            "deadlines": links.annotate(request.user, deadline_reads.deadlines_for(incident, rapid_review)),
            "can_manage": manages and incident.is_open,
            "can_start_review": manages
            and incident.status not in (SeriousIncident.Status.CLOSED, SeriousIncident.Status.NOTIFICATION_DUE),
            "can_view_history": permissions.can_view_history(request.user),
            "access_log_url": log_link(incident, allowed=permissions.can_view_access_log(request.user)),
        },
    )


def _managed_case(request, pk: int) -> SeriousIncident:
    incident, _ = case_reads.incident_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case(request.user))
    return incident


@require_http_methods(["GET", "POST"])
def incident_edit(request, pk: int):
    incident = _managed_case(request, pk)
    log_view(request, incident, detail="Edit form")
    initial = {name: getattr(incident, name) for name in services.CASE_FIELDS}
    form = CaseForm(
        request.POST or None, incident=incident, initial={**initial, "agencies": list(incident.agencies.all())}
    )
    return form_page(
        request,
        form,
        title="Change the case details",
        caption=str(incident),
        back_url=incident.get_absolute_url(),
        on_valid=lambda data: services.incident_update(acting_user=request.user, incident=incident, **data),
        success="Case details saved",
        next_url=incident,
    )


@require_http_methods(["GET", "POST"])
def incident_notify(request, pk: int):
    incident = _managed_case(request, pk)
    form = NotifyForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record the notification to the Panel",
        caption=str(incident),
        intro=f"The local authority became aware on {incident.aware_on:%-d %B %Y}. Recording the notification meets "
        "its deadline and starts the rapid review, with its own deadline.",
        submit="Record the notification",
        back_url=incident.get_absolute_url(),
        on_valid=lambda data: services.incident_notify(acting_user=request.user, incident=incident, **data),
        success="Notification recorded: the rapid review has started",
        next_url=lambda incident: incident.rapid_review,
    )


@require_POST
def incident_accept(request, pk: int):
    incident = _managed_case(request, pk)
    return post_action(
        request,
        lambda: services.referral_accept(acting_user=request.user, incident=incident),
        success="Recorded as a serious incident: the Panel must be notified within 5 working days",
        next_url=incident,
    )


@require_POST
def incident_rapid_review(request, pk: int):
    incident = _managed_case(request, pk)
    return post_action(
        request,
        lambda: services.referral_to_rapid_review(acting_user=request.user, incident=incident),
        success="Rapid review started",
        next_url=incident,
    )


@require_http_methods(["GET", "POST"])
def incident_close(request, pk: int):
    incident = _managed_case(request, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why the case needs no review"
    form.fields["reason"].error_messages["required"] = "Enter the reason for closing the case"
    return form_page(
        request,
        form,
        title="Close the case",
        caption=str(incident),
        submit="Close the case",
        back_url=incident.get_absolute_url(),
        on_valid=lambda data: services.incident_close(acting_user=request.user, incident=incident, **data),
        success="Case closed",
        next_url=incident,
    )


@restricted_read
def incident_history(request, pk: int):
    incident, _ = case_reads.incident_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    log_view(request, incident, detail="History")
    return render_history(request, incident, title=f"History of {incident}", back_url=incident.get_absolute_url())
