from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from core.client_ip import client_ip


class PortalAccountAdapter(DefaultAccountAdapter):
    """Partnership accounts are created by the business unit's invitation. The one way to make
    an account yourself is the sign-up form configured in ACCOUNT_FORMS["signup"]: the training
    app's practitioner registration, which accepts only a work email whose domain belongs to an
    organisation in the directory and gives the least privilege there is. Without such a form
    (allauth's own would let anyone in) sign-up stays closed."""

    def is_open_for_signup(self, request) -> bool:
        return "signup" in getattr(settings, "ACCOUNT_FORMS", {})

    def clean_email(self, email: str) -> str:
        """A practitioner's address stays a work address: changing it to one whose domain no
        organisation in the directory owns would undo the check they registered through."""
        from django import forms

        from core.roles import is_practitioner_only

        from .selectors import organisations_owning_email

        request = getattr(self, "request", None)
        user = getattr(request, "user", None)
        if user is not None and is_practitioner_only(user) and not organisations_owning_email(email):
            raise forms.ValidationError(
                "Use your work email address: its ending must belong to an organisation in the partnership’s directory"
            )
        return super().clean_email(email)

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
