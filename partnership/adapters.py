from allauth.account.adapter import DefaultAccountAdapter

from core.client_ip import client_ip


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the business unit's invitation, never by sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """For allauth's rate limits and its list of sessions: the same address as lockout."""
        return client_ip(request)


def axes_username(request, credentials) -> str:
    """The email typed into the login form, normalised, for django-axes' lockout key."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    if not value and request is not None:
        value = request.POST.get("login", "")
    return str(value).strip().lower()
