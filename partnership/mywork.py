from core.roles import role_labels, user_roles

from . import permissions


def organisation_panel(request) -> dict:
    user = request.user
    return {
        "organisation": user.organisation,
        "roles": role_labels(user_roles(user)),
        "organisations_led": list(permissions.organisations_led_by(user).only("pk", "name")),
        "can_view_directory": permissions.can_view_directory(user),
    }
