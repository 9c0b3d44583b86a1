"""Signing in by email (allauth's backend), with the signed-in person's roles and the menu's
count of what needs their attention read in the same query as the person on every request
(core.roles.with_roles, core.notifications.attention_subquery)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from partnership.models import User

from . import notifications, roles


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]  # allauth ships no types
    def get_user(self, user_id: int) -> User | None:
        people = User._default_manager.filter(pk=user_id)
        user = roles.with_roles(people).annotate(**{notifications.ATTENTION_ATTR: notifications.attention_subquery()})
        found = user.first()
        if found is None or not self.user_can_authenticate(found):
            return None
        roles.keep_roles_read(found)
        return found
