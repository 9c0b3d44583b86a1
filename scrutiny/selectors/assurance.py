"""Reads for assurance requests and inspection reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from django.http import Http404

from core.services import refuse_unless
from partnership.models import User

from .. import permissions
from ..models import AssuranceRequest, Inspection
from .challenges import StatusShown

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

REQUEST_RELATED = ("organisation", "requested_by", "report", "received_by", "assessed_by")


def request_list_for_user(user: User, *, status: str = "") -> QuerySet[AssuranceRequest]:
    requests = permissions.assurance_requests_visible_to(user)
    if status in AssuranceRequest.Status.values:
        requests = requests.filter(status=status)
    return requests.select_related("organisation").order_by("-requested_on", "-pk")


def with_status(
    requests: Iterable[AssuranceRequest], today: date
) -> list[WithAnnotations[AssuranceRequest, StatusShown]]:
    rows = cast("list[WithAnnotations[AssuranceRequest, StatusShown]]", list(requests))
    for request in rows:
        request.status_label, request.status_colour = request.display_status(today)
    return rows


def request_get_for_user(user: User, pk: int) -> AssuranceRequest:
    request = permissions.assurance_requests_visible_to(user).select_related(*REQUEST_RELATED).filter(pk=pk).first()
    if request is None:
        raise Http404("No such assurance request")
    return request


def requests_awaiting_report_from(user: User) -> list[AssuranceRequest]:
    """For My work: requests to organisations the person leads, still awaiting the report."""
    led = permissions.led_organisation_ids(user)
    if not led:
        return []
    return list(
        AssuranceRequest.objects.filter(status=AssuranceRequest.Status.REQUESTED, organisation_id__in=led)
        .select_related("organisation")
        .order_by("due_date", "pk")[:10]
    )


def inspection_list_for_user(user: User, *, kind: str = "") -> QuerySet[Inspection]:
    refuse_unless(permissions.can_view_inspections(user))
    inspections = Inspection.objects.all()
    if kind in Inspection.Kind.values:
        inspections = inspections.filter(kind=kind)
    return (
        inspections.select_related("monitoring_group", "action_plan")
        .prefetch_related("organisations")
        .order_by("-report_date", "-pk")
    )


def inspection_get_for_user(user: User, pk: int) -> Inspection:
    if not permissions.can_view_inspections(user):
        raise Http404("No such inspection")
    inspection = (
        Inspection.objects.select_related("monitoring_group", "action_plan", "report", "created_by")
        .prefetch_related("organisations", "findings")
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise Http404("No such inspection")
    return inspection
