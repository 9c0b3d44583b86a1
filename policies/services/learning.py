"""Learning links: a source registered with core.learning_sources (a review finding, an audit,
a challenge) asking for a change to a document. The link is closed when a published version
answers it (services.approval.policy_publish)."""

from django.db import transaction

from core import learning_sources, notifications
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions
from ..models import Policy, ProcedureChangeRequest
from . import LEAD


@transaction.atomic
def change_request_add(
    *, acting_user: User, policy: Policy, source_key: str, source_id: int, what_should_change: str
) -> ProcedureChangeRequest:
    refuse_unless(permissions.can_link_learning(acting_user, policy))
    source = learning_sources.source(source_key)
    if source is None:
        raise DomainError("Select where the learning comes from")
    record = source.visible_to(acting_user).filter(pk=source_id).first()
    if record is None:
        raise DomainError(f"Select a {source.label.lower()} you can see")
    request = ProcedureChangeRequest(
        policy=policy,
        source_type=source.content_type(),
        source_id=record.pk,
        source_label=source.describe(record)[:300],
        what_should_change=what_should_change.strip(),
        raised_by=acting_user,
    )
    save_with_history(request, acting_user=acting_user, reason=f"Learning from {source.label.lower()} linked")
    if policy.lead_id != acting_user.pk:
        notifications.notify(
            [policy.lead],
            kind=LEAD.key,
            title=f"Learning waiting on {policy.title}",
            body=f"From {request.source_label}: {request.what_should_change}",
            url=request.get_absolute_url(),
            subject=policy,
        )
    return request
