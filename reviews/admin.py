"""Only the controlled lists are in the Django admin, read-only: they are managed in the
portal. Cases and reviews are need-to-know: they are read in the portal, where every view is
written to the access log."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import LearningTheme, Reviewer


@admin.register(LearningTheme)
class LearningThemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "is_active")
    search_fields = ("name",)


@admin.register(Reviewer)
class ReviewerAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation_name", "availability", "is_active")
    search_fields = ("name", "expertise")
