"""Reads about an audit cycle."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from core.roles import Role
from partnership.models import Organisation

from .. import permissions
from ..models import AuditCycle, AuditSubmission, CycleUserObjectPermission, FrameworkVersion


def moderators_of(cycle: AuditCycle) -> list:
    ids = CycleUserObjectPermission.objects.filter(
        content_object=cycle, permission__codename=permissions.MODERATE
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("name"))


def moderation_panel(cycle: AuditCycle):
    """Who may sit on a moderation panel for the cycle: its moderators and the business unit."""
    moderators = [u.pk for u in moderators_of(cycle)]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=moderators) | Q(groups__name=Role.BUSINESS_UNIT.label))
        .distinct()
        .select_related("organisation")
        .order_by("name")
    )


def return_counts(cycle: AuditCycle) -> dict[str, int]:
    """{"returns": live returns in the cycle, "drafts": those not yet submitted}."""
    return cycle.submissions.filter(is_withdrawn=False).aggregate(
        returns=Count("pk"), drafts=Count("pk", filter=~Q(status__in=AuditSubmission.HAS_SUBMITTED))
    )


def default_organisations(version: FrameworkVersion):
    """Every active organisation whose audit duty in the directory matches the framework."""
    return Organisation.objects.filter(is_active=True, audit_duty__in=version.framework.organisation_duties)


def previous_cycle_for(version: FrameworkVersion, *, exclude_pk: int | None = None) -> AuditCycle | None:
    cycles = AuditCycle.objects.filter(version__framework_id=version.framework_id).exclude(pk=exclude_pk)
    return cycles.order_by("-opens_on", "-pk").first()
