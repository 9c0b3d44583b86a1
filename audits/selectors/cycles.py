"""Reads about audit cycles: the list, a cycle, its returns, what was sent about them, its
challenge events, its moderators and the previous cycle on the same framework."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core.roles import Role
from core.services import refuse_unless
from partnership.models import Organisation, User

from .. import permissions
from ..models import (
    AuditCycle,
    AuditSubmission,
    ChallengeEvent,
    CycleReportFile,
    CycleUserObjectPermission,
    FrameworkVersion,
)


def moderators_of(cycle: AuditCycle) -> list[User]:
    ids = CycleUserObjectPermission.objects.filter(
        content_object=cycle, permission__codename=permissions.MODERATE
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("name"))


def moderation_panel(cycle: AuditCycle) -> QuerySet[User]:
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


def default_organisations(version: FrameworkVersion) -> QuerySet[Organisation]:
    """Every active organisation whose audit duty in the directory matches the framework."""
    return Organisation.objects.filter(is_active=True, audit_duty__in=version.framework.organisation_duties)


def previous_cycle_for(version: FrameworkVersion, *, exclude_pk: int | None = None) -> AuditCycle | None:
    cycles = AuditCycle.objects.filter(version__framework_id=version.framework_id)
    if exclude_pk is not None:
        cycles = cycles.exclude(pk=exclude_pk)
    return cycles.order_by("-opens_on", "-pk").first()


def cycle_list_for_user(user: User) -> QuerySet[AuditCycle]:
    refuse_unless(permissions.can_view_audits(user))
    return (
        permissions.cycles_visible_to(user)
        .select_related("version__framework")
        .annotate(
            invited=Count("submissions", filter=Q(submissions__is_withdrawn=False)),
            submitted=Count(
                "submissions",
                filter=Q(submissions__is_withdrawn=False, submissions__status__in=AuditSubmission.HAS_SUBMITTED),
            ),
        )
        .order_by("-opens_on", "-pk")
    )


def cycle_get_for_user(user: User, pk: int) -> AuditCycle:
    cycle = (
        permissions.cycles_visible_to(user)
        .select_related("version__framework", "previous", "created_by")
        .filter(pk=pk)
        .first()
    )
    if cycle is None:
        raise Http404("No such cycle")
    return cycle


def cycle_submissions(
    cycle: AuditCycle, *, status: str = "", kind: str = "", withdrawn: bool = False
) -> QuerySet[AuditSubmission]:
    submissions = cycle.submissions.filter(is_withdrawn=withdrawn).select_related("organisation")
    if status:
        submissions = submissions.filter(status=status)
    if kind:
        submissions = submissions.filter(organisation__kind=kind)
    return submissions.order_by("organisation__name")


def cycle_kinds(cycle: AuditCycle) -> list[tuple[str, str]]:
    """(kind, label) for each kind of organisation invited to the cycle, by label: the choices
    of its pages' filter by kind. One query."""
    labels = dict(Organisation.Kind.choices)
    kinds = (
        cycle.submissions.filter(is_withdrawn=False).order_by().values_list("organisation__kind", flat=True).distinct()
    )
    return sorted(((kind, labels.get(kind, kind)) for kind in kinds), key=lambda choice: choice[1])


SENT_KINDS = {"deadline_reminder": "reminder", "deadline_escalation": "escalation", "audit_chase": "chase"}


@dataclass
class SentSummary:
    """What the portal sent about one return: reminders, chases and escalations, with dates."""

    reminders: int = 0
    chases: int = 0
    escalations: int = 0
    last_at: datetime | None = None
    last_kind: str = ""


def messages_sent(submissions: Iterable[AuditSubmission]) -> dict[int, SentSummary]:
    """{return id: summary} of the reminders, chases and escalations sent about each return
    (the deadline's reminders and escalations, and chases naming it), in one query: a union of
    the messages naming a return and those of its deadline, each read from its own index (an
    OR across the join to the deadlines reads every notification)."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import Notification

    ids = [s.pk for s in submissions]
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(AuditSubmission)
    sent_kinds = Notification.objects.filter(kind__in=SENT_KINDS)
    fields = ("pk", "subject_id", "deadline__object_id", "kind", "created_at")
    rows = (
        sent_kinds.filter(subject_type=content_type, subject_id__in=ids)
        .values_list(*fields)
        .order_by()  # SQLite refuses an ORDER BY inside a UNION's parts
        .union(
            sent_kinds.filter(deadline__content_type=content_type, deadline__object_id__in=ids)
            .values_list(*fields)
            .order_by()
        )
        .order_by("created_at")
    )
    sent: dict[int, SentSummary] = {}
    for _pk, subject_id, deadline_object, kind, created_at in rows:
        pk = subject_id if subject_id in ids else deadline_object
        summary = sent.setdefault(pk, SentSummary())
        label = SENT_KINDS[kind]
        setattr(summary, f"{label}s", getattr(summary, f"{label}s") + 1)
        summary.last_at, summary.last_kind = created_at, label
    return sent


def cycle_events(cycle: AuditCycle) -> list[ChallengeEvent]:
    return list(
        cycle.events.prefetch_related(
            Prefetch("presenting", queryset=AuditSubmission.objects.select_related("organisation")), "panel"
        )
    )


def event_get_for_user(user: User, pk: int) -> ChallengeEvent:
    event = (
        ChallengeEvent.objects.filter(pk=pk, cycle__in=permissions.cycles_visible_to(user))
        .select_related("cycle__version__framework")
        .first()
    )
    if event is None or not permissions.can_moderate(user, event.cycle):
        raise Http404("No such challenge event")
    return event


def uninvited_organisations(cycle: AuditCycle) -> QuerySet[Organisation]:
    invited = cycle.submissions.filter(is_withdrawn=False).values("organisation_id")
    return Organisation.objects.filter(is_active=True).exclude(pk__in=invited).order_by("name")


def cycle_report_file(cycle: AuditCycle, basis: str) -> CycleReportFile | None:
    """The stored overview report for the cycle on this basis (built or being built), if any."""
    return CycleReportFile.objects.filter(cycle=cycle, basis=basis).first()
