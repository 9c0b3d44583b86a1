from django.urls import path

from .views import assurance, challenges, escalations, spotlights
from .views import scrutiny as independent

# Part B's views.
from .views import dashboard, report, scorecard  # isort: skip

app_name = "scrutiny"

urlpatterns = [
    # Part A: the challenge log, escalations, independent scrutiny, assurance requests,
    # inspections and spotlights (all under assurance/).
    path("assurance/challenges/", challenges.challenge_list, name="challenge-list"),
    path("assurance/challenges/new/", challenges.challenge_raise, name="challenge-raise"),
    path("assurance/challenges/from-minutes/", challenges.minuted_challenges, name="challenge-minuted"),
    path("assurance/challenges/meetings/<int:pk>/", challenges.meeting_challenges, name="challenge-meeting"),
    path("assurance/challenges/<int:pk>/", challenges.challenge_detail, name="challenge-detail"),
    path("assurance/challenges/<int:pk>/edit/", challenges.challenge_edit, name="challenge-edit"),
    path("assurance/challenges/<int:pk>/respond/", challenges.challenge_answer, name="challenge-answer"),
    path("assurance/challenges/<int:pk>/close/", challenges.challenge_close, name="challenge-close"),
    path("assurance/challenges/<int:pk>/escalate/", challenges.challenge_escalate, name="challenge-escalate"),
    path("assurance/challenges/<int:pk>/history/", challenges.challenge_history, name="challenge-history"),
    path("assurance/escalations/", escalations.escalation_list, name="escalation-list"),
    path("assurance/escalations/new/", escalations.escalation_create, name="escalation-create"),
    path("assurance/escalations/<int:pk>/", escalations.escalation_detail, name="escalation-detail"),
    path("assurance/escalations/<int:pk>/stage/", escalations.stage_record, name="escalation-stage"),
    path("assurance/escalations/<int:pk>/next-stage/", escalations.escalation_advance, name="escalation-advance"),
    path("assurance/escalations/<int:pk>/resolve/", escalations.escalation_resolve, name="escalation-resolve"),
    path("assurance/escalations/<int:pk>/withdraw/", escalations.escalation_withdraw, name="escalation-withdraw"),
    path("assurance/escalations/<int:pk>/history/", escalations.escalation_history, name="escalation-history"),
    path("assurance/scrutiny/", independent.plan_list, name="scrutiny-plan-list"),
    path("assurance/scrutiny/new/", independent.plan_create, name="scrutiny-plan-create"),
    path("assurance/scrutiny/<int:pk>/", independent.plan_detail, name="scrutiny-plan-detail"),
    path("assurance/scrutiny/<int:pk>/edit/", independent.plan_edit, name="scrutiny-plan-edit"),
    path("assurance/scrutiny/<int:pk>/activities/new/", independent.activity_add, name="activity-add"),
    path("assurance/scrutiny/activities/<int:pk>/", independent.activity_detail, name="activity-detail"),
    path("assurance/scrutiny/activities/<int:pk>/edit/", independent.activity_edit, name="activity-edit"),
    path("assurance/scrutiny/activities/<int:pk>/done/", independent.activity_done, name="activity-done"),
    path("assurance/scrutiny/activities/<int:pk>/cancel/", independent.activity_cancel, name="activity-cancel"),
    path("assurance/scrutiny/activities/<int:pk>/findings/new/", independent.finding_add, name="finding-add"),
    path(
        "assurance/scrutiny/activities/<int:pk>/recommendations/new/",
        independent.recommendation_add,
        name="recommendation-add",
    ),
    path(
        "assurance/scrutiny/recommendations/<int:pk>/",
        independent.recommendation_detail,
        name="recommendation-detail",
    ),
    path(
        "assurance/scrutiny/recommendations/<int:pk>/respond/",
        independent.recommendation_respond,
        name="recommendation-respond",
    ),
    path(
        "assurance/scrutiny/recommendations/<int:pk>/implemented/",
        independent.recommendation_implemented,
        name="recommendation-implemented",
    ),
    path("assurance/scrutiny/impact/new/", independent.impact_add, name="impact-add"),
    path("assurance/scrutiny/impact/<int:pk>/", independent.impact_detail, name="impact-detail"),
    path("assurance/requests/", assurance.request_list, name="request-list"),
    path("assurance/requests/new/", assurance.request_create, name="request-create"),
    path("assurance/requests/<int:pk>/", assurance.request_detail, name="request-detail"),
    path("assurance/requests/<int:pk>/edit/", assurance.request_edit, name="request-edit"),
    path("assurance/requests/<int:pk>/report/", assurance.request_receive, name="request-receive"),
    path("assurance/requests/<int:pk>/assess/", assurance.request_assess, name="request-assess"),
    path("assurance/requests/<int:pk>/withdraw/", assurance.request_withdraw, name="request-withdraw"),
    path("assurance/inspections/", assurance.inspection_list, name="inspection-list"),
    path("assurance/inspections/new/", assurance.inspection_create, name="inspection-create"),
    path("assurance/inspections/<int:pk>/", assurance.inspection_detail, name="inspection-detail"),
    path("assurance/inspections/<int:pk>/edit/", assurance.inspection_edit, name="inspection-edit"),
    path(
        "assurance/inspections/<int:pk>/findings/new/", assurance.inspection_finding_add, name="inspection-finding-add"
    ),
    path("assurance/spotlights/", spotlights.spotlight_list, name="spotlight-list"),
    path("assurance/spotlights/new/", spotlights.spotlight_create, name="spotlight-create"),
    path("assurance/spotlights/<int:pk>/", spotlights.spotlight_detail, name="spotlight-detail"),
    path("assurance/spotlights/<int:pk>/edit/", spotlights.spotlight_edit, name="spotlight-edit"),
    path("assurance/spotlights/<int:pk>/questions/new/", spotlights.question_add, name="spotlight-question-add"),
    path("assurance/spotlights/<int:pk>/answers/", spotlights.spotlight_answer, name="spotlight-answer"),
    path("assurance/spotlights/<int:pk>/assurance/", spotlights.spotlight_assure, name="spotlight-assure"),
    # End of part A.
    # Part B: the scorecard, the executive dashboard and the yearly report.
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("assurance/scorecard/", scorecard.scorecard, name="scorecard"),
    path("assurance/scorecard/exceptions/", scorecard.exceptions, name="scorecard-exceptions"),
    path("assurance/scorecard/export/<str:fmt>/", scorecard.export, name="scorecard-export"),
    path("assurance/scorecard/enter/", scorecard.enter_choose, name="scorecard-enter-choose"),
    path("assurance/scorecard/enter/<int:year>/<int:quarter>/", scorecard.enter, name="scorecard-enter"),
    path("assurance/scorecard/import/", scorecard.import_values, name="scorecard-import"),
    path(
        "assurance/scorecard/import/<int:pending_id>/",
        scorecard.import_values_preview,
        name="scorecard-import-preview",
    ),
    path("assurance/scorecard/indicators/new/", scorecard.indicator_create, name="indicator-create"),
    path("assurance/scorecard/indicators/<int:pk>/", scorecard.indicator_detail, name="indicator-detail"),
    path("assurance/scorecard/indicators/<int:pk>/edit/", scorecard.indicator_edit, name="indicator-edit"),
    path("assurance/scorecard/indicators/<int:pk>/delete/", scorecard.indicator_delete, name="indicator-delete"),
    path("assurance/scorecard/indicators/<int:pk>/history/", scorecard.indicator_history, name="indicator-history"),
    path("assurance/scorecard/values/<int:pk>/history/", scorecard.value_history, name="value-history"),
    path("assurance/reports/", report.report_list, name="report-list"),
    path("assurance/reports/new/", report.report_create, name="report-create"),
    path("assurance/reports/<int:pk>/", report.report_detail, name="report-detail"),
    path("assurance/reports/<int:pk>/sections/<slug:key>/", report.section_edit, name="report-section-edit"),
    path("assurance/reports/<int:pk>/sign-off/", report.sign_off, name="report-sign-off"),
    path("assurance/reports/<int:pk>/pdf/", report.report_pdf, name="report-pdf"),
    path("assurance/reports/<int:pk>/publish/", report.publish, name="report-publish"),
    path("assurance/reports/<int:pk>/sent/", report.record_sent, name="report-sent"),
    path("assurance/reports/<int:pk>/history/", report.report_history, name="report-history"),
    # End of part B.
]
