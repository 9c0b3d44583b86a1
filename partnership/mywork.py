from core.roles import is_practitioner_only, role_labels, user_roles

from . import permissions


def organisation_panel(request) -> dict | None:
    user = request.user
    if is_practitioner_only(user):
        return None  # not in the partnership: their home page is their training
    return {
        "organisation": user.organisation,
        "roles": role_labels(user_roles(user)),
        "organisations_led": list(permissions.organisations_led_by(user).only("pk", "name")),
        "can_view_directory": permissions.can_view_directory(user),
    }
