"""Who may see and do what with the register of policies and procedures. Every check lives
here and is used by views (flags for templates), services and querysets alike.

- Everyone with a role reads the register of documents in force (published, under review)
  and withdrawn ones; drafts are for insiders: the business unit, executive members and the
  scrutineer, the owning group's members and the named lead, and the leads of organisations
  consulted on it (who see the drafts they were sent and their own organisation's comments).
- The business unit, the named lead and the owning group's chairs manage a document; the
  owning group's approval is recorded by those who record its meetings' decisions.
- Organisations' leads confirm adoption for the organisations they lead.
"""

from django.db.models import Q, QuerySet

from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.models import Organisation
from partnership.permissions import led_organisation_ids
from subgroups import permissions as group_permissions

from .models import Consultation, ConsultationComment, ConsultationInvite, Policy, PolicyVersion

PUBLIC_STATUSES = (Policy.Status.PUBLISHED, Policy.Status.UNDER_REVIEW, Policy.Status.WITHDRAWN)


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def reads_everything(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def is_business_unit(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


# The register ---------------------------------------------------------------------------------


def can_use_policies(user) -> bool:
    return has_any_role(user)


def can_create_policy(user) -> bool:
    return is_business_unit(user)


def consulted_policy_ids(user):
    """Policies on which an organisation the person leads was consulted."""
    return Consultation.objects.filter(invites__organisation_id__in=led_organisation_ids(user)).values("policy_id")


def policies_visible_to(user) -> QuerySet[Policy]:
    if not _active(user) or not has_any_role(user):
        return Policy.objects.none()
    if reads_everything(user):
        return Policy.objects.all()
    condition = (
        Q(status__in=PUBLIC_STATUSES)
        | Q(published_version__isnull=False)
        | Q(owner_group_id__in=group_permissions.member_group_ids(user))
        | Q(lead=user)
    )
    if led_organisation_ids(user):
        condition |= Q(pk__in=consulted_policy_ids(user))
    return Policy.objects.filter(condition)


def is_insider(user, policy: Policy) -> bool:
    """Sees the drafts and every comment: those who read everything, the lead, the owning
    group's members (who approve it)."""
    return (
        reads_everything(user)
        or policy.lead_id == user.pk
        or policy.owner_group_id in group_permissions.member_group_ids(user)
    )


def can_manage_policy(user, policy: Policy) -> bool:
    if not _active(user) or policy.is_withdrawn:
        return False
    return is_business_unit(user) or policy.lead_id == user.pk or group_permissions.is_chair(user, policy.owner_group)


def can_edit_details(user, policy: Policy) -> bool:
    return can_manage_policy(user, policy)


def can_record_approval(user, policy: Policy) -> bool:
    """Those who record the owning group's decisions: the business unit and its chairs."""
    return not policy.is_withdrawn and group_permissions.can_manage_meetings(user, policy.owner_group)


def can_view_history(user, policy: Policy) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER) or policy.lead_id == user.pk


def can_view_version(user, version: PolicyVersion) -> bool:
    """A published version is for everyone with a role; a draft for insiders and for the
    organisations it was sent to for comment."""
    policy = version.policy
    if not policies_visible_to(user).filter(pk=policy.pk).exists():
        return False
    if version.is_published or is_insider(user, policy):
        return True
    return Consultation.objects.filter(
        version=version, invites__organisation_id__in=led_organisation_ids(user)
    ).exists()


# Consultation ---------------------------------------------------------------------------------


def consultations_visible_to(user) -> QuerySet[Consultation]:
    visible = policies_visible_to(user)
    if reads_everything(user):
        return Consultation.objects.filter(policy__in=visible)
    insider = Q(policy__lead=user) | Q(policy__owner_group_id__in=group_permissions.member_group_ids(user))
    consulted = Q(invites__organisation_id__in=led_organisation_ids(user))
    return Consultation.objects.filter(insider | consulted, policy__in=visible).distinct()


def comments_visible_to(user, consultation: Consultation) -> QuerySet[ConsultationComment]:
    comments = consultation.comments.all()
    if is_insider(user, consultation.policy):
        return comments
    return comments.filter(organisation_id__in=led_organisation_ids(user))


def can_see_all_comments(user, consultation: Consultation) -> bool:
    return is_insider(user, consultation.policy)


def invited_organisations_led_by(user, consultation: Consultation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=ConsultationInvite.objects.filter(
            consultation=consultation, organisation_id__in=led_organisation_ids(user)
        ).values("organisation_id")
    )


def can_comment(user, consultation: Consultation) -> bool:
    """An invited organisation's lead, or the business unit recording a comment sent to it
    another way, while the consultation is open."""
    if not consultation.is_open:
        return False
    return is_business_unit(user) or invited_organisations_led_by(user, consultation).exists()


def can_answer_comments(user, consultation: Consultation) -> bool:
    return can_manage_policy(user, consultation.policy)


def can_close_consultation(user, consultation: Consultation) -> bool:
    return consultation.is_open and can_manage_policy(user, consultation.policy)


# Adoption --------------------------------------------------------------------------------------


def adoption_organisations() -> QuerySet[Organisation]:
    """Who is asked to adopt the partnership's procedures: every active safeguarding partner
    and relevant agency in the directory."""
    return Organisation.objects.filter(is_active=True).filter(
        Q(is_safeguarding_partner=True) | Q(is_relevant_agency=True)
    )


def organisations_to_confirm(user, policy: Policy) -> QuerySet[Organisation]:
    """The organisations this person leads that are asked to adopt and have not yet."""
    if not policy.is_in_force:
        return Organisation.objects.none()
    return (
        adoption_organisations()
        .filter(pk__in=led_organisation_ids(user))
        .exclude(pk__in=policy.published_version.adoptions.values("organisation_id"))
    )


def can_confirm_adoption(user, policy: Policy) -> bool:
    return bool(led_organisation_ids(user)) and organisations_to_confirm(user, policy).exists()


def can_view_adoption(user, policy: Policy) -> bool:
    return policy.published_version_id is not None and is_insider(user, policy)


# Learning links ---------------------------------------------------------------------------------


def can_link_learning(user, policy: Policy) -> bool:
    return can_manage_policy(user, policy)


def can_view_learning_register(user) -> bool:
    return has_any_role(user)
