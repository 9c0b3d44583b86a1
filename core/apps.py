from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal infrastructure"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from . import feeds, mywork, navigation, notifications, personal_data, retention, roles, security_events  # noqa: F401 - they register

        user_locked_out.connect(security_events.lockout, dispatch_uid="portal-lockout-log")

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
            navigation.NavItem("My work", "core:home", 10, lambda user: user.is_authenticated, sections=())
        )
        navigation.register(
            navigation.NavItem(
                "Deadlines",
                "core:deadline-list",
                15,
                roles.has_any_role,
                sections=("core:deadline", "core:rule", "core:closure"),
            )
        )
        navigation.register(
            navigation.NavItem(
                "Inbox",
                "core:notification-list",
                16,
                lambda user: user.is_authenticated,
                sections=("core:notification", "core:calendar-feed"),
                badge=lambda request: notifications.unread_count(request.user),
            )
        )
        mywork.register(mywork.Panel("deadlines", "core/_mywork_deadlines.html", 20, _deadlines_panel))
        personal_data.register_core_sources()
        retention.register(
            retention.RecordType(
                key="notifications",
                label="Notifications",
                holds="Messages sent to people in the portal",
                anchor_label="the date it was sent",
                queryset=_notifications_for_retention,
                describe=lambda n: f"Notification {n.pk} ({n.kind}) sent {n.created_at:%d %B %Y}",
                default_years=2,
                linked=False,
            )
        )


def _notifications_for_retention():
    from django.db.models.functions import TruncDate

    from .models import Notification

    return Notification.objects.annotate(retention_anchor=TruncDate("created_at"))


def _deadlines_panel(request):
    from . import calendar, permissions, selectors

    rows, total = selectors.my_deadlines(request.user, calendar.today())
    if not rows and not permissions.can_view_all_deadlines(request.user):
        return {"rows": [], "total": 0, "can_view_all": False} if request.user.organisation_id else None
    return {"rows": rows, "total": total, "can_view_all": permissions.can_view_all_deadlines(request.user)}
