from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetContribution, Organisation, PartnershipDetails, StrategicPriority, User

# The Django admin is for technical administrators; the business unit works in the portal.


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "organisation", "is_active"]
    search_fields = ["name", "email"]
    list_filter = ["is_active", "groups"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["name", "job_title", "organisation", "phone"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deactivated_at", "deactivation_reason"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, GuardedModelAdmin):
    list_display = ["name", "kind", "audit_duty", "is_active"]
    list_filter = ["kind", "audit_duty", "is_active"]
    search_fields = ["name"]


admin.site.register(StrategicPriority, SimpleHistoryAdmin)
admin.site.register(PartnershipDetails, SimpleHistoryAdmin)
admin.site.register(BudgetContribution, SimpleHistoryAdmin)
