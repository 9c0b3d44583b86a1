from django.urls import path, register_converter

from .views import access, deadlines, documents, learning, notifications, pages, retention, rules


class DeadlineActionConverter:
    regex = "move|pause|resume|cancel|meet|recalculate"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DeadlineActionConverter, "deadline_action")

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", pages.health, name="health"),
    # The statutory clock
    path("deadlines/", deadlines.deadline_list, name="deadline-list"),
    path("deadlines/overdue/", deadlines.deadline_overdue, name="deadline-overdue"),
    path("deadlines/calendar/", deadlines.deadline_calendar, name="deadline-calendar"),
    path("deadlines/<int:pk>/", deadlines.deadline_detail, name="deadline-detail"),
    path("deadlines/<int:pk>/<deadline_action:action>/", deadlines.deadline_action, name="deadline-action"),
    path("deadlines/rules/", rules.rule_list, name="rule-list"),
    path("deadlines/rules/<slug:key>/", rules.rule_edit, name="rule-edit"),
    path("deadlines/rules/<slug:key>/history/", rules.rule_history, name="rule-history"),
    path("deadlines/closures/", rules.closure_list, name="closure-list"),
    path("deadlines/closures/<int:pk>/delete/", rules.closure_delete, name="closure-delete"),
    path("documents/<int:pk>/", documents.document_download, name="document-download"),
    path("access-log/<str:app_label>/<str:model>/<int:pk>/", access.access_log, name="access-log"),
    # Retention and data protection
    path("retention/", retention.retention_overview, name="retention-review"),
    path("retention/run/", retention.retention_run, name="retention-run"),
    path("retention/holds/", retention.hold_list, name="retention-holds"),
    path("retention/holds/<int:pk>/release/", retention.hold_release, name="retention-hold-release"),
    path("retention/log/", retention.disposal_log, name="retention-log"),
    path("retention/<slug:key>/", retention.retention_due, name="retention-due"),
    path("retention/<slug:key>/edit/", retention.retention_rule_edit, name="retention-rule-edit"),
    path("retention/<slug:key>/history/", retention.retention_rule_history, name="retention-rule-history"),
    path("retention/<slug:key>/<int:pk>/hold/", retention.hold_place, name="retention-hold-place"),
    # Learning from reviews marked for change (training to change)
    path("learning/marks/<int:pk>/remove/", learning.learning_unmark, name="learning-unmark"),
    path("learning/<slug:source>/<int:pk>/mark/<slug:change>/", learning.learning_mark, name="learning-mark"),
    # Notifications and the calendar feed
    path("inbox/", notifications.notification_list, name="notification-list"),
    path("inbox/read-all/", notifications.notification_read_all, name="notification-read-all"),
    path("inbox/preferences/", notifications.notification_preferences, name="notification-preferences"),
    path("inbox/<int:pk>/", notifications.notification_detail, name="notification-detail"),
    path("calendar-feed/", notifications.calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar/<str:token>.ics", notifications.calendar_feed, name="calendar-feed"),
]
