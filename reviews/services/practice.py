"""Practice reviews: commissioning, the reviewer and the panel, milestones, reports, pauses
that stop the clock, the pre-publication copy, publication, findings and recommendations; and
the reviewer directory."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from core import calendar, documents, notifications, pseudonyms
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from subgroups.models import ActionPlan
from subgroups.services import plans as plan_services

from .. import permissions
from ..models import (
    ConflictOfInterest,
    Finding,
    LearningTheme,
    Milestone,
    PracticeReview,
    Recommendation,
    Reviewer,
    ReviewPause,
    SeriousIncident,
)
from ..selectors.deadlines import live_deadline
from ..selectors.practice import review_panel
from . import (
    REVIEWS_KIND,
    meet_deadline,
    next_reference,
    people_named,
    practice_review_group,
    refuse_future,
    refuse_without_role,
    start_deadline,
)

Status = PracticeReview.Status
REVIEW_FIELDS = (
    "title",
    "terms_of_reference",
    "reviewer",
    "methodology",
    "family_involvement",
    "publication_planned_on",
    "publication_url",
)


def _require_manager(user: User) -> None:
    refuse_unless(permissions.manages_reviews(user))


def _check_title(title: str, incident: SeriousIncident | None) -> None:
    if incident is not None and pseudonyms.mentions(title, incident.child_pseudonym):
        raise DomainError(
            "The title names the child’s pseudonym: write a title that is safe for everyone who can see the "
            "review, like “Learning about neglect in under-fives”"
        )


@transaction.atomic
def practice_review_create(
    *,
    acting_user: User,
    kind: str,
    title: str,
    decided_on: date,
    incident: SeriousIncident | None = None,
    terms_of_reference: str = "",
    themes: Iterable[LearningTheme] = (),
) -> PracticeReview:
    """Commission a review. The decision date starts the 6-month completion deadline."""
    _require_manager(acting_user)
    refuse_future(decided_on, "The date of the decision to initiate the review")
    if incident is not None:
        if incident.status in (SeriousIncident.Status.CLOSED, SeriousIncident.Status.NOTIFICATION_DUE):
            raise DomainError("A review can start from a referral or a case the Panel has been notified of")
        if decided_on < incident.aware_on:
            raise DomainError("The decision cannot be before the local authority became aware of the case")
    _check_title(title, incident)
    review = PracticeReview(
        kind=kind,
        title=title.strip(),
        decided_on=decided_on,
        incident=incident,
        terms_of_reference=terms_of_reference,
        created_by=acting_user,
        reference=next_reference(PracticeReview, decided_on.year),
    )
    save_with_history(review, acting_user=acting_user, reason="Commissioned")
    review.themes.set(list(themes))
    if incident is not None and incident.status == SeriousIncident.Status.REFERRED:
        incident.status = SeriousIncident.Status.PASSED_ON
        save_with_history(incident, acting_user=acting_user, reason=f"Passed to {review}")
    what = "Complete and publish" if review.is_lcspr else "Complete"
    start_deadline(
        subject=review,
        rule_key="practice_review",
        start=decided_on,
        title=f"{what} practice review {review.reference}",
        acting_user=acting_user,
    )
    return review


@transaction.atomic
def practice_review_update(
    *, acting_user: User, review: PracticeReview, themes: Iterable[LearningTheme] | None = None, **fields: Any
) -> PracticeReview:
    _require_manager(acting_user)
    if review.status == Status.PUBLISHED:
        raise DomainError("A published review cannot be changed")
    reviewer = fields.get("reviewer")
    if reviewer is not None and reviewer != review.reviewer:
        _check_reviewer(reviewer, review)
    _check_title(fields.get("title", review.title), review.incident)
    planned = fields.get("publication_planned_on", review.publication_planned_on)
    if planned and planned < review.decided_on:
        raise DomainError("The planned publication date cannot be before the decision to initiate the review")
    plan_changed = (
        "publication_planned_on" in fields and fields["publication_planned_on"] != review.publication_planned_on
    )
    for name in REVIEW_FIELDS:
        if name in fields:
            setattr(review, name, fields[name])
    save_with_history(review, acting_user=acting_user, reason="Details changed")
    if themes is not None:
        review.themes.set(list(themes))
    if plan_changed:
        _plan_pre_publication(review, acting_user)
    return review


def _check_reviewer(reviewer: Reviewer, review: PracticeReview) -> None:
    if not reviewer.is_active or reviewer.availability == Reviewer.Availability.UNAVAILABLE:
        raise DomainError(f"{reviewer} is recorded as not available: choose another reviewer")
    incident = review.incident
    if incident is None:
        return
    involved = set(incident.agencies.values_list("pk", flat=True))
    conflict = reviewer.conflicts.filter(organisation_id__in=involved).select_related("organisation").first()
    if conflict is not None:
        raise DomainError(
            f"{reviewer} has a recorded conflict of interest with {conflict.organisation}, an agency involved in "
            "this case: choose another reviewer"
        )


def _plan_pre_publication(review: PracticeReview, acting_user: User) -> None:
    """An LCSPR's full report goes to the Panel and the Secretary of State at least 7
    working days before the planned publication date."""
    if not review.is_lcspr or review.pre_publication_sent_on:
        return
    current = live_deadline(review, "pre_publication_copy")
    if current is not None:
        clock.deadline_cancel(deadline=current, acting_user=acting_user, reason="The planned publication date changed")
    if review.publication_planned_on:
        start_deadline(
            subject=review,
            rule_key="pre_publication_copy",
            start=review.publication_planned_on,
            title=f"Send practice review {review.reference} to the Panel and the Secretary of State",
            acting_user=acting_user,
        )


@transaction.atomic
def practice_panel_set(*, acting_user: User, review: PracticeReview, members: Iterable[User]) -> PracticeReview:
    _require_manager(acting_user)
    if review.status == Status.PUBLISHED:
        raise DomainError("A published review’s panel cannot change")
    inactive = [p for p in members if not p.is_active]
    if inactive:
        raise DomainError(f"{people_named(inactive)}: deactivated accounts cannot sit on a panel")
    refuse_without_role(members)
    before, after = set(review_panel(review)), set(members)
    codename = f"reviews.{permissions.REVIEW_PANEL_MEMBER}"
    for person in before - after:
        remove_perm(codename, person, review)
    for person in after - before:
        assign_perm(codename, person, review)
    save_with_history(
        review,
        acting_user=acting_user,
        clean=False,
        reason=f"Panel: {people_named(sorted(after, key=lambda u: u.name))}",
    )
    notifications.notify(
        sorted(after - before, key=lambda u: u.pk),
        kind=REVIEWS_KIND.key,
        title=f"You are on the panel for practice review {review.reference}",
        body="You can now read the review and the case it came from. They are need-to-know: do not share them.",
        url=review.get_absolute_url(),
        subject=review,
    )
    return review


# The reviewer's work -----------------------------------------------------------------------------------


def _require_worker(user: User, review: PracticeReview) -> None:
    refuse_unless(
        permissions.manages_reviews(user) or permissions.is_reviewer(user, review),
        "Only the business unit and the reviewer can do that",
    )
    if review.status == Status.PUBLISHED:
        raise DomainError("The review is published: it cannot change")


@transaction.atomic
def milestone_save(
    *,
    acting_user: User,
    review: PracticeReview,
    milestone: Milestone | None = None,
    title: str,
    due_on: date,
    completed_on: date | None = None,
) -> Milestone:
    _require_worker(acting_user, review)
    refuse_future(completed_on, "The date the milestone was done")
    creating = milestone is None
    milestone = milestone or Milestone(review=review)
    milestone.title = title.strip()
    milestone.due_on = due_on
    milestone.completed_on = completed_on
    return save_with_history(milestone, acting_user=acting_user, reason="Added" if creating else "Changed")


@transaction.atomic
def report_upload(*, acting_user: User, review: PracticeReview, which: str, upload: UploadedFile) -> PracticeReview:
    """A new version of the draft or the final report; earlier versions are kept."""
    _require_worker(acting_user, review)
    if which not in ("draft", "final"):
        raise DomainError("Choose the draft or the final report")
    previous = getattr(review, f"{which}_report")
    document = documents.store(
        upload=upload,
        subject=review,
        uploaded_by=acting_user,
        title=f"{which.capitalize()} report, practice review {review.reference}",
        previous=previous,
    )
    setattr(review, f"{which}_report", document)
    return save_with_history(
        review, acting_user=acting_user, clean=False, reason=f"{which.capitalize()} report, version {document.version}"
    )


@transaction.atomic
def finding_add(
    *, acting_user: User, review: PracticeReview, text: str, themes: Iterable[LearningTheme] = ()
) -> Finding:
    _require_worker(acting_user, review)
    last = review.findings.order_by("-number").first()
    finding = Finding(review=review, number=(last.number + 1) if last else 1, text=text.strip())
    save_with_history(finding, acting_user=acting_user, reason="Added")
    finding.themes.set(list(themes))
    return finding


@transaction.atomic
def recommendation_add(
    *, acting_user: User, review: PracticeReview, text: str, finding: Finding | None = None
) -> Recommendation:
    _require_worker(acting_user, review)
    if finding is not None and finding.review_id != review.pk:
        raise DomainError("Choose a finding of this review")
    last = review.recommendations.order_by("-number").first()
    recommendation = Recommendation(
        review=review, finding=finding, number=(last.number + 1) if last else 1, text=text.strip()
    )
    return save_with_history(recommendation, acting_user=acting_user, reason="Added")


@transaction.atomic
def recommendation_plan_start(*, acting_user: User, recommendation: Recommendation) -> ActionPlan:
    """Answer the recommendation with an action plan the practice review sub-group owns: its
    chair approves it, agencies evidence the actions, and the chair signs it off on impact."""
    _require_manager(acting_user)
    if recommendation.plan_id:
        raise DomainError("This recommendation already has its action plan")
    plan = plan_services.plan_create(
        acting_user=acting_user,
        title=f"Recommendation {recommendation.number} of practice review {recommendation.review.reference}",
        owning_group=practice_review_group(),
        source=recommendation,
        check_permission=False,
    )
    recommendation.plan = plan
    save_with_history(recommendation, acting_user=acting_user, reason="Action plan started")
    return plan


# The clock: pauses, completion and publication -----------------------------------------------------------


@transaction.atomic
def practice_review_pause(*, acting_user: User, review: PracticeReview, reason: str) -> ReviewPause:
    """Stop the 6-month clock (criminal proceedings, for example). No reminders while paused."""
    _require_manager(acting_user)
    if review.status != Status.IN_PROGRESS:
        raise DomainError("Only a review in progress can be paused")
    if not reason.strip():
        raise DomainError("Enter the reason for pausing the review")
    today = calendar.today()
    pause = ReviewPause(review=review, reason=reason.strip(), paused_on=today, paused_by=acting_user)
    save_with_history(pause, acting_user=acting_user, reason="Paused")
    review.status = Status.PAUSED
    save_with_history(review, acting_user=acting_user, reason=f"Paused: {reason}")
    deadline = live_deadline(review, "practice_review")
    if deadline is not None and deadline.is_live:
        clock.deadline_pause(deadline=deadline, acting_user=acting_user, reason=reason, on=today)
    return pause


@transaction.atomic
def practice_review_resume(*, acting_user: User, review: PracticeReview) -> PracticeReview:
    """Restart the clock: the due date moves on by as long as the review was paused."""
    _require_manager(acting_user)
    if review.status != Status.PAUSED:
        raise DomainError("Only a paused review can be resumed")
    today = calendar.today()
    pause = review.pauses.filter(resumed_on__isnull=True).order_by("-paused_on").first()
    if pause is not None:
        pause.resumed_on = today
        save_with_history(pause, acting_user=acting_user, reason="Resumed")
    review.status = Status.IN_PROGRESS
    save_with_history(review, acting_user=acting_user, reason="Resumed")
    deadline = live_deadline(review, "practice_review")
    if deadline is not None and deadline.status == deadline.Status.PAUSED:
        clock.deadline_resume(deadline=deadline, acting_user=acting_user, on=today)
    return review


def _require_final_report(review: PracticeReview, what: str) -> None:
    if not review.final_report_id:
        raise DomainError(f"Upload the final report before {what}")


@transaction.atomic
def pre_publication_record(*, acting_user: User, review: PracticeReview, sent_on: date) -> PracticeReview:
    _require_manager(acting_user)
    if review.status not in (Status.IN_PROGRESS, Status.COMPLETED):
        raise DomainError("Record the copy for a review in progress (resume a paused review first)")
    _require_final_report(review, "sending the copy to the Panel and the Secretary of State")
    refuse_future(sent_on, "The date the copy was sent")
    if sent_on < review.decided_on:
        raise DomainError("The copy cannot have been sent before the decision to initiate the review")
    review.pre_publication_sent_on = sent_on
    save_with_history(review, acting_user=acting_user, reason="Copy sent to the Panel and the Secretary of State")
    meet_deadline(review, "pre_publication_copy", on=sent_on, acting_user=acting_user, reason="Copy sent")
    return review


@transaction.atomic
def practice_review_complete(*, acting_user: User, review: PracticeReview, completed_on: date) -> PracticeReview:
    """A review that is not an LCSPR may be completed without publication."""
    _require_manager(acting_user)
    if review.is_lcspr:
        raise DomainError("A local child safeguarding practice review is completed by publishing it")
    if review.status != Status.IN_PROGRESS:
        raise DomainError("Only a review in progress can be completed (resume a paused review first)")
    _require_final_report(review, "completing the review")
    refuse_future(completed_on, "The date the review was completed")
    if completed_on < review.decided_on:
        raise DomainError("The review cannot be completed before the decision to initiate it")
    review.status = Status.COMPLETED
    review.completed_on = completed_on
    save_with_history(review, acting_user=acting_user, reason="Completed")
    meet_deadline(review, "practice_review", on=completed_on, acting_user=acting_user, reason="Completed")
    return review


def copy_sent_late(review: PracticeReview, published_on: date) -> bool:
    """Did the pre-publication copy go later than the rule's time before publication?"""
    if not review.pre_publication_sent_on or not published_on:
        return False
    latest = clock.rule_for("pre_publication_copy").due_date(published_on, calendar.closure_days())
    return review.pre_publication_sent_on > latest


