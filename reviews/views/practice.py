"""Practice reviews: the list, commissioning, the review page, the reviewer's work, pauses,
the pre-publication copy, completion and publication, findings and recommendations."""

import copy

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar, learning, links
from core.access_log import log_link, log_view, restricted_read
from core.forms.reason import ReasonForm
from core.history import render_history
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_page, post_action

from .. import permissions
from ..forms.practice import (
    CompleteForm,
    FindingForm,
    MilestoneForm,
    PracticePanelForm,
    PracticeReviewCreateForm,
    PracticeReviewForm,
    PublishForm,
    RecommendationForm,
    ReportForm,
    SentCopyForm,
)
from ..models import PracticeReview
from ..selectors import deadlines as deadline_reads
from ..selectors import practice as practice_reads
from ..services import practice as services


def practice_review_list(request):
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    reviews = practice_reads.practice_review_list_for_user(
        request.user,
        query=query,
        status=status if status in PracticeReview.Status.values else "",
        kind=kind if kind in PracticeReview.Kind.values else "",
    )
    return render(
        request,
        "reviews/practice_review_list.html",
        {
            "page": paginate(request, reviews),
            "query": query,
            "status": status,
            "kind": kind,
            "statuses": PracticeReview.Status.choices,
            "kinds": PracticeReview.Kind.choices,
            "can_create": permissions.manages_reviews(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def practice_review_create(request):
    refuse_unless(permissions.manages_reviews(request.user))
    incident_id = request.GET.get("case", "")
    incident = practice_reads.incident_to_commission_from(incident_id)
    initial = {"incident": incident, "kind": PracticeReview.Kind.LCSPR if incident else None}
    rapid_review = getattr(incident, "rapid_review", None) if incident else None
    if rapid_review is not None and rapid_review.decision:
        # Commissioned from the rapid review's decision: its date starts the 6-month clock,
        # and the themes the panel found carry over.
        initial["decided_on"] = rapid_review.decided_on
        initial["themes"] = list(rapid_review.themes.all())
        if rapid_review.decision != rapid_review.Decision.LCSPR:
            initial["kind"] = None
    form = PracticeReviewCreateForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title="Start a practice review",
        intro="The 6 months to complete and publish the review count from the decision to initiate it.",
        submit="Start the review",
        back_url=incident.get_absolute_url() if incident else reverse("reviews:practice-review-list"),
        on_valid=lambda data: services.practice_review_create(acting_user=request.user, **data),
        success=lambda review: f"{review} started: commission the reviewer next",
        next_url=lambda review: review,
    )


@restricted_read
def practice_review_detail(request, pk: int):
    review, access = practice_reads.practice_review_get_for_user(request.user, pk)
    log_view(request, review)
    full = access == permissions.FULL
    manages = permissions.manages_reviews(request.user)
    today = calendar.today()
    milestones = list(review.milestones.all())
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
    recommendations = practice_reads.review_recommendations(review)
    findings = practice_reads.review_findings(review) if full else []
    learning.attach(findings, user=request.user, can_mark=manages)
    links.annotate(request.user, recommendations, "plan_url", of=lambda r: r.plan)
    return render(
        request,
        "reviews/practice_review_detail.html",
        {
            "review": review,
            "full": full,
            "milestones": milestones,
            "pauses": list(review.pauses.select_related("paused_by")),
            "findings": findings,
            "recommendations": recommendations,
            "finding_count": review.findings.count(),
            "panel": practice_reads.review_panel(review) if full else [],
            "versions": practice_reads.report_versions(review) if full else {},
            "themes": list(review.themes.all()),
            "deadlines": links.annotate(request.user, deadline_reads.deadlines_for(review)),
            "briefings": links.annotate(request.user, list(review.briefings.all())),
            "conflicts": list(review.reviewer.conflicts.select_related("organisation"))
            if review.reviewer and full
            else [],
            "can_manage": manages and review.status != PracticeReview.Status.PUBLISHED,
            "can_work": permissions.can_work_on_review(request.user, review),
            "can_plan": manages,
            "can_view_history": permissions.can_view_history(request.user),
            "access_log_url": log_link(review, allowed=permissions.can_view_access_log(request.user)),
        },
    )


def _managed(request, pk: int) -> PracticeReview:
    review, _ = practice_reads.practice_review_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_reviews(request.user))
    return review


def _workable(request, pk: int) -> PracticeReview:
    review, _ = practice_reads.practice_review_get_for_user(request.user, pk)
    refuse_unless(permissions.can_work_on_review(request.user, review))
    return review


@require_http_methods(["GET", "POST"])
def practice_review_edit(request, pk: int):
    review = _managed(request, pk)
    log_view(request, review, detail="Edit form")
    # The form works on a copy, so the service can compare what changed with the record.
    form = PracticeReviewForm(request.POST or None, instance=copy.copy(review))
    return form_page(
        request,
        form,
        title="Terms, reviewer and publication",
        caption=str(review),
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.practice_review_update(acting_user=request.user, review=review, **data),
        success="Review saved",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def practice_review_panel(request, pk: int):
    review = _managed(request, pk)
    form = PracticePanelForm(
        request.POST or None,
        panel_of=lambda: practice_reads.review_panel(review),
        initial={"members": practice_reads.review_panel(review)},
    )
    return form_page(
        request,
        form,
        title="The review panel",
        caption=str(review),
        intro="Panel members and the commissioned reviewer can read the review and the case it came from.",
        submit="Save the panel",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.practice_panel_set(
            acting_user=request.user, review=review, members=data["members"]
        ),
        success="Panel saved",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def milestone_add(request, pk: int):
    review = _workable(request, pk)
    form = MilestoneForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a milestone",
        caption=str(review),
        submit="Add the milestone",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.milestone_save(acting_user=request.user, review=review, **data),
        success="Milestone added",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk: int, milestone_pk: int):
    review = _workable(request, pk)
    milestone = practice_reads.milestone_of(review, milestone_pk)
    form = MilestoneForm(
        request.POST or None,
        milestone=milestone,
        initial={"title": milestone.title, "due_on": milestone.due_on, "completed_on": milestone.completed_on},
    )
    return form_page(
        request,
        form,
        title="Change the milestone",
        caption=str(review),
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.milestone_save(
            acting_user=request.user, review=review, milestone=milestone, **data
        ),
        success="Milestone saved",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def report_upload(request, pk: int):
    review = _workable(request, pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        title="Upload a report",
        caption=str(review),
        submit="Upload",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.report_upload(acting_user=request.user, review=review, **data),
        success="Report uploaded",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def pre_publication(request, pk: int):
    review = _managed(request, pk)
    form = SentCopyForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record the copy to the Panel and the Secretary of State",
        caption=str(review),
        intro="The full report goes to the Panel and the Secretary of State at least 7 working days before "
        "publication.",
        submit="Record it",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.pre_publication_record(acting_user=request.user, review=review, **data),
        success="Pre-publication copy recorded",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def practice_review_complete(request, pk: int):
    review = _managed(request, pk)
    form = CompleteForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record the review as completed",
        caption=str(review),
        intro="For a review that will not be published. A local child safeguarding practice review is completed by "
        "publishing it.",
        submit="Record it as completed",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.practice_review_complete(acting_user=request.user, review=review, **data),
        success="Review recorded as completed",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def practice_review_publish(request, pk: int):
    review = _managed(request, pk)
    form = PublishForm(
        request.POST or None,
        initial={"publication_url": review.publication_url},
        copy_sent_on=review.pre_publication_sent_on,
    )
    return form_page(
        request,
        form,
        title="Record the publication",
        caption=str(review),
        intro="A published review stays published for at least a year. The date it may come down goes on the clock.",
        submit="Record the publication",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.practice_review_publish(acting_user=request.user, review=review, **data),
        success="Publication recorded",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def practice_review_pause(request, pk: int):
    review = _managed(request, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why the review is paused"
    form.fields["reason"].help_text = "For example, criminal proceedings. The 6-month clock stops until it resumes."
    form.fields["reason"].error_messages["required"] = "Enter the reason for pausing the review"
    return form_page(
        request,
        form,
        title="Pause the review",
        caption=str(review),
        submit="Pause the review",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.practice_review_pause(acting_user=request.user, review=review, **data),
        success="Review paused: its clock has stopped",
        next_url=review,
    )


@require_POST
def practice_review_resume(request, pk: int):
    review = _managed(request, pk)
    return post_action(
        request,
        lambda: services.practice_review_resume(acting_user=request.user, review=review),
        success="Review resumed: its deadline has moved on by the time it was paused",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def finding_add(request, pk: int):
    review = _workable(request, pk)
    form = FindingForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a finding",
        caption=str(review),
        submit="Add the finding",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.finding_add(acting_user=request.user, review=review, **data),
        success="Finding added",
        next_url=review,
    )


@require_http_methods(["GET", "POST"])
def recommendation_add(request, pk: int):
    review = _workable(request, pk)
    form = RecommendationForm(request.POST or None, review=review)
    return form_page(
        request,
        form,
        title="Add a recommendation",
        caption=str(review),
        intro="Each recommendation is answered by an action plan the practice review sub-group owns.",
        submit="Add the recommendation",
        back_url=review.get_absolute_url(),
        on_valid=lambda data: services.recommendation_add(acting_user=request.user, review=review, **data),
        success="Recommendation added",
        next_url=review,
    )


@require_POST
def recommendation_plan(request, pk: int):
    recommendation, review = practice_reads.recommendation_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_reviews(request.user))
    try:
        plan = services.recommendation_plan_start(acting_user=request.user, recommendation=recommendation)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(review)
    messages.success(request, "Action plan started: add its actions and submit it to the sub-group’s chair")
    return redirect(plan)


@restricted_read
def practice_review_history(request, pk: int):
    review, _ = practice_reads.practice_review_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    log_view(request, review, detail="History")
    return render_history(request, review, title=f"History of {review}", back_url=review.get_absolute_url())
