"""The audits app's records are managed in the portal; the admin lists them read-only for
the technical administrators (changes must go through the services, which keep history)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditCycle, CaseAudit, Framework


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "purpose", "duty")


@admin.register(AuditCycle)
class AuditCycleAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "opens_on", "closes_on")


@admin.register(CaseAudit)
class CaseAuditAdmin(ReadOnlyAdmin):
    list_display = ("title", "theme", "status")