@transaction.atomic
def practice_review_publish(
    *,
    acting_user: User,
    review: PracticeReview,
    published_on: date,
    may_come_down_on: date | None = None,
    publication_url: str = "",
    late_copy_reason: str = "",
) -> PracticeReview:
    """Published: the 6-month deadline is met, and the date it may come down (a year at
    least) goes on the clock."""
    _require_manager(acting_user)
    if review.status == Status.PAUSED:
        raise DomainError("Resume the review before publishing it")
    if review.status == Status.PUBLISHED:
        raise DomainError("This review is already published")
    _require_final_report(review, "publishing the review")
    if review.is_lcspr and not review.pre_publication_sent_on:
        raise DomainError(
            "Send the final report to the Panel and the Secretary of State before publishing it (at least 7 "
            "working days before)"
        )
    refuse_future(published_on, "The date the review was published")
    if published_on < review.decided_on:
        raise DomainError("The review cannot be published before the decision to initiate it")
    if review.pre_publication_sent_on and published_on < review.pre_publication_sent_on:
        raise DomainError("The review cannot be published before the copy went to the Panel")
    rule = clock.rule_for("publication_period")
    earliest = rule.due_date(published_on, calendar.closure_days())
    if may_come_down_on and may_come_down_on < earliest:
        raise DomainError(
            f"A published review stays published for at least {rule.amount} {rule.get_unit_display()}: "
            f"enter {earliest:%-d %B %Y} or later for the date it may come down"
        )
    late = copy_sent_late(review, published_on)
    if late and not late_copy_reason.strip():
        copy_rule = clock.rule_for("pre_publication_copy")
        raise DomainError(
            f"The copy went to the Panel and the Secretary of State on {review.pre_publication_sent_on:%-d %B %Y}, "
            f"less than {copy_rule.amount} {copy_rule.get_unit_display()} before publication: enter why it was late"
        )
    review.status = Status.PUBLISHED
    review.published_on = published_on
    review.completed_on = review.completed_on or published_on
    review.may_come_down_on = may_come_down_on or earliest
    review.publication_url = publication_url or review.publication_url
    review.late_copy_reason = late_copy_reason.strip() if late else ""
    save_with_history(
        review,
        acting_user=acting_user,
        reason="Published" + (f"; the copy went late: {review.late_copy_reason}" if late else ""),
    )
    meet_deadline(review, "practice_review", on=published_on, acting_user=acting_user, reason="Published")
    start_deadline(
        subject=review,
        rule_key="publication_period",
        start=published_on,
        due_date=None if review.may_come_down_on == earliest else review.may_come_down_on,
        title=f"Practice review {review.reference} may come down",
        acting_user=acting_user,
    )
    return review


