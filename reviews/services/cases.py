"""Cases: recording a serious incident, referring a case, notifying the Panel, deciding what
happens to a referral, closing a case.

Creating a serious incident starts the 5-working-day notification deadline from the day the
local authority became aware; recording the notification meets it and opens the rapid review,
whose 15-working-day deadline counts from the partnership's chosen start point.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from core import calendar, notifications
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import Organisation, User
from partnership.selectors import business_unit_people

from .. import permissions
from ..models import RapidReview, SeriousIncident
from . import (
    REVIEWS_KIND,
    cancel_deadlines,
    local_authority,
    meet_deadline,
    next_reference,
    refuse_future,
    start_deadline,
)

Status = SeriousIncident.Status
CASE_FIELDS = ("child_pseudonym", "age_band", "category", "incident_on", "aware_on", "summary")


def _check_dates(*, incident_on: date | None, aware_on: date | None) -> None:
    refuse_future(aware_on, "The date the local authority became aware")
    refuse_future(incident_on, "The date of the incident")


def _new_case(
    *, acting_user: User, route: str, status: str, agencies: Iterable[Organisation], **fields: Any
) -> SeriousIncident:
    _check_dates(incident_on=fields.get("incident_on"), aware_on=fields.get("aware_on"))
    incident = SeriousIncident(route=route, status=status, created_by=acting_user)
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.reference = next_reference(SeriousIncident, incident.aware_on.year)
    save_with_history(incident, acting_user=acting_user, reason="Recorded")
    incident.agencies.set(list(agencies))
    return incident


@transaction.atomic
def incident_record(*, acting_user: User, agencies: Iterable[Organisation] = (), **fields: Any) -> SeriousIncident:
    """The local authority records a serious incident: the notification deadline starts."""
    refuse_unless(permissions.can_record_incident(acting_user))
    incident = _new_case(
        acting_user=acting_user,
        route=SeriousIncident.Route.NOTIFICATION,
        status=Status.NOTIFICATION_DUE,
        agencies=agencies,
        **{name: fields[name] for name in CASE_FIELDS},
    )
    _start_notification_clock(incident, acting_user)
    return incident


@transaction.atomic
def referral_make(
    *,
    acting_user: User,
    organisation: Organisation,
    referral_reason: str,
    agencies: Iterable[Organisation] = (),
    **fields: Any,
) -> SeriousIncident:
    """An agency refers a case to the practice review sub-group for a decision."""
    refuse_unless(permissions.can_refer(acting_user))
    if not referral_reason.strip():
        raise DomainError("Enter the reason for the referral")
    incident = _new_case(
        acting_user=acting_user,
        route=SeriousIncident.Route.REFERRAL,
        status=Status.REFERRED,
        agencies=agencies,
        referred_by_organisation=organisation,
        referral_reason=referral_reason,
        **{name: fields[name] for name in CASE_FIELDS},
    )
    notifications.notify(
        business_unit_people(),
        kind=REVIEWS_KIND.key,
        title=f"New referral: case {incident.reference}",
        body=f"Referred by {organisation}. It needs a decision.",
        url=incident.get_absolute_url(),
    )
    return incident


@transaction.atomic
def incident_update(
    *, acting_user: User, incident: SeriousIncident, agencies: Iterable[Organisation] | None = None, **fields: Any
) -> SeriousIncident:
    refuse_unless(permissions.can_manage_case(acting_user))
    if not incident.is_open:
        raise DomainError("This case is no longer open, so it cannot be changed")
    aware_changed = "aware_on" in fields and fields["aware_on"] != incident.aware_on
    if aware_changed and incident.status == Status.RAPID_REVIEW:
        raise DomainError("The date the local authority became aware cannot change once the rapid review has started")
    _check_dates(incident_on=fields.get("incident_on"), aware_on=fields.get("aware_on"))
    for name in CASE_FIELDS:
        if name in fields:
            setattr(incident, name, fields[name])
    save_with_history(incident, acting_user=acting_user, reason="Details changed")
    if agencies is not None:
        incident.agencies.set(list(agencies))
    if aware_changed and incident.status == Status.NOTIFICATION_DUE:
        cancel_deadlines(incident, acting_user=acting_user, reason="The date of awareness was corrected")
        _start_notification_clock(incident, acting_user)
    return incident


@transaction.atomic
def referral_accept(*, acting_user: User, incident: SeriousIncident) -> SeriousIncident:
    """The referral meets the notification criteria: it becomes a serious incident, and the
    notification deadline counts from the day the local authority became aware."""
    refuse_unless(permissions.can_manage_case(acting_user))
    if incident.status != Status.REFERRED:
        raise DomainError("Only a referral awaiting a decision can be recorded as a serious incident")
    incident.route = SeriousIncident.Route.NOTIFICATION
    incident.status = Status.NOTIFICATION_DUE
    save_with_history(incident, acting_user=acting_user, reason="Meets the criteria for notification")
    _start_notification_clock(incident, acting_user)
    return incident


@transaction.atomic
def incident_notify(
    *,
    acting_user: User,
    incident: SeriousIncident,
    notified_on: date,
    panel_reference: str = "",
    partners_told_on: date | None = None,
) -> SeriousIncident:
    """The notification went to the Panel: the deadline is met (on time or late) and the
    rapid review opens, on the clock."""
    from .rapid import rapid_review_open

    refuse_unless(permissions.can_manage_case(acting_user))
    if incident.status != Status.NOTIFICATION_DUE:
        raise DomainError("The Panel has already been notified of this case, or it does not need notifying")
    refuse_future(notified_on, "The date the Panel was notified")
    if notified_on < incident.aware_on:
        raise DomainError(
            f"The date the Panel was notified cannot be before the local authority became aware "
            f"({incident.aware_on:%-d %B %Y})"
        )
    if partners_told_on:
        refuse_future(partners_told_on, "The date the safeguarding partners were told")
        if partners_told_on < incident.aware_on:
            raise DomainError(
                "The date the safeguarding partners were told cannot be before the local authority became aware"
            )
    incident.notified_on = notified_on
    incident.panel_reference = panel_reference.strip()
    incident.partners_told_on = partners_told_on
    incident.status = Status.RAPID_REVIEW
    save_with_history(incident, acting_user=acting_user, reason="Panel notified")
    meet_deadline(
        incident,
        "serious_incident_notification",
        on=notified_on,
        acting_user=acting_user,
        reason="Notification sent to the Panel",
    )
    rapid_review_open(incident=incident, acting_user=acting_user)
    return incident


@transaction.atomic
def referral_to_rapid_review(*, acting_user: User, incident: SeriousIncident) -> RapidReview:
    """A referral that does not meet the notification criteria may still have a rapid review."""
    from .rapid import rapid_review_open

    refuse_unless(permissions.can_manage_case(acting_user))
    if incident.status != Status.REFERRED:
        raise DomainError("Only a referral awaiting a decision can go to a rapid review this way")
    incident.status = Status.RAPID_REVIEW
    save_with_history(incident, acting_user=acting_user, reason="Rapid review without notification")
    return rapid_review_open(incident=incident, acting_user=acting_user)


@transaction.atomic
def incident_close(*, acting_user: User, incident: SeriousIncident, reason: str) -> SeriousIncident:
    """Close a referral that needs no review (or a case recorded in error), with the reason."""
    refuse_unless(permissions.can_manage_case(acting_user))
    if incident.status not in (Status.REFERRED, Status.NOTIFICATION_DUE):
        raise DomainError("Only a referral or a case not yet notified can be closed: a rapid review is under way")
    if not reason.strip():
        raise DomainError("Enter the reason for closing the case")
    incident.status = Status.CLOSED
    incident.close_reason = reason.strip()
    incident.closed_on = calendar.today()
    save_with_history(incident, acting_user=acting_user, reason=f"Closed: {reason}")
    cancel_deadlines(incident, acting_user=acting_user, reason="The case was closed")
    return incident


def _start_notification_clock(incident: SeriousIncident, acting_user: User) -> None:
    start_deadline(
        subject=incident,
        rule_key="serious_incident_notification",
        start=incident.aware_on,
        title=f"Notify the Panel of serious incident {incident.reference}",
        acting_user=acting_user,
        responsible_organisation=local_authority(),
    )
