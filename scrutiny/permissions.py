"""Who may see and do what in scrutiny and assurance. Every check lives here and is used by
views (flags for templates), services and querysets alike.

Decisions (part A: challenges, escalations, independent scrutiny, assurance requests,
inspections, spotlights):

- Everyone with a role in the partnership reaches the Assurance pages; what each list shows is
  filtered to what the person may see. Someone with no role sees nothing.
- Challenges are partnership business, not need-to-know: the business unit, executive members
  and the scrutineer read them all; others read the ones they raised, the ones put to an
  organisation they lead or belong to, the ones put to a group they sit on, and the ones raised
  in meetings of their groups. The business unit, executive members, the scrutineer and group
  chairs raise them; the organisation's lead (or the group's chair) answers; the raiser or the
  business unit closes or escalates.
- Escalations of professional disagreement are sensitive (restricted, every view logged): the
  business unit, executive members and the scrutineer, and the people and organisations
  involved — whoever recorded it, the lead or mediator of any stage, and the leads of the two
  organisations. The business unit or an organisation's lead starts one; the business unit, the
  person who recorded it, the current stage's lead and the two organisations' leads move it on;
  at the Executive stage executive members may too.
- Independent scrutiny (the plan, activities, findings, recommendations and impact summaries)
  is read by everyone with a role: it goes into the public yearly report. The scrutineer and the
  business unit write it; executive members (and the business unit) respond to
  recommendations and record their implementation.
- Assurance requests are between the partnership and one agency: the business unit, executive
  members and the scrutineer, and the agency's leads (who upload the report). The business unit
  requests and assesses them.
- Inspection reports are published documents: everyone with a role reads them; the business
  unit records them.
- Spotlights are read by the business unit, executive members, the scrutineer, members of the
  group that set them and their authors. The business unit or the group's chair sets and
  changes them and records the group's assurance; the authors answer.
"""

from django.db.models import Q, QuerySet

from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.permissions import led_organisation_ids
from subgroups import permissions as group_permissions