# The reviewer directory -------------------------------------------------------------------------------------

REVIEWER_FIELDS = (
    "name",
    "email",
    "phone",
    "organisation_name",
    "expertise",
    "availability",
    "availability_note",
    "previous_reviews",
    "user",
    "is_active",
)


@transaction.atomic
def reviewer_save(*, acting_user: User, reviewer: Reviewer | None = None, **fields: Any) -> Reviewer:
    refuse_unless(permissions.can_manage_reviewers(acting_user))
    creating = reviewer is None
    reviewer = reviewer or Reviewer()
    for name, value in fields.items():
        if name not in REVIEWER_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(reviewer, name, value)
    return save_with_history(reviewer, acting_user=acting_user, reason="Added" if creating else "Changed")


@transaction.atomic
def conflict_add(
    *,
    acting_user: User,
    reviewer: Reviewer,
    description: str,
    declared_on: date,
    organisation: Organisation | None = None,
) -> ConflictOfInterest:
    refuse_unless(permissions.can_manage_reviewers(acting_user))
    refuse_future(declared_on, "The date the conflict was declared")
    conflict = ConflictOfInterest(
        reviewer=reviewer,
        organisation=organisation,
        description=description.strip(),
        declared_on=declared_on,
        recorded_by=acting_user,
    )
    return save_with_history(conflict, acting_user=acting_user, reason="Declared")
