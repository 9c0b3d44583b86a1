"""Rapid reviews: the panel, meetings, agency returns, immediate safety actions, the decision,
sending the review to the Panel and recording the Panel's response."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core import calendar, documents, notifications
from core.services import DomainError, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations
from partnership.selectors import business_unit_people
from subgroups.models import Action, ActionPlan
from subgroups.services import plans as plan_services

from .. import permissions
from ..models import AgencyReturn, LearningTheme, PanelMeeting, RapidReview, SeriousIncident
from ..selectors.deadlines import live_deadline
from ..selectors.rapid import agencies_named, outstanding_returns, panel_of, return_marker, returns_to_pull
from . import (
    REVIEWS_KIND,
    cancel_deadlines,
    local_authority,
    meet_deadline,
    people_named,
    practice_review_group,
    refuse_future,
    refuse_without_role,
    start_deadline,
)

Status = RapidReview.Status
CONTENT_FIELDS = ("facts", "practice_episodes", "learning", "context")


def rapid_review_open(*, incident: SeriousIncident, acting_user: User) -> RapidReview:
    """Open the rapid review of a case, on the clock from the partnership's start point: the
    notification (Working Together 2023) or the day the local authority became aware. A
    referral reviewed without a notification counts from the day the rapid review opened."""
    rule = clock.rule_for("rapid_review")
    opened = incident.notified_on or calendar.today()
    start = incident.aware_on if rule.start_point == "awareness" else opened
    rapid_review = RapidReview(incident=incident, started_on=opened)
    save_with_history(rapid_review, acting_user=acting_user, reason="Opened")
    start_deadline(
        subject=rapid_review,
        rule_key="rapid_review",
        start=start,
        title=f"Send the rapid review of case {incident.reference} to the Panel",
        acting_user=acting_user,
        responsible_organisation=local_authority(),
    )
    return rapid_review


def _require_open(rapid_review: RapidReview, what: str) -> None:
    if not rapid_review.is_open:
        raise DomainError(f"The rapid review has gone to the Panel, so {what}")


def _require_editor(user: User, rapid_review: RapidReview) -> None:
    refuse_unless(
        permissions.manages_reviews(user) or permissions.is_panel_chair(user, rapid_review),
        "Only the business unit and the panel’s chair can do that",
    )


# The panel ---------------------------------------------------------------------------------------


@transaction.atomic
def panel_set(
    *, acting_user: User, rapid_review: RapidReview, chair: User | None, members: Iterable[User]
) -> RapidReview:
    """Who is on the panel. Membership is what lets a person read the case."""
    refuse_unless(permissions.can_manage_rapid_review(acting_user, rapid_review))
    _require_open(rapid_review, "its panel cannot change")
    members = [m for m in members if m != chair]
    inactive = [p for p in [chair, *members] if p is not None and not p.is_active]
    if inactive:
        raise DomainError(f"{people_named(inactive)}: deactivated accounts cannot sit on a panel")
    refuse_without_role([p for p in [chair, *members] if p is not None])
    current = panel_of(rapid_review)
    before: dict[str, set[User | None]] = {
        permissions.CHAIR: {current["chair"]} - {None},
        permissions.PANEL_MEMBER: set(current["members"]),
    }
    after: dict[str, set[User | None]] = {permissions.CHAIR: {chair} - {None}, permissions.PANEL_MEMBER: set(members)}
    for codename in (permissions.CHAIR, permissions.PANEL_MEMBER):
        for person in before[codename] - after[codename]:
            remove_perm(f"reviews.{codename}", person, rapid_review)
        for person in after[codename] - before[codename]:
            assign_perm(f"reviews.{codename}", person, rapid_review)
    added = {
        person
        for person in (after[permissions.CHAIR] | after[permissions.PANEL_MEMBER])
        - (before[permissions.CHAIR] | before[permissions.PANEL_MEMBER])
        if person is not None
    }
    save_with_history(
        rapid_review,
        acting_user=acting_user,
        clean=False,
        reason=f"Panel: chair {chair or 'nobody'}; members {people_named(sorted(members, key=lambda u: u.name))}",
    )
    notifications.notify(
        sorted(added, key=lambda u: u.pk),
        kind=REVIEWS_KIND.key,
        title=f"You are on the panel for the rapid review of case {rapid_review.incident.reference}",
        body="You can now read the case, its rapid review and its report. They are need-to-know: do not share them.",
        url=rapid_review.get_absolute_url(),
        subject=rapid_review,
    )
    return rapid_review


@transaction.atomic
def panel_meeting_add(*, acting_user: User, rapid_review: RapidReview, date: date, purpose: str = "") -> PanelMeeting:
    _require_editor(acting_user, rapid_review)
    _require_open(rapid_review, "no more meetings can be added")
    if date < rapid_review.incident.aware_on:
        raise DomainError("A panel meeting cannot be before the local authority became aware of the incident")
    meeting = PanelMeeting(rapid_review=rapid_review, date=date, purpose=purpose.strip())
    return save_with_history(meeting, acting_user=acting_user, reason="Meeting added")


# What the panel records --------------------------------------------------------------------------------


@transaction.atomic
def rapid_review_update(
    *, acting_user: User, rapid_review: RapidReview, themes: Iterable[LearningTheme] | None = None, **fields: Any
) -> RapidReview:
    _require_editor(acting_user, rapid_review)
    _require_open(rapid_review, "its record cannot change")
    for name in CONTENT_FIELDS:
        if name in fields:
            setattr(rapid_review, name, fields[name])
    save_with_history(rapid_review, acting_user=acting_user, reason="Record updated")
    if themes is not None:
        rapid_review.themes.set(list(themes))
    return rapid_review


@transaction.atomic
def rapid_review_decide(
    *,
    acting_user: User,
    rapid_review: RapidReview,
    decision: str,
    decision_reasons: str,
    decided_on: date,
    decide_without_returns: bool = False,
) -> RapidReview:
    """The panel's decision. Deciding while agencies' returns are still awaited needs saying
    so (`decide_without_returns`): those requests are then closed, with the reason, so the
    agencies stop being chased, and their leads are told."""
    _require_editor(acting_user, rapid_review)
    _require_open(rapid_review, "its decision cannot change")
    if not (decision_reasons or "").strip():
        raise DomainError("Enter the reasons for the decision")
    refuse_future(decided_on, "The date of the decision")
    if decided_on < rapid_review.incident.aware_on:
        raise DomainError("The decision cannot be before the local authority became aware of the incident")
    missing = outstanding_returns(rapid_review)
    if missing and not decide_without_returns:
        raise DomainError(
            f"Returns are still awaited from {agencies_named(missing)}: confirm that the panel is deciding without them"
        )
    rapid_review.decision = decision
    rapid_review.decision_reasons = decision_reasons.strip()
    rapid_review.decided_on = decided_on
    reason = f"Decision: {rapid_review.get_decision_display()}"
    if missing:
        reason += f", without the returns from {agencies_named(missing)}"
    save_with_history(rapid_review, acting_user=acting_user, reason=reason)
    close_returns(
        rapid_review,
        missing,
        acting_user=acting_user,
        reason=f"The panel decided on {decided_on:%-d %B %Y} without this return",
    )
    return rapid_review


def close_returns(rapid_review: RapidReview, returns: list[AgencyReturn], *, acting_user: User, reason: str) -> None:
    """Stop chasing returns that no longer apply: their deadlines are cancelled with the
    reason, and each agency's lead is told once."""
    if not returns:
        return
    leads = contacts_for_organisations([r.organisation_id for r in returns])
    for agency_return in returns:
        if not live_deadline(agency_return, "rapid_review_return"):
            continue
        cancel_deadlines(agency_return, acting_user=acting_user, reason=reason)
        notifications.notify(
            leads.get(agency_return.organisation_id, []),
            kind=REVIEWS_KIND.key,
            title=f"Your agency’s return for the rapid review of case {rapid_review.incident.reference} "
            "is no longer needed",
            body=f"{reason}. You will not be reminded about it again.",
            url=agency_return.get_absolute_url(),
            subject=agency_return,
        )


