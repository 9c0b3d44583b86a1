"""Signing in by email (allauth's backend), with the signed-in person's roles read in the same
query as the person on every request (core.roles.with_roles)."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model

from . import roles


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id: Any) -> Any:
        user = roles.with_roles(get_user_model()._default_manager.filter(pk=user_id)).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        roles.keep_roles_read(user)
        return user
