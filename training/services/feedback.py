"""Evaluations straight after the session, and the follow-up three months later."""

from typing import Any

from django.db import transaction

from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions
from ..models import Booking, Evaluation, FollowUp
from ..years import FOLLOW_UP_MONTHS


@transaction.atomic
def evaluation_submit(*, acting_user: User, booking: Booking, **answers: Any) -> Evaluation:
    booking = Booking.objects.select_for_update().select_related("session").get(pk=booking.pk)
    refuse_unless(permissions.is_own(acting_user, booking))
    if not booking.is_open_for_evaluation:
        raise DomainError("You can evaluate a session once it has ended, if you attended it")
    if Evaluation.objects.filter(booking=booking).exists():
        raise DomainError("You have already evaluated this session: thank you")
    evaluation = Evaluation(session=booking.session, booking=booking, **answers)
    return save_with_history(evaluation, acting_user=acting_user, reason="Evaluation submitted")


@transaction.atomic
def follow_up_submit(*, acting_user: User, booking: Booking, **answers: Any) -> FollowUp:
    booking = Booking.objects.select_for_update().select_related("session").get(pk=booking.pk)
    refuse_unless(permissions.is_own(acting_user, booking))
    if not booking.is_open_for_follow_up:
        raise DomainError(f"The follow-up opens {FOLLOW_UP_MONTHS} months after a session you attended")
    if FollowUp.objects.filter(booking=booking).exists():
        raise DomainError("You have already answered the follow-up for this session: thank you")
    follow_up = FollowUp(session=booking.session, booking=booking, **answers)
    return save_with_history(follow_up, acting_user=acting_user, reason="Follow-up answered")
