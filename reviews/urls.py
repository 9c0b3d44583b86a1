from django.urls import path

from .views import cases, directory, learning, pipeline, practice, rapid

app_name = "reviews"

urlpatterns = [
    path("reviews/", pipeline.pipeline, name="pipeline"),
    # Cases: serious incidents and referrals
    path("reviews/cases/", cases.incident_list, name="incident-list"),
    path("reviews/cases/new/", cases.incident_create, name="incident-create"),
    path("reviews/cases/refer/", cases.referral_create, name="referral-create"),
    path("reviews/cases/<int:pk>/", cases.incident_detail, name="incident-detail"),
    path("reviews/cases/<int:pk>/edit/", cases.incident_edit, name="incident-edit"),
    path("reviews/cases/<int:pk>/notify/", cases.incident_notify, name="incident-notify"),
    path("reviews/cases/<int:pk>/accept/", cases.incident_accept, name="incident-accept"),
    path("reviews/cases/<int:pk>/rapid-review/", cases.incident_rapid_review, name="incident-rapid-review"),
    path("reviews/cases/<int:pk>/close/", cases.incident_close, name="incident-close"),
    path("reviews/cases/<int:pk>/history/", cases.incident_history, name="incident-history"),
    # Rapid reviews
    path("reviews/rapid/<int:pk>/", rapid.rapid_review_detail, name="rapid-review-detail"),
    path("reviews/rapid/<int:pk>/edit/", rapid.rapid_review_edit, name="rapid-review-edit"),
    path("reviews/rapid/<int:pk>/panel/", rapid.rapid_review_panel, name="rapid-review-panel"),
    path("reviews/rapid/<int:pk>/meetings/new/", rapid.panel_meeting_add, name="panel-meeting-add"),
    path("reviews/rapid/<int:pk>/returns/new/", rapid.return_request, name="return-request"),
    path("reviews/rapid/<int:pk>/actions/new/", rapid.safety_action_add, name="safety-action-add"),
    path("reviews/rapid/<int:pk>/decision/", rapid.rapid_review_decide, name="rapid-review-decide"),
    path("reviews/rapid/<int:pk>/sent/", rapid.rapid_review_send, name="rapid-review-send"),
    path("reviews/rapid/<int:pk>/response/", rapid.panel_response, name="panel-response"),
    path("reviews/rapid/<int:pk>/report.pdf", rapid.rapid_review_pdf, name="rapid-review-pdf"),
    path("reviews/rapid/<int:pk>/history/", rapid.rapid_review_history, name="rapid-review-history"),
    path("reviews/returns/", rapid.return_list, name="return-list"),
    path("reviews/returns/<int:pk>/", rapid.return_detail, name="return-detail"),
    # Practice reviews
    path("reviews/practice/", practice.practice_review_list, name="practice-review-list"),
    path("reviews/practice/new/", practice.practice_review_create, name="practice-review-create"),
    path("reviews/practice/<int:pk>/", practice.practice_review_detail, name="practice-review-detail"),
    path("reviews/practice/<int:pk>/edit/", practice.practice_review_edit, name="practice-review-edit"),
    path("reviews/practice/<int:pk>/panel/", practice.practice_review_panel, name="practice-review-panel"),
    path("reviews/practice/<int:pk>/milestones/new/", practice.milestone_add, name="milestone-add"),
    path("reviews/practice/<int:pk>/milestones/<int:milestone_pk>/", practice.milestone_edit, name="milestone-edit"),
    path("reviews/practice/<int:pk>/reports/new/", practice.report_upload, name="report-upload"),
    path("reviews/practice/<int:pk>/pre-publication/", practice.pre_publication, name="pre-publication"),
    path("reviews/practice/<int:pk>/complete/", practice.practice_review_complete, name="practice-review-complete"),
    path("reviews/practice/<int:pk>/publish/", practice.practice_review_publish, name="practice-review-publish"),
    path("reviews/practice/<int:pk>/pause/", practice.practice_review_pause, name="practice-review-pause"),
    path("reviews/practice/<int:pk>/resume/", practice.practice_review_resume, name="practice-review-resume"),
    path("reviews/practice/<int:pk>/findings/new/", practice.finding_add, name="finding-add"),
    path("reviews/practice/<int:pk>/recommendations/new/", practice.recommendation_add, name="recommendation-add"),
    path("reviews/practice/<int:pk>/history/", practice.practice_review_history, name="practice-review-history"),
    path("reviews/recommendations/<int:pk>/plan/", practice.recommendation_plan, name="recommendation-plan"),
    # The reviewer directory
    path("reviews/reviewers/", directory.reviewer_list, name="reviewer-list"),
    path("reviews/reviewers/new/", directory.reviewer_create, name="reviewer-create"),
    path("reviews/reviewers/<int:pk>/", directory.reviewer_detail, name="reviewer-detail"),
    path("reviews/reviewers/<int:pk>/edit/", directory.reviewer_edit, name="reviewer-edit"),
    path("reviews/reviewers/<int:pk>/conflicts/new/", directory.conflict_add, name="conflict-add"),
    path("reviews/reviewers/<int:pk>/history/", directory.reviewer_history, name="reviewer-history"),
    # Learning
    path("reviews/themes/", learning.theme_list, name="theme-list"),
    path("reviews/themes/new/", learning.theme_create, name="theme-create"),
    path("reviews/themes/<int:pk>/edit/", learning.theme_edit, name="theme-edit"),
    path("reviews/briefings/", learning.briefing_list, name="briefing-list"),
    path("reviews/briefings/new/", learning.briefing_create, name="briefing-create"),
    path("reviews/briefings/<int:pk>/", learning.briefing_detail, name="briefing-detail"),
    path("reviews/briefings/<int:pk>/edit/", learning.briefing_edit, name="briefing-edit"),
    path("reviews/briefings/<int:pk>/publish/", learning.briefing_publish, name="briefing-publish"),
    path("reviews/briefings/<int:pk>/history/", learning.briefing_history, name="briefing-history"),
    path("reviews/briefings/<int:pk>/dissemination/new/", learning.dissemination_add, name="dissemination-add"),
    # Public: published 7-minute briefings
    path("learning/", learning.briefing_public_list, name="briefing-public-list"),
    path("learning/<slug:slug>/", learning.briefing_public, name="briefing-public"),
    path("learning/<slug:slug>/briefing.pdf", learning.briefing_pdf, name="briefing-pdf"),
]
