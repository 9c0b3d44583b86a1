"""Who may see and do what in listening: surveys, their results, and the "you said, we did" log.

- The business unit builds and runs surveys, moderates comments, shares results and keeps the
  log. It is the only role that reads a comment before it is moderated.
- Executive members and the independent scrutineer read every survey and its results (the
  moderated comments only) and the whole log.
- Everyone else in the partnership sees published surveys, the results the business unit has
  shared, and the log. An agency's lead answers agencies' surveys for their agency; a named
  facilitator enters children's answers; an item's owner records what was done; the chair of
  the item's group reviews it.
- People with no role in the partnership see nothing; the public sees only the survey link and
  the published entries of the log.
"""

from django.db.models import QuerySet

from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.permissions import led_organisation_ids, organisations_led_by
from subgroups.permissions import chaired_group_ids

from .models import Survey, YouSaid


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_use_listening(user) -> bool:
    return has_any_role(user)


def manages(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def reads_everything(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def can_view_history(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


# Surveys ------------------------------------------------------------------------------------------


def surveys_visible_to(user) -> QuerySet[Survey]:
    if reads_everything(user):
        return Survey.objects.all()
    if not can_use_listening(user):
        return Survey.objects.none()
    return Survey.objects.exclude(status=Survey.Status.DRAFT)


def can_manage_surveys(user) -> bool:
    return manages(user)


def can_edit_questions(user, survey: Survey) -> bool:
    """Questions change only while the survey is a draft: answers must mean the same thing."""
    return manages(user) and survey.is_draft


def can_view_results(user, survey: Survey) -> bool:
    if survey.is_draft:
        return False
    return reads_everything(user) or (can_use_listening(user) and survey.results_released_at is not None)


def can_moderate(user, survey: Survey) -> bool:
    return manages(user) and not survey.is_draft


def is_facilitator(user, survey: Survey) -> bool:
    return _active(user) and survey.audience == Survey.Audience.CHILDREN and user.pk in facilitator_ids(survey)


def facilitator_ids(survey: Survey) -> set[int]:
    if not hasattr(survey, "_facilitator_ids"):
        survey._facilitator_ids = set(survey.facilitators.values_list("pk", flat=True))
    return survey._facilitator_ids


def can_enter_for_children(user, survey: Survey, today) -> bool:
    """The survey's facilitators (and the business unit) enter young people's answers."""
    return (
        survey.audience == Survey.Audience.CHILDREN
        and survey.accepts_answers(today)
        and can_use_listening(user)
        and (manages(user) or is_facilitator(user, survey))
    )


def agencies_to_answer_for(user, survey: Survey) -> QuerySet:
    """The invited agencies this person leads (an agencies' survey)."""
    led = organisations_led_by(user)
    return led.filter(pk__in=survey.invited.values("organisation_id")).order_by("name")


def can_answer_for_agency(user, survey: Survey, today) -> bool:
    return (
        survey.audience == Survey.Audience.AGENCY_LEADS
        and survey.accepts_answers(today)
        and agencies_to_answer_for(user, survey).exists()
    )


# The "you said, we did" log -------------------------------------------------------------------------


def you_said_visible_to(user) -> QuerySet[YouSaid]:
    return YouSaid.objects.all() if can_use_listening(user) else YouSaid.objects.none()


def is_group_chair(user, item: YouSaid) -> bool:
    return item.group_id is not None and item.group_id in chaired_group_ids(user)


def can_record_you_said(user) -> bool:
    """The business unit, and any group's chair (a forum's views often reach the partnership
    through the group that heard them)."""
    return manages(user) or (can_use_listening(user) and bool(chaired_group_ids(user)))


def can_edit_you_said(user, item: YouSaid) -> bool:
    return not item.is_done and (manages(user) or is_group_chair(user, item))


def can_assign(user, item: YouSaid) -> bool:
    return item.status in (YouSaid.Status.RECORDED, YouSaid.Status.WITH_OWNER) and (
        manages(user) or is_group_chair(user, item)
    )


def is_owner(user, item: YouSaid) -> bool:
    return _active(user) and item.owner_id == user.pk


def can_respond(user, item: YouSaid) -> bool:
    """The owner says what was done (the business unit may record it for them)."""
    return item.status == YouSaid.Status.WITH_OWNER and (is_owner(user, item) or manages(user))


def can_review(user, item: YouSaid) -> bool:
    """The chair of the item's group reviews what was done; with no group (or no chair), the
    business unit does."""
    if item.status != YouSaid.Status.REVIEW:
        return False
    if is_group_chair(user, item):
        return True
    return manages(user) and (item.group_id is None or not item_group_has_chair(item))


def item_group_has_chair(item: YouSaid) -> bool:
    from subgroups.selectors.groups import chairs_of

    return bool(item.group_id and chairs_of(item.group))


def can_publish(user, item: YouSaid) -> bool:
    return manages(user)


# Evidence of listening ----------------------------------------------------------------------------------


def can_view_evidence(user) -> bool:
    """Agencies' leads (for their agencies), and those who read everything (for any agency)."""
    return reads_everything(user) or (can_use_listening(user) and bool(led_organisation_ids(user)))