@transaction.atomic
def returns_pull(*, acting_user: User, rapid_review: RapidReview) -> list[AgencyReturn]:
    """Copy each received return's chronology and analysis into the panel's record of agency
    involvement and key practice episodes, under the agency's name, once each; the panel then
    edits the record as its own."""
    _require_editor(acting_user, rapid_review)
    _require_open(rapid_review, "its record cannot change")
    pulled = returns_to_pull(rapid_review)
    if not pulled:
        raise DomainError("Every return received is already in the record of agency involvement")
    parts = [rapid_review.practice_episodes.rstrip()] if rapid_review.practice_episodes.strip() else []
    for agency_return in pulled:
        sent = f" (sent {agency_return.submitted_at:%-d %B %Y})" if agency_return.submitted_at else ""
        parts.append(
            f"{return_marker(agency_return)}{sent}:\n"
            f"Chronology:\n{agency_return.chronology.strip()}\n"
            f"Analysis:\n{agency_return.analysis.strip()}"
        )
    rapid_review.practice_episodes = "\n\n".join(parts)
    save_with_history(
        rapid_review,
        acting_user=acting_user,
        reason=f"Returns added to the record of agency involvement: {agencies_named(pulled)}",
    )
    return pulled


@transaction.atomic
def safety_action_add(
    *,
    acting_user: User,
    rapid_review: RapidReview,
    description: str,
    owner: User,
    owner_organisation: Organisation | None,
    due_date: date,
) -> Action:
    """An immediate safety action: an action in the rapid review's action plan, which the
    practice review sub-group owns and its chair approves (then it joins the owner's deadlines)."""
    refuse_unless(permissions.can_manage_rapid_review(acting_user, rapid_review))
    plan = rapid_review.safety_plan
    if plan is None:
        plan = plan_services.plan_create(
            acting_user=acting_user,
            title=f"Immediate safety actions: rapid review of case {rapid_review.incident.reference}",
            owning_group=practice_review_group(),
            source=rapid_review,
            check_permission=False,
        )
        rapid_review.safety_plan = plan
        save_with_history(rapid_review, acting_user=acting_user, clean=False, reason="Immediate safety actions started")
    if plan.status == ActionPlan.Status.SUBMITTED:
        raise DomainError(
            "The immediate safety actions are with the practice review sub-group’s chair for approval: add more "
            "once the plan is approved or returned"
        )
    if plan.status in (ActionPlan.Status.COMPLETED, ActionPlan.Status.SIGNED_OFF):
        raise DomainError("The immediate safety actions plan is complete: it cannot take new actions")
    return plan_services.action_add(
        acting_user=acting_user,
        plan=plan,
        description=description,
        owner=owner,
        owner_organisation=owner_organisation,
        due_date=due_date,
    )


