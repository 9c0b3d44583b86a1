"""Every change to the register, its consultations, approvals, publication, adoption and
learning links. Each service checks permission and the current status (policies.lifecycle),
saves with full_clean and a history reason, keeps the stored deadlines in step, and tells the
people the work passes to."""

from core import notifications
from core.services import DomainError

from .. import lifecycle
from ..models import Policy

CONSULTATION = notifications.register_kind(
    notifications.Kind(
        "policy_consultation",
        "Consultations on policies and procedures",
        "When your organisation is asked for comments on a draft, and when comments are answered",
    )
)
APPROVAL = notifications.register_kind(
    notifications.Kind(
        "policy_approval",
        "Policies and procedures for approval",
        "When a draft goes to a group you sit on for approval",
    )
)
LEAD = notifications.register_kind(
    notifications.Kind(
        "policy_lead",
        "Policies and procedures you lead",
        "When you are named lead, and when comments, the group’s approval or learning arrive for a document you lead",
    )
)
PUBLISHED = notifications.register_kind(
    notifications.Kind(
        "policy_published",
        "Published policies and procedures",
        "When a procedure is published and your organisation is asked to confirm it has adopted it, and when "
        "learning you raised is answered by a new version",
    )
)


def locked(policy: Policy) -> Policy:
    """Re-read the policy's status under a row lock, so two people cannot both move it."""
    current = Policy.objects.select_for_update().only("status", "published_version").get(pk=policy.pk)
    policy.status = current.status
    policy.published_version_id = current.published_version_id
    return policy


def move(policy: Policy, move_name: str) -> str:
    """The status `move_name` takes the policy to, or a DomainError in the user's words."""
    try:
        return lifecycle.next_status(
            policy.status, move_name, has_published_version=policy.published_version_id is not None
        )
    except lifecycle.IllegalMove as error:
        raise DomainError(str(error)) from None
