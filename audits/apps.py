from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits"

    def ready(self) -> None:
        from core import access_log, documents, learning_sources, links, mywork, navigation

        from . import figures, permissions, personal_data, report_sections
        from . import mywork as panels
        from .models import AuditCase, AuditCycle, AuditSubmission, CaseAudit
        from .services import cases, cycles, submissions  # noqa: F401 - they register notification kinds

        navigation.register(
            navigation.NavItem(
                "Audits", "audits:home", 35, permissions.can_view_audits, sections=("audits:",), section="audits"
            )
        )
        # Returns and cases are need-to-know: each view is logged, and so is each download
        # of their evidence and feedback letters (whose documents belong to the return).
        access_log.register_restricted(AuditSubmission)
        access_log.register_restricted(AuditCase)
        # A cycle's log lists the downloads of every organisation's answers (reports.cycle_export).
        access_log.register_restricted(AuditCycle)
        documents.register(AuditSubmission, can_view=permissions.can_view_evidence, restricted=True)
        mywork.register(mywork.Panel("audits", "audits/_mywork.html", 20, panels.my_work))
        links.register(AuditSubmission, permissions.can_view_submission)
        links.register(
            CaseAudit, lambda user, audit: permissions.case_audits_visible_to(user).filter(pk=audit.pk).exists()
        )
        # The default frameworks (Section 11, 175/157, a case audit) exist from the first
        # migration on, rather than being written by the first page that lists them.
        post_migrate.connect(_ensure_default_frameworks, sender=self, dispatch_uid="portal-default-frameworks")
        figures.register()
        report_sections.register()
        personal_data.register()
        # An audit can ask for a procedure to change (the policies app's learning links).
        learning_sources.register(
            CaseAudit,
            "Multi-agency case audit",
            visible_to=permissions.case_audits_visible_to,
            owners=lambda a: [a.created_by],
        )
        learning_sources.register(
            AuditCycle,
            "Self-assessment cycle",
            visible_to=permissions.cycles_visible_to,
            owners=lambda c: [c.created_by],
        )


def _ensure_default_frameworks(**kwargs) -> None:
    from .services.frameworks import ensure_default_frameworks

    ensure_default_frameworks()
