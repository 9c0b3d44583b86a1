from django.apps import AppConfig


class SubgroupsConfig(AppConfig):
    name = "subgroups"
    verbose_name = "Sub-groups and meetings"

    def ready(self) -> None:
        from core import documents, feeds, links, mywork, navigation
        from core.roles import has_any_role

        from . import mywork as panels
        from . import permissions, personal_data
        from .models import Action, ActionPlan, Meeting, Paper, Risk
        from .services import meetings, plans, risks  # noqa: F401 - they register notification kinds

        navigation.register(
            navigation.NavItem(
                "Groups",
                "subgroups:group-list",
                26,
                has_any_role,
                sections=(
                    "subgroups:group",
                    "subgroups:structure",
                    "subgroups:terms",
                    "subgroups:member",
                    "subgroups:chairs",
                    "subgroups:forward",
                    "subgroups:risk",
                    "subgroups:executive-register",
                ),
                section="meetings",
            )
        )
        navigation.register(
            navigation.NavItem(
                "Meetings",
                "subgroups:meeting-list",
                25,
                has_any_role,
                sections=(
                    "subgroups:meeting",
                    "subgroups:item",
                    "subgroups:paper",
                    "subgroups:attendance",
                    "subgroups:minutes",
                    "subgroups:decision",
                    "subgroups:pack",
                    "subgroups:entry",
                ),
                section="meetings",
            )
        )
        navigation.register(
            navigation.NavItem(
                "Action plans",
                "subgroups:plan-list",
                27,
                lambda user: user.is_authenticated and has_any_role(user),
                sections=("subgroups:plan", "subgroups:action", "subgroups:workplan"),
                section="meetings",
            )
        )
        documents.register(Paper, can_view=permissions.can_view_paper)
        documents.register(
            Meeting, can_view=lambda user, meeting: permissions.meetings_visible_to(user).filter(pk=meeting.pk).exists()
        )
        documents.register(
            Action, can_view=lambda user, action: permissions.plans_visible_to(user).filter(pk=action.plan_id).exists()
        )
        links.register(
            ActionPlan,
            lambda user, plan: permissions.plans_visible_to(user).filter(pk=plan.pk).exists(),
            visible_among=lambda user, rows: set(
                permissions.plans_visible_to(user).filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True)
            ),
        )
        links.register(
            Action, lambda user, action: permissions.plans_visible_to(user).filter(pk=action.plan_id).exists()
        )
        links.register(
            Meeting, lambda user, meeting: permissions.meetings_visible_to(user).filter(pk=meeting.pk).exists()
        )
        links.register(Paper, permissions.can_view_paper)
        links.register(Risk, lambda user, risk: permissions.risks_visible_to(user).filter(pk=risk.pk).exists())
        feeds.register(panels.meeting_events)
        mywork.register(mywork.Panel("subgroups", "subgroups/_mywork.html", 15, panels.my_work))
        personal_data.register()