# Agency returns ----------------------------------------------------------------------------------------


@transaction.atomic
def returns_request(
    *, acting_user: User, rapid_review: RapidReview, organisations: Iterable[Organisation], due_date: date | None = None
) -> list[AgencyReturn]:
    """Ask each agency for its chronology and analysis, on the clock, reminded by the sweep."""
    refuse_unless(permissions.can_manage_rapid_review(acting_user, rapid_review))
    _require_open(rapid_review, "no more returns can be requested")
    if not organisations:
        raise DomainError("Select at least one agency")
    today = calendar.today()
    if due_date and due_date < today:
        raise DomainError("The date the returns are due cannot be in the past")
    already = set(rapid_review.returns.values_list("organisation_id", flat=True))
    wanted = list({o.pk: o for o in organisations if o.pk not in already}.values())
    if not wanted:
        raise DomainError("Those agencies have already been asked for their returns")
    leads = contacts_for_organisations([o.pk for o in wanted])
    reference = rapid_review.incident.reference
    made = []
    for organisation in wanted:
        agency_return = AgencyReturn(
            rapid_review=rapid_review, organisation=organisation, requested_on=today, requested_by=acting_user
        )
        save_with_history(agency_return, acting_user=acting_user, reason="Requested")
        start_deadline(
            subject=agency_return,
            rule_key="rapid_review_return",
            start=today,
            due_date=due_date,
            title=f"Agency return for the rapid review of case {reference}",
            acting_user=acting_user,
            responsible_users=leads.get(organisation.pk, []),
            responsible_organisation=organisation,
            escalation_users=business_unit_people(),
        )
        notifications.notify(
            leads.get(organisation.pk, []),
            kind=REVIEWS_KIND.key,
            title=f"Your agency’s return is requested for the rapid review of case {reference}",
            body="Send your agency’s chronology and analysis through the portal.",
            url=agency_return.get_absolute_url(),
        )
        agency_return.has_lead = bool(leads.get(organisation.pk))
        made.append(agency_return)
    return made


@transaction.atomic
def return_submit(
    *,
    acting_user: User,
    agency_return: AgencyReturn,
    chronology: str,
    analysis: str,
    upload: UploadedFile | None = None,
) -> AgencyReturn:
    refuse_unless(
        permissions.can_answer_return(acting_user, agency_return), "Only the agency’s lead can send its return"
    )
    rapid_review = agency_return.rapid_review
    _require_open(rapid_review, "returns are closed")
    if not chronology.strip() or not analysis.strip():
        raise DomainError("Enter the chronology and the analysis")
    first = agency_return.status == AgencyReturn.Status.REQUESTED
    agency_return.chronology = chronology
    agency_return.analysis = analysis
    if upload is not None:
        agency_return.document = documents.store(
            upload=upload,
            subject=agency_return,
            uploaded_by=acting_user,
            title=f"Return from {agency_return.organisation}",
            previous=agency_return.document,
        )
    agency_return.status = AgencyReturn.Status.SUBMITTED
    agency_return.submitted_at = timezone.now()
    agency_return.submitted_by = acting_user
    save_with_history(agency_return, acting_user=acting_user, reason="Submitted" if first else "Updated")
    if first:
        meet_deadline(
            agency_return, "rapid_review_return", on=calendar.today(), acting_user=acting_user, reason="Return sent"
        )
    chair = panel_of(rapid_review)["chair"]
    notifications.notify(
        business_unit_people() + ([chair] if chair else []),
        kind=REVIEWS_KIND.key,
        title=f"Return {'received' if first else 'updated'} from {agency_return.organisation} for case "
        f"{rapid_review.incident.reference}",
        url=agency_return.get_absolute_url(),
    )
    return agency_return


