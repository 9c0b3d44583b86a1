"""Permission-scoped reads for escalations (restricted: the querysets are filtered to the people
and organisations involved; the views log every view)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from core.models import Deadline
from partnership.models import User

from .. import permissions
from ..models import Escalation, EscalationStage

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LIST_RELATED = ("raised_by", "raising_organisation", "other_organisation", "challenge")


def escalation_list_for_user(user: User, *, status: str = "", stage: str = "") -> QuerySet[Escalation]:
    escalations = permissions.escalations_visible_to(user)
    if status in Escalation.Status.values:
        escalations = escalations.filter(status=status)
    if stage in Escalation.Stage.values:
        escalations = escalations.filter(stage=stage)
    return escalations.select_related(*LIST_RELATED).order_by("status", "-created_at", "-pk")


def escalation_get_for_user(user: User, pk: int) -> Escalation:
    escalation = (
        permissions.escalations_visible_to(user)
        .select_related(*LIST_RELATED)
        .prefetch_related(
            Prefetch("stages", queryset=EscalationStage.objects.select_related("handled_by", "mediator", "created_by"))
        )
        .filter(pk=pk)
        .first()
    )
    if escalation is None:
        raise Http404("No such escalation")
    return escalation


class WithDeadline(TypedDict):
    deadline: Deadline | None


def stages_with_deadlines(escalation: Escalation) -> list[WithAnnotations[EscalationStage, WithDeadline]]:
    """The stages in order, each with its deadline (one query for all of them)."""
    stages = cast("list[WithAnnotations[EscalationStage, WithDeadline]]", list(escalation.stages.all()))
    deadlines = {
        d.object_id: d
        for d in Deadline.objects.filter(
            content_type__app_label="scrutiny",
            content_type__model="escalationstage",
            object_id__in=[s.pk for s in stages],
        ).select_related("rule")
    }
    for stage in stages:
        stage.deadline = deadlines.get(stage.pk)
    return stages


def current_stage_of(stages: Sequence[EscalationStage], escalation: Escalation) -> EscalationStage | None:
    return next((s for s in stages if s.stage == escalation.stage), None)


def stages_led_by(user: User | AnonymousUser) -> list[EscalationStage]:
    """For My work: current stages of open escalations the person leads or mediates."""
    if not user.is_authenticated:
        return []
    return list(
        EscalationStage.objects.filter(escalation__status=Escalation.Status.OPEN, escalation__stage=F("stage"))
        .filter(Q(handled_by=user) | Q(mediator=user))
        .select_related("escalation")
        .order_by("started_on", "pk")[:20]
    )


def current_stage(escalation: Escalation) -> EscalationStage:
    return escalation.stages.select_related("handled_by", "mediator").get(stage=escalation.stage)
