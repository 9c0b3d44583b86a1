"""The Django admin is for technical administrators to look at records. Every change goes
through the portal's services, which check permissions, keep history and update deadlines,
so every model in the admin is read-only (ReadOnlyAdmin), the role groups included."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

if TYPE_CHECKING:
    # django-simple-history ships no types; its admin is a ModelAdmin with a history page.
    _HistoryAdmin = admin.ModelAdmin[Any]
else:
    _HistoryAdmin = SimpleHistoryAdmin


class ReadOnlyAdmin(_HistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyGroupAdmin(GroupAdmin):
    """The role groups (business unit, executive member...) are given and taken in the
    portal's People pages; the admin only shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        return False


def _read_only(model: type[Model]) -> None:
    """Replace a third-party app's admin for `model` with a read-only one of the same shape."""
    current = admin.site._registry.get(model)
    base = type(current) if current is not None else admin.ModelAdmin
    if current is not None:
        admin.site.unregister(model)
    refusals: dict[str, Callable[..., bool]] = {
        "has_add_permission": lambda self, request: False,
        "has_change_permission": lambda self, request, obj=None: False,
        "has_delete_permission": lambda self, request, obj=None: False,
    }
    read_only = type(f"ReadOnly{base.__name__}", (base,), refusals)
    admin.site.register(model, read_only)


admin.site.unregister(Group)
admin.site.register(Group, ReadOnlyGroupAdmin)


# Email addresses, second factors and sessions change in the portal (the business unit resets
# someone's two-factor authentication and ends their sessions there, with history). allauth's
# apps come before core in INSTALLED_APPS, so their admin modules have registered by now.
for _model in (EmailAddress, Authenticator, UserSession):
    _read_only(_model)
