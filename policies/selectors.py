"""Permission-scoped reads for the register's pages: 404 for "missing or not yours"."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from core import calendar, learning_sources
from core.learning_sources import LearningSource
from core.models import Deadline
from core.services import deadlines as clock
from partnership.models import Organisation, User
from subgroups import permissions as group_permissions
from subgroups.models import MinuteEntry, PartnershipGroup

from . import permissions
from .clock import CONSULTATION, REVIEW
from .models import (
    Adoption,
    Approval,
    Consultation,
    ConsultationComment,
    ConsultationInvite,
    Policy,
    PolicyVersion,
    ProcedureChangeRequest,
)

# "Due for review" on the register and in My work: within this many days, or past.
REVIEW_WINDOW_DAYS = 90


def policy_list_for_user(
    user: User, *, status: str = "", kind: str = "", group_id: int | None = None, due: bool = False, today: date
) -> QuerySet[Policy]:
    policies = (
        permissions.policies_visible_to(user)
        .select_related("owner_group", "lead", "published_version")
        .annotate(
            open_learning=Count("change_requests", filter=Q(change_requests__resolved_at__isnull=True), distinct=True)
        )
        .order_by("title", "pk")
    )
    if status:
        policies = policies.filter(status=status)
    if kind:
        policies = policies.filter(kind=kind)
    if group_id:
        policies = policies.filter(owner_group_id=group_id)
    if due:
        policies = policies.filter(
            status__in=[Policy.Status.PUBLISHED, Policy.Status.UNDER_REVIEW],
            review_date__lte=today + timedelta(days=REVIEW_WINDOW_DAYS),
        ).order_by("review_date", "pk")
    return policies


def active_groups() -> QuerySet[PartnershipGroup]:
    return PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE).order_by("name")


def status_counts(user: User) -> dict[str, int]:
    rows = permissions.policies_visible_to(user).values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


def policy_get_for_user(user: User, pk: int) -> Policy:
    policy = (
        permissions.policies_visible_to(user)
        .select_related("owner_group", "lead", "published_version__document", "created_by")
        .filter(pk=pk)
        .first()
    )
    if policy is None:
        raise Http404("No such document")
    return policy


def versions_for(user: User, policy: Policy) -> list[PolicyVersion]:
    """Every published version, and the draft for those who may read it, with approvals."""
    versions = policy.versions.select_related("document", "agenda_item__meeting", "created_by").prefetch_related(
        "approvals__group"
    )
    if not permissions.is_insider(user, policy):
        consulted = Consultation.objects.filter(
            version=OuterRef("pk"), invites__organisation_id__in=permissions.led_organisation_ids(user)
        )
        versions = versions.filter(Q(published_on__isnull=False) | Exists(consulted))
    return list(versions)


def consultations_for(user: User, policy: Policy) -> list[Consultation]:
    consultations = (
        permissions.consultations_visible_to(user)
        .filter(policy=policy)
        .select_related("version")
        .annotate(
            invited=Count("invites", distinct=True),
            answered=Count("invites", filter=Q(invites__responded_at__isnull=False), distinct=True),
            comment_count=Count("comments", distinct=True),
            unanswered=Count("comments", filter=Q(comments__responded_at__isnull=True), distinct=True),
        )
    )
    return list(consultations)


def consultation_get_for_user(user: User, pk: int) -> Consultation:
    consultation = (
        permissions.consultations_visible_to(user)
        .select_related("policy__owner_group", "policy__lead", "version", "document", "opened_by")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404("No such consultation")
    return consultation


def consultation_invites(consultation: Consultation) -> list[ConsultationInvite]:
    return list(consultation.invites.select_related("organisation").order_by("organisation__name"))


def consultation_comments(user: User, consultation: Consultation) -> list[ConsultationComment]:
    return list(
        permissions.comments_visible_to(user, consultation).select_related("organisation", "author", "responded_by")
    )


def comment_get_for_user(user: User, pk: int) -> ConsultationComment:
    comment = ConsultationComment.objects.select_related("consultation__policy", "organisation").filter(pk=pk).first()
    if comment is None or not permissions.consultations_visible_to(user).filter(pk=comment.consultation_id).exists():
        raise Http404("No such comment")
    if not permissions.comments_visible_to(user, comment.consultation).filter(pk=comment.pk).exists():
        raise Http404("No such comment")
    return comment


# Learning links -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningRow:
    request: ProcedureChangeRequest
    source_kind: str
    label: str  # how the source is named, for those who may see it
    url: str  # a link to the source, only for those who may follow it


def learning_rows(user: User, requests: list[ProcedureChangeRequest]) -> list[LearningRow]:
    """Name and link each source only for those who may see it: one query per kind of source."""
    by_type: dict[int, list[ProcedureChangeRequest]] = {}
    for request in requests:
        by_type.setdefault(request.source_type_id, []).append(request)
    rows = {}
    for group in by_type.values():
        content_type = group[0].source_type
        source = learning_sources.source_for_type(content_type)
        kind = source.label if source else content_type.name.capitalize()
        records = (
            {r.pk: r for r in source.visible_to(user).filter(pk__in=[r.source_id for r in group])} if source else {}
        )
        for request in group:
            record = records.get(request.source_id)
            if source is not None and record is not None:
                rows[request.pk] = LearningRow(request, kind, request.source_label, source.url_for(record))
            else:
                rows[request.pk] = LearningRow(request, kind, f"A {kind.lower()} you do not have access to", "")
    return [rows[r.pk] for r in requests]


def learning_for_policy(policy: Policy) -> list[ProcedureChangeRequest]:
    return list(
        policy.change_requests.select_related("source_type", "raised_by", "resolved_by_version").order_by(
            "resolved_at", "-raised_at"
        )
    )


def learning_waiting(user: User) -> QuerySet[ProcedureChangeRequest]:
    """Learning waiting on a document: open links on documents the person can see."""
    return (
        ProcedureChangeRequest.objects.filter(
            resolved_at__isnull=True, policy__in=permissions.policies_visible_to(user)
        )
        .select_related("policy__owner_group", "policy__lead", "source_type", "raised_by")
        .order_by("raised_at", "pk")
    )


def learning_source_choices(user: User, source: LearningSource, limit: int = 200) -> list[tuple[int, str]]:
    records = source.visible_to(user).order_by("-pk")[:limit]
    return [(record.pk, source.describe(record)[:200]) for record in records]


# Adoption ------------------------------------------------------------------------------------------


def adoption_summary(policy: Policy) -> dict[str, int] | None:
    version = policy.published_version
    if version is None:
        return None
    expected = permissions.adoption_organisations()
    adopted = version.adoptions.filter(organisation__in=expected).count()
    return {"adopted": adopted, "expected": expected.count()}


def adoption_rows(policy: Policy, *, only_missing: bool = False) -> QuerySet[Organisation]:
    """Every organisation asked to adopt, with its confirmation of the version in force (if
    any): those still to confirm first."""
    confirmations = Adoption.objects.filter(version_id=policy.published_version_id, organisation_id=OuterRef("pk"))
    rows = permissions.adoption_organisations().annotate(
        confirmed_on=Subquery(confirmations.values("confirmed_on")[:1]),
        confirmed_by_name=Subquery(confirmations.values("confirmed_by__name")[:1]),
        confirmation_note=Subquery(confirmations.values("note")[:1]),
    )
    if only_missing:
        rows = rows.filter(confirmed_on__isnull=True)
    return rows.order_by(F("confirmed_on").asc(nulls_first=True), "name", "pk")


# My work ----------------------------------------------------------------------------------------


def reviews_due_for(user: User, today: date) -> QuerySet[Policy]:
    """Documents the person leads whose review is due within the window, or past."""
    return (
        Policy.objects.filter(
            lead=user,
            status__in=[Policy.Status.PUBLISHED, Policy.Status.UNDER_REVIEW],
            review_date__lte=today + timedelta(days=REVIEW_WINDOW_DAYS),
        )
        .select_related("owner_group")
        .order_by("review_date", "pk")
    )


def comments_to_answer(user: User) -> QuerySet[Consultation]:
    """Consultations with unanswered comments on documents the person manages."""
    managed = Q(policy__lead=user) | Q(policy__owner_group_id__in=group_permissions.chaired_group_ids(user))
    if permissions.is_business_unit(user):
        managed = Q()
    return (
        Consultation.objects.filter(managed, comments__responded_at__isnull=True)
        .exclude(policy__status=Policy.Status.WITHDRAWN)
        .annotate(unanswered=Count("comments", filter=Q(comments__responded_at__isnull=True)))
        .select_related("policy", "version")
        .order_by("closes_on", "pk")
    )


def consultations_to_close(user: User, today: date) -> QuerySet[Consultation]:
    managed = Q(policy__lead=user) | Q(policy__owner_group_id__in=group_permissions.chaired_group_ids(user))
    if permissions.is_business_unit(user):
        managed = Q()
    return (
        Consultation.objects.filter(managed, closed_at__isnull=True, closes_on__lt=today)
        .select_related("policy")
        .order_by("closes_on", "pk")
    )


def consultations_awaiting_comments(user: User) -> QuerySet[ConsultationInvite]:
    """Open consultations asking an organisation the person leads, not yet answered."""
    return (
        ConsultationInvite.objects.filter(
            organisation_id__in=permissions.led_organisation_ids(user),
            responded_at__isnull=True,
            consultation__closed_at__isnull=True,
        )
        .select_related("consultation__policy", "organisation")
        .order_by("consultation__closes_on", "pk")
    )


def adoptions_awaited(user: User) -> QuerySet[Policy]:
    """Documents in force that an organisation the person leads has not confirmed adopting."""
    led = permissions.adoption_organisations().filter(pk__in=permissions.led_organisation_ids(user))
    adopted = Adoption.objects.filter(
        version_id=OuterRef(OuterRef("published_version_id")), organisation_id=OuterRef("pk")
    )
    return (
        Policy.objects.filter(published_version__isnull=False)
        .exclude(status=Policy.Status.WITHDRAWN)
        .filter(Exists(led.filter(~Exists(adopted))))
        .order_by("title", "pk")
    )


# The state of a document, for services and pages ------------------------------------------


def draft_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.filter(published_on__isnull=True).select_related("document").first()


def review_deadline(policy: Policy) -> Deadline | None:
    live: QuerySet[Deadline] = Deadline.objects.for_subject(policy).filter(rule__key=REVIEW.key).live()
    return live.first()


def default_review_date(published_on: date) -> date:
    return clock.rule_for(REVIEW.key).due_date(published_on)


def version_for_approval(policy: Policy) -> PolicyVersion | None:
    """The draft, or, for a review that changes nothing, the version in force."""
    return draft_version(policy) or policy.published_version


def decisions_for(policy: Policy) -> list[MinuteEntry]:
    """The owning group's minuted decisions of the past year a manager may choose from,
    newest first: those on the item that asked for approval come first."""
    version = version_for_approval(policy)
    decisions = (
        MinuteEntry.objects.filter(
            kind=MinuteEntry.Kind.DECISION,
            meeting__group_id=policy.owner_group_id,
            meeting__date__lte=calendar.today(),
            meeting__date__gte=calendar.today() - relativedelta(years=1),
        )
        # A decision already recorded as another approval is not offered again.
        .exclude(pk__in=Approval.objects.filter(decision__isnull=False).values("decision_id"))
        .select_related("meeting", "item")
    )
    item_id = version.agenda_item_id if version else None
    return sorted(decisions, key=lambda d: (d.item_id != item_id, -d.meeting.date.toordinal(), -d.pk))


def approved_version(policy: Policy) -> tuple[PolicyVersion, Approval] | None:
    version = version_for_approval(policy)
    if version is None:
        return None
    approval = version.approvals.order_by("-approved_on", "-pk").first()
    return (version, approval) if approval else None


def invite_deadline(consultation: Consultation, organisation_id: int) -> Deadline | None:
    live: QuerySet[Deadline] = (
        Deadline.objects.for_subject(consultation.version)
        .filter(rule__key=CONSULTATION.key, responsible_organisation_id=organisation_id)
        .live()
    )
    return live.first()


def open_change_requests(policy: Policy) -> QuerySet[ProcedureChangeRequest]:
    return policy.change_requests.filter(resolved_at__isnull=True).order_by("raised_at")


def my_consultation_invites(
    consultation: Consultation, organisations: Iterable[Organisation]
) -> list[ConsultationInvite]:
    """The consultation's invitations to the organisations given (those the person leads)."""
    return list(consultation.invites.filter(organisation__in=organisations).select_related("organisation"))


def organisations_to_comment_for(user: User, consultation: Consultation) -> QuerySet[Organisation]:
    """The business unit may record comments sent another way for any invited organisation;
    a lead comments for the invited organisations they lead."""
    if permissions.is_business_unit(user):
        return Organisation.objects.filter(pk__in=consultation.invites.values("organisation_id")).order_by("name")
    return permissions.invited_organisations_led_by(user, consultation)
