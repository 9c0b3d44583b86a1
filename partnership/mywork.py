from django.db.models import Q

from core.roles import is_practitioner_only, role_labels, user_roles

from . import permissions
from .models import Organisation


def organisation_panel(request) -> dict | None:
    user = request.user
    if is_practitioner_only(user):
        return None  # not in the partnership: their home page is their training
    led = permissions.led_organisation_ids(user)
    # The person's organisation and those they lead, in one query.
    organisations = list(
        Organisation.objects.filter(Q(pk=user.organisation_id) | Q(pk__in=led)).only("pk", "name").order_by("name")
    )
    return {
        "organisation": next((o for o in organisations if o.pk == user.organisation_id), None),
        "roles": role_labels(user_roles(user)),
        "organisations_led": [o for o in organisations if o.pk in led],
        "can_view_directory": permissions.can_view_directory(user),
    }
