from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Policies and procedures"

    def ready(self) -> None:
        """Register the deadline rules, the menu item, the documents' download check, My work,
        the evidence of adoption Section 11 returns can cite, and what the app holds about people."""
        from core import documents, mywork, navigation

        from . import clock, evidence, permissions, personal_data
        from . import mywork as panels
        from .models import PolicyVersion
        from .services import adoption, approval, consultation, learning, register  # noqa: F401 - notification kinds

        clock.register()
        navigation.register(
            navigation.NavItem(
                "Policies",
                "policies:policy-list",
                80,
                permissions.can_use_policies,
                sections=("policies:",),
                section="policies",
            )
        )
        documents.register(PolicyVersion, can_view=permissions.can_view_version)
        mywork.register(mywork.Panel("policies", "policies/_mywork.html", 22, panels.my_work))
        evidence.register()
        personal_data.register()
