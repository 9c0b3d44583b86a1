"""What the scorecard, the executive dashboard and the yearly report register when the app is
ready: navigation, the home page panel, who may download the published report, the computed
figure, the dashboard sections and the report sections."""


def ready() -> None:
    from core import assurance, documents, mywork, navigation

    from . import figures, permissions_reporting, report
    from .models import YearlyReport
    from .selectors import dashboard
    from .services import report as report_services  # noqa: F401 - registers its notification kind
    from .services import scorecard as scorecard_services  # noqa: F401 - registers its notification kind

    navigation.register(
        navigation.NavItem(
            "Dashboard",
            "scrutiny:dashboard",
            12,
            permissions_reporting.can_view_dashboard,
            sections=("scrutiny:dashboard",),
            section="assurance",
        )
    )
    navigation.register(
        navigation.NavItem(
            "Scorecard",
            "scrutiny:scorecard",
            41,
            permissions_reporting.can_view_scorecard,
            sections=("scrutiny:scorecard", "scrutiny:indicator", "scrutiny:value"),
            section="assurance",
        )
    )
    navigation.register(
        navigation.NavItem(
            "Yearly reports",
            "scrutiny:report-list",
            43,
            permissions_reporting.can_view_reports,
            sections=("scrutiny:report",),
            section="assurance",
        )
    )
    mywork.register(mywork.Panel("scrutiny-reporting", "scrutiny/_mywork_reporting.html", 5, dashboard.home_panel))
    documents.register(YearlyReport, can_view=permissions_reporting.can_download_report)
    figures.register()
    for key, title, order, context in (
        ("headlines", "The figures to decide on", 5, dashboard.headline_figures),
        ("deadlines", "Statutory deadlines missed or at risk", 10, dashboard.deadlines),
        ("plans", "Overdue and stuck action plans", 40, dashboard.plans),
        ("risks", "Risks escalated to the Executive", 45, dashboard.risks),
        ("scorecard", "Scorecard exceptions", 50, dashboard.scorecard_exceptions),
        ("yearly-report", "The yearly report", 80, dashboard.yearly_report),
        ("budget", "Budget shares", 90, dashboard.budget),
    ):
        assurance.register_dashboard_section(
            assurance.DashboardSection(
                key=key, title=title, template=f"scrutiny/dashboard/_{key}.html", order=order, context=context
            )
        )
    report.register()