from .models import AssuranceRequest, Challenge, Escalation, Spotlight


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def reads_everything(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def is_business_unit(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_use_assurance(user) -> bool:
    """The Assurance pages: anyone with a role (lists are filtered per person)."""
    return has_any_role(user)


def can_view_history(user) -> bool:
    """Change history names who did what: the business unit and the scrutineer read it."""
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


# Challenges --------------------------------------------------------------------------------------


def challenges_visible_to(user) -> QuerySet[Challenge]:
    if reads_everything(user):
        return Challenge.objects.all()
    if not has_any_role(user):
        return Challenge.objects.none()
    groups = group_permissions.member_group_ids(user)
    condition = (
        Q(raised_by=user)
        | Q(directed_to_organisation_id__in=led_organisation_ids(user))
        | Q(directed_to_group_id__in=groups)
        | Q(meeting__group_id__in=groups)
    )
    if user.organisation_id:
        condition |= Q(directed_to_organisation_id=user.organisation_id)
    return Challenge.objects.filter(condition)


def can_raise_challenge(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.EXECUTIVE, Role.SCRUTINEER) or bool(
        group_permissions.chaired_group_ids(user)
    )


def can_raise_in_meeting(user, meeting) -> bool:
    """In a meeting the person may see (the business unit, the group's chairs, executive members
    and the scrutineer)."""
    return can_raise_challenge(user) and group_permissions.meetings_visible_to(user).filter(pk=meeting.pk).exists()


def answers_for(user, challenge: Challenge) -> bool:
    """The person speaks for whoever the challenge was put to."""
    if challenge.directed_to_organisation_id:
        return challenge.directed_to_organisation_id in led_organisation_ids(user)
    return challenge.directed_to_group_id in group_permissions.chaired_group_ids(user)


def can_answer_challenge(user, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.OPEN and (is_business_unit(user) or answers_for(user, challenge))


def _raiser_or_business_unit(user, challenge: Challenge) -> bool:
    return _active(user) and (is_business_unit(user) or challenge.raised_by_id == user.pk)


def can_edit_challenge(user, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.OPEN and _raiser_or_business_unit(user, challenge)


def escalation_concluded(challenge: Challenge) -> bool:
    """An escalated challenge whose escalation has been resolved or withdrawn: it can now be
    closed with the partnership's view of how assured it is."""
    if challenge.status != Challenge.Status.ESCALATED:
        return False
    escalation = getattr(challenge, "escalation", None)
    return escalation is not None and not escalation.is_open


def closes_after_escalation(user, challenge: Challenge) -> bool:
    """The person will close this challenge once its escalation, still in progress, concludes."""
    escalation = getattr(challenge, "escalation", None) if challenge.status == Challenge.Status.ESCALATED else None
    return escalation is not None and escalation.is_open and _raiser_or_business_unit(user, challenge)


def can_close_challenge(user, challenge: Challenge) -> bool:
    closable = challenge.status == Challenge.Status.ANSWERED or escalation_concluded(challenge)
    return closable and _raiser_or_business_unit(user, challenge)


def can_escalate_challenge(user, challenge: Challenge) -> bool:
    return challenge.status in (Challenge.Status.OPEN, Challenge.Status.ANSWERED) and _raiser_or_business_unit(
        user, challenge
    )


# Escalations (restricted) -------------------------------------------------------------------------


def escalations_visible_to(user) -> QuerySet[Escalation]:
    if reads_everything(user):
        return Escalation.objects.all()
    if not has_any_role(user):
        return Escalation.objects.none()
    led = led_organisation_ids(user)
    involved = Escalation.objects.filter(
        Q(raised_by=user)
        | Q(stages__handled_by=user)
        | Q(stages__mediator=user)
        | Q(raising_organisation_id__in=led)
        | Q(other_organisation_id__in=led)
    ).values("pk")
    return Escalation.objects.filter(pk__in=involved)


def can_start_escalation(user) -> bool:
    return is_business_unit(user) or (has_any_role(user) and bool(led_organisation_ids(user)))


def can_start_escalation_for(user, raising_organisation) -> bool:
    """An organisation's lead raises a disagreement on their own organisation's behalf."""
    if is_business_unit(user):
        return True
    return raising_organisation is not None and raising_organisation.pk in led_organisation_ids(user)


def can_manage_escalation(user, escalation: Escalation, current_stage=None) -> bool:
    """Record the current stage, move it on, resolve or withdraw it."""
    if not escalation.is_open or not has_any_role(user):
        return False
    if is_business_unit(user) or escalation.raised_by_id == user.pk:
        return True
    led = led_organisation_ids(user)
    if escalation.raising_organisation_id in led or escalation.other_organisation_id in led:
        return True
    if escalation.stage == Escalation.Stage.EXECUTIVE and has_role(user, Role.EXECUTIVE):
        return True
    return current_stage is not None and user.pk in (current_stage.handled_by_id, current_stage.mediator_id)


def can_view_access_log(user) -> bool:
    return is_business_unit(user)


# Independent scrutiny --------------------------------------------------------------------------------


def can_view_scrutiny(user) -> bool:
    return has_any_role(user)


def can_write_scrutiny(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


def can_respond_to_recommendations(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.EXECUTIVE)


def can_plan_recommendation(user, recommendation) -> bool:
    """The business unit, which keeps the partnership's action plans, turns an accepted (or
    partly accepted) recommendation into an action, once."""
    return recommendation.can_be_implemented and recommendation.action_id is None and has_role(user, Role.BUSINESS_UNIT)


# Assurance requests and inspections -----------------------------------------------------------------


def assurance_requests_visible_to(user) -> QuerySet[AssuranceRequest]:
    if reads_everything(user):
        return AssuranceRequest.objects.all()
    if not has_any_role(user):
        return AssuranceRequest.objects.none()
    return AssuranceRequest.objects.filter(organisation_id__in=led_organisation_ids(user))


def can_manage_assurance_requests(user) -> bool:
    return is_business_unit(user)


def can_send_report(user, request: AssuranceRequest) -> bool:
    return request.status == AssuranceRequest.Status.REQUESTED and (
        is_business_unit(user) or request.organisation_id in led_organisation_ids(user)
    )


def can_view_report(user, request: AssuranceRequest) -> bool:
    return assurance_requests_visible_to(user).filter(pk=request.pk).exists()


def can_view_inspections(user) -> bool:
    return has_any_role(user)


def can_manage_inspections(user) -> bool:
    return is_business_unit(user)


# Spotlights -------------------------------------------------------------------------------------------


def spotlights_visible_to(user) -> QuerySet[Spotlight]:
    if reads_everything(user):
        return Spotlight.objects.all()
    if not has_any_role(user):
        return Spotlight.objects.none()
    authored = Spotlight.authors.through.objects.filter(user_id=user.pk).values("spotlight_id")
    return Spotlight.objects.filter(Q(group_id__in=group_permissions.member_group_ids(user)) | Q(pk__in=authored))


def can_view_spotlight(user, spotlight: Spotlight) -> bool:
    return spotlights_visible_to(user).filter(pk=spotlight.pk).exists()


def can_set_spotlights(user, group) -> bool:
    """The business unit, or the chair of the group that sets them."""
    return is_business_unit(user) or (group is not None and group_permissions.is_chair(user, group))


def can_manage_spotlight(user, spotlight: Spotlight) -> bool:
    return spotlight.status == Spotlight.Status.OPEN and can_set_spotlights(user, spotlight.group)


def is_author(user, spotlight: Spotlight) -> bool:
    return _active(user) and spotlight.authors.filter(pk=user.pk).exists()


def can_answer_spotlight(user, spotlight: Spotlight) -> bool:
    return spotlight.status == Spotlight.Status.OPEN and is_author(user, spotlight)
