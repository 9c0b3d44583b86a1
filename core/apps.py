from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.apps import AppConfig
from django.db.models import Model, QuerySet
from django.db.models.signals import post_migrate
from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import Notification


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal infrastructure"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib import admin

        from . import (  # noqa: F401 - they register
            choices,
            feeds,
            kept,
            learning,
            lookups,
            mfa,
            mywork,
            navigation,
            notifications,
            personal_data,
            retention,
            roles,
            security_events,
        )
        from .views.pages import admin_login

        user_locked_out.connect(security_events.lockout, dispatch_uid="portal-lockout-log")
        # Work kept in the cache is forgotten when a record it came from changes.
        kept.connect()
        # The statutory clock's default rules exist from the first migration on, rather than
        # being written by the first page that lists them.
        post_migrate.connect(_ensure_deadline_rules, sender=self, dispatch_uid="portal-deadline-rules")
        # The admin signs people in through allauth (with the second factor), never by itself:
        # its login method is replaced on this one site, on purpose.
        admin.site.login = admin_login  # type: ignore[method-assign]
        mfa.install()
        # An id out of its column's range matches nothing (SQLite raised OverflowError: a 500).
        lookups.install()
        # A choice's label looked up in a table made once, not rebuilt on every call.
        choices.install()

        from . import links
        from . import permissions as core_permissions
        from .models import Deadline

        links.register(
            Deadline,
            lambda user, deadline: core_permissions.deadlines_visible_to(user).filter(pk=deadline.pk).exists(),
            visible_among=lambda user, rows: set(
                core_permissions.deadlines_visible_to(user)
                .filter(pk__in=[r.pk for r in rows])
                .values_list("pk", flat=True)
            ),
        )

        navigation.register(
            navigation.NavItem(
                "My work", "core:home", 10, lambda user: user.is_authenticated, sections=(), section="work"
            )
        )
        navigation.register(
            navigation.NavItem(
                "Deadlines",
                "core:deadline-list",
                15,
                roles.has_any_role,
                sections=("core:deadline", "core:rule", "core:closure"),
                section="work",
            )
        )
        navigation.register(
            navigation.NavItem(
                "Inbox",
                "core:notification-list",
                16,
                lambda user: user.is_authenticated,
                sections=("core:notification", "core:calendar-feed"),
                badge=_inbox_badge,
                section="work",
            )
        )
        mywork.register(mywork.Panel("deadlines", "core/_mywork_deadlines.html", 1, _deadlines_panel))
        personal_data.register_core_sources()
        retention.register(
            retention.RecordType(
                key="notifications",
                label="Notifications",
                holds="Messages sent to people in the portal",
                anchor_label="the date it was sent",
                queryset=_notifications_for_retention,
                describe=_describe_notification,
                default_years=2,
                linked=False,
            )
        )


def _ensure_deadline_rules(**kwargs: Any) -> None:
    from .services.deadlines import ensure_rules

    ensure_rules()


def _inbox_badge(request: HttpRequest) -> int:
    from . import notifications

    # The Inbox item is shown only to someone signed in.
    return notifications.attention_count(request.user) if request.user.is_authenticated else 0


def _describe_notification(record: Model) -> str:
    # The notifications record type lists only notifications (_notifications_for_retention).
    notification = cast("Notification", record)
    return f"Notification {notification.pk} ({notification.kind}) sent {notification.created_at:%d %B %Y}"


def _notifications_for_retention() -> QuerySet[Notification]:
    from django.db.models.functions import TruncDate

    from .models import Notification

    return Notification.objects.annotate(retention_anchor=TruncDate("created_at"))


def _deadlines_panel(request: HttpRequest) -> dict[str, Any] | None:
    from . import calendar, permissions, selectors

    user = request.user
    if not user.is_authenticated:  # My work is a signed-in page
        return None
    groups = selectors.my_work_deadlines(user, calendar.today())
    can_view_all = permissions.can_view_all_deadlines(user)
    if not any(group.count for group in groups) and not can_view_all and not user.organisation_id:
        return None
    return {"groups": groups, "any": any(group.count for group in groups), "can_view_all": can_view_all}