# The Panel ---------------------------------------------------------------------------------------------


@transaction.atomic
def rapid_review_send(*, acting_user: User, rapid_review: RapidReview, sent_on: date) -> RapidReview:
    """The rapid review went to the Panel: its deadline is met, and the Panel's response is expected."""
    refuse_unless(permissions.can_manage_rapid_review(acting_user, rapid_review))
    if rapid_review.status != Status.IN_PROGRESS:
        raise DomainError("This rapid review has already been sent to the Panel")
    if not rapid_review.decision:
        raise DomainError("Record the panel’s decision before sending the rapid review to the Panel")
    refuse_future(sent_on, "The date the rapid review was sent to the Panel")
    incident = rapid_review.incident
    if sent_on < incident.incident_on:
        raise DomainError(
            f"The date the rapid review was sent to the Panel cannot be before the incident "
            f"({incident.incident_on:%-d %B %Y})"
        )
    if sent_on < incident.aware_on:
        raise DomainError(
            f"The date the rapid review was sent to the Panel cannot be before the local authority became aware "
            f"({incident.aware_on:%-d %B %Y})"
        )
    if rapid_review.decided_on and sent_on < rapid_review.decided_on:
        raise DomainError(
            f"The date the rapid review was sent to the Panel cannot be before the decision "
            f"({rapid_review.decided_on:%-d %B %Y})"
        )
    rapid_review.sent_on = sent_on
    rapid_review.status = Status.SENT
    save_with_history(rapid_review, acting_user=acting_user, reason="Sent to the Panel")
    meet_deadline(rapid_review, "rapid_review", on=sent_on, acting_user=acting_user, reason="Sent to the Panel")
    close_returns(
        rapid_review,
        outstanding_returns(rapid_review),
        acting_user=acting_user,
        reason=f"The rapid review went to the Panel on {sent_on:%-d %B %Y}",
    )
    start_deadline(
        subject=rapid_review,
        rule_key="panel_response",
        start=sent_on,
        title=f"Panel’s response to the rapid review of case {incident.reference}",
        acting_user=acting_user,
        escalation_users=business_unit_people(),
    )
    return rapid_review


@transaction.atomic
def panel_response_record(
    *,
    acting_user: User,
    rapid_review: RapidReview,
    panel_response: str,
    panel_response_on: date,
    panel_response_notes: str = "",
) -> RapidReview:
    refuse_unless(permissions.can_manage_rapid_review(acting_user, rapid_review))
    if rapid_review.status != Status.SENT:
        raise DomainError("Record the Panel’s response once the rapid review has been sent to it")
    refuse_future(panel_response_on, "The date of the Panel’s response")
    if rapid_review.sent_on and panel_response_on < rapid_review.sent_on:
        raise DomainError(
            f"The Panel cannot respond before the rapid review was sent to it ({rapid_review.sent_on:%-d %B %Y})"
        )
    rapid_review.panel_response = panel_response
    rapid_review.panel_response_on = panel_response_on
    rapid_review.panel_response_notes = panel_response_notes.strip()
    rapid_review.status = Status.COMPLETE
    save_with_history(rapid_review, acting_user=acting_user, reason="Panel’s response recorded")
    meet_deadline(
        rapid_review, "panel_response", on=panel_response_on, acting_user=acting_user, reason="Panel responded"
    )
    # Finished work stops generating reminders: whatever the review still owns is closed.
    cancel_deadlines(rapid_review, acting_user=acting_user, reason="The Panel responded: the rapid review is complete")
    close_returns(
        rapid_review,
        outstanding_returns(rapid_review),
        acting_user=acting_user,
        reason="The Panel responded: the rapid review is complete",
    )
    incident = rapid_review.incident
    incident.status = SeriousIncident.Status.REVIEWED
    save_with_history(incident, acting_user=acting_user, reason="Rapid review complete")
    return rapid_review
