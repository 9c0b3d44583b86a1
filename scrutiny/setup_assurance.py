"""The assurance records' registrations, called from ScrutinyConfig.ready(): who may download
their documents, the restricted escalations, their My work panel, their notification kinds (by
importing the services that declare them) and their sections of the executive dashboard and the
yearly report."""


def register() -> None:
    from core import access_log, documents, mywork
    from core import assurance as registry

    from . import assurance_sections as sections
    from . import mywork_assurance, permissions
    from .models import AssuranceRequest, Escalation, Inspection, Spotlight
    from .services import assurance, challenges, escalations, scrutiny, spotlights  # noqa: F401 - notification kinds

    documents.register(AssuranceRequest, can_view=permissions.can_view_report)
    documents.register(Inspection, can_view=lambda user, inspection: permissions.can_view_inspections(user))
    documents.register(Spotlight, can_view=permissions.can_view_spotlight)
    # Escalations are need-to-know: every view is written to the access log.
    access_log.register_restricted(Escalation)
    mywork.register(mywork.Panel("scrutiny_assurance", "scrutiny/_mywork_assurance.html", 22, mywork_assurance.my_work))
    for section in sections.DASHBOARD_SECTIONS:
        registry.register_dashboard_section(section)
    for section in sections.REPORT_SECTIONS:
        registry.register_report_section(section)
