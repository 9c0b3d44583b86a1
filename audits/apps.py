from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits"

    def ready(self) -> None:
        from core import access_log, documents, mywork, navigation

        from . import figures, permissions, personal_data, report_sections
        from . import mywork as panels
        from .models import AuditCase, AuditSubmission
        from .services import cases, cycles, submissions  # noqa: F401 - they register notification kinds

        navigation.register(
            navigation.NavItem("Audits", "audits:home", 35, permissions.can_view_audits, sections=("audits:",))
        )
        # Returns and cases are need-to-know: each view is logged, and so is each download
        # of their evidence and feedback letters (whose documents belong to the return).
        access_log.register_restricted(AuditSubmission)
        access_log.register_restricted(AuditCase)
        documents.register(AuditSubmission, can_view=permissions.can_view_evidence, restricted=True)
        mywork.register(mywork.Panel("audits", "audits/_mywork.html", 20, panels.my_work))
        figures.register()
        report_sections.register()
        personal_data.register()
