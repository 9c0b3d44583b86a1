"""Listening's registrations, called from EngagementConfig.ready(): the menu item, the My work
panel, notification kinds (by importing the services that declare them), the scorecard figures
and yearly report section, the personal-data and retention entries, and the evidence an agency
can cite."""


def register() -> None:
    from core import assurance, mywork, navigation, public

    from . import (
        evidence,
        figures,
        permissions,
        personal_data,
        report,
        services,  # noqa: F401 - it registers the notification kinds
    )
    from . import mywork as panels

    public.register_public_page(
        "You said, we did", "engagement:public-you-said", 80, sections=("engagement:public-you-said",)
    )
    navigation.register(
        navigation.NavItem(
            "Listening",
            "engagement:survey-list",
            70,
            permissions.can_use_listening,
            sections=("engagement:",),
            section="listening",
        )
    )
    mywork.register(mywork.Panel("engagement", "engagement/_mywork.html", 40, panels.my_work))
    figures.register()
    assurance.register_report_section(report.REPORT_SECTION)
    personal_data.register()
    evidence.register()
