from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "scrutiny"
    verbose_name = "Scrutiny and assurance"

    def ready(self) -> None:
        """Register navigation, documents, restricted records, notification kinds and the
        assurance contributions (core.assurance) of each part of the app."""
        from core import learning_sources, navigation

        from . import permissions, setup_assurance
        from .models import Challenge

        # Assurance: its menu item (the challenge log is its landing page); then its
        # documents, the restricted escalations, My work, notification kinds and the dashboard
        # and report sections (scrutiny/setup_assurance.py).
        navigation.register(
            navigation.NavItem(
                "Challenges and scrutiny",
                "scrutiny:challenge-list",
                40,
                permissions.can_use_assurance,
                sections=(
                    # The assurance pages.
                    "scrutiny:challenge",
                    "scrutiny:escalation",
                    "scrutiny:scrutiny-plan",
                    "scrutiny:activity",
                    "scrutiny:finding",
                    "scrutiny:recommendation",
                    "scrutiny:impact",
                    "scrutiny:request",
                    "scrutiny:inspection",
                    "scrutiny:spotlight",
                ),
                section="assurance",
            )
        )
        setup_assurance.register()

        from core import links

        from .models import Escalation, EscalationStage, ScrutinyActivity, Spotlight

        links.register(Challenge, lambda user, c: permissions.challenges_visible_to(user).filter(pk=c.pk).exists())
        links.register(Escalation, lambda user, e: permissions.escalations_visible_to(user).filter(pk=e.pk).exists())
        links.register(
            EscalationStage,
            lambda user, s: permissions.escalations_visible_to(user).filter(pk=s.escalation_id).exists(),
        )
        links.register(Spotlight, lambda user, s: permissions.spotlights_visible_to(user).filter(pk=s.pk).exists())
        links.register(ScrutinyActivity, lambda user, a: permissions.can_view_scrutiny(user))

        # Reporting: the scorecard, the executive dashboard and the yearly report (scrutiny/reporting.py).
        from . import personal_data, reporting

        reporting.ready()
        # What the app holds about a professional, for subject access exports and the privacy notice.
        personal_data.register()
        # A challenge can ask for a procedure to change (the policies app's learning links).
        learning_sources.register(
            Challenge, "Challenge", visible_to=permissions.challenges_visible_to, owners=lambda c: [c.raised_by]
        )
