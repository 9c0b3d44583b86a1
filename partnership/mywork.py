from django.db.models import BooleanField, ExpressionWrapper, Q

from core.roles import is_practitioner_only, role_labels, user_roles

from . import permissions
from .models import Organisation


def organisation_panel(request) -> dict | None:
    user = request.user
    if is_practitioner_only(user):
        return None  # not in the partnership: their home page is their training
    led = Q(pk__in=permissions.organisations_led_by(user).values("pk"))
    # The person's organisation and those they lead, in one query.
    organisations = list(
        Organisation.objects.filter(Q(pk=user.organisation_id) | led)
        .annotate(is_led=ExpressionWrapper(led, output_field=BooleanField()))
        .only("pk", "name")
        .order_by("name")
    )
    return {
        "organisation": next((o for o in organisations if o.pk == user.organisation_id), None),
        "roles": role_labels(user_roles(user)),
        "organisations_led": [o for o in organisations if o.is_led],
        "can_view_directory": permissions.can_view_directory(user),
    }
