"""Only the controlled lists are in the Django admin. Cases and reviews are need-to-know:
they are read in the portal, where every view is written to the access log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LearningTheme, Reviewer


@admin.register(LearningTheme)
class LearningThemeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_active")
    search_fields = ("name",)


@admin.register(Reviewer)
class ReviewerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation_name", "availability", "is_active")
    search_fields = ("name", "expertise")
