from django.urls import path, register_converter

from .views import directory, people, priorities, public, settings


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "fmt")

app_name = "partnership"

urlpatterns = [
    # The stakeholder directory
    path("directory/", directory.organisation_list, name="organisation-list"),
    path("directory/new/", directory.organisation_create, name="organisation-create"),
    path("directory/export/<fmt:fmt>/", directory.directory_export, name="directory-export"),
    path("directory/import/", directory.directory_import, name="directory-import"),
    path("directory/import/<int:pending_id>/", directory.directory_import_preview, name="directory-import-preview"),
    path("directory/<int:pk>/", directory.organisation_detail, name="organisation-detail"),
    path("directory/<int:pk>/edit/", directory.organisation_edit, name="organisation-edit"),
    path("directory/<int:pk>/status/", directory.organisation_set_active, name="organisation-set-active"),
    path("directory/<int:pk>/leads/", directory.organisation_leads, name="organisation-leads"),
    path("directory/<int:pk>/history/", directory.organisation_history, name="organisation-history"),
    # People and their accounts
    path("people/", people.people_list, name="people-list"),
    path("people/invite/", people.user_invite, name="user-invite"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.user_edit, name="user-edit"),
    path("people/<int:pk>/deactivate/", people.user_deactivate, name="user-deactivate"),
    path("people/<int:pk>/reactivate/", people.user_reactivate, name="user-reactivate"),
    path("people/<int:pk>/resend-invitation/", people.user_resend_invitation, name="user-resend-invitation"),
    path("people/<int:pk>/history/", people.person_history, name="person-history"),
    path("people/<int:pk>/personal-data/", people.person_export, name="person-export"),
    path("people/<int:pk>/sign-out/", people.user_end_sessions, name="user-end-sessions"),
    path("people/<int:pk>/reset-2fa/", people.user_reset_mfa, name="user-reset-mfa"),
    path("account/", people.account, name="account"),
    path("account/edit/", people.account_edit, name="account-edit"),
    # Strategic priorities
    path("priorities/", priorities.priority_list, name="priority-list"),
    path("priorities/new/", priorities.priority_create, name="priority-create"),
    path("priorities/<int:pk>/", priorities.priority_detail, name="priority-detail"),
    path("priorities/<int:pk>/edit/", priorities.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/history/", priorities.priority_history, name="priority-history"),
    # The partnership's details and budget
    path("partnership/", settings.details_edit, name="details"),
    path("partnership/history/", settings.details_history, name="details-history"),
    path("budget/", settings.budget, name="budget"),
    path("budget/new/", settings.budget_contribution_create, name="budget-create"),
    path("budget/<int:pk>/edit/", settings.budget_contribution_edit, name="budget-edit"),
    path("budget/<int:pk>/history/", settings.budget_contribution_history, name="budget-history"),
    # Public pages
    path("report-a-concern/", public.report_concern, name="report-concern"),
    path("partnership/logo/", public.logo, name="logo"),
]
