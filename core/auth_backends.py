"""Signing in by email (allauth's backend), with the signed-in person's roles read in the same
query as the person on every request (core.roles.with_roles)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from partnership.models import User

from . import roles


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]  # allauth ships no types
    def get_user(self, user_id: int) -> User | None:
        user = roles.with_roles(User._default_manager.filter(pk=user_id)).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        roles.keep_roles_read(user)
        return user
