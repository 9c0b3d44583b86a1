"""The directory, people, priorities and budget are managed in the portal (People, Directory,
Partnership), through services that keep history and check permissions; the admin shows them
read-only to technical administrators."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import BudgetContribution, Organisation, PartnershipDetails, StrategicPriority, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "organisation", "is_active"]
    search_fields = ["name", "email"]
    list_filter = ["is_active", "groups"]
    exclude = ["password"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "audit_duty", "is_active"]
    list_filter = ["kind", "audit_duty", "is_active"]
    search_fields = ["name"]


admin.site.register(StrategicPriority, ReadOnlyAdmin)
admin.site.register(PartnershipDetails, ReadOnlyAdmin)
admin.site.register(BudgetContribution, ReadOnlyAdmin)
