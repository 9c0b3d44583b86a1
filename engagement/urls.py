from django.urls import path

from .views import answers, builder, evidence, public, results, surveys, voices

app_name = "engagement"

urlpatterns = [
    # Surveys
    path("listening/", surveys.survey_list, name="survey-list"),
    path("listening/surveys/new/", surveys.survey_create, name="survey-create"),
    path("listening/surveys/<int:pk>/", surveys.survey_detail, name="survey-detail"),
    path("listening/surveys/<int:pk>/edit/", surveys.survey_edit, name="survey-edit"),
    path("listening/surveys/<int:pk>/publish/", surveys.survey_publish, name="survey-publish"),
    path("listening/surveys/<int:pk>/close/", surveys.survey_close, name="survey-close"),
    path("listening/surveys/<int:pk>/new-link/", surveys.survey_new_link, name="survey-new-link"),
    path("listening/surveys/<int:pk>/rerun/", surveys.survey_rerun, name="survey-rerun"),
    path("listening/surveys/<int:pk>/history/", surveys.survey_history, name="survey-history"),
    path("listening/surveys/<int:pk>/agencies/", surveys.survey_agencies, name="survey-agencies"),
    path("listening/surveys/<int:pk>/agencies/add/", surveys.survey_agencies_add, name="survey-agencies-add"),
    path(
        "listening/surveys/<int:pk>/agencies/<int:invited_pk>/remove/",
        surveys.survey_agency_remove,
        name="survey-agency-remove",
    ),
    path("listening/surveys/<int:pk>/facilitators/", surveys.survey_facilitators, name="survey-facilitators"),
    path("listening/surveys/<int:pk>/reminders/", surveys.survey_reminders, name="survey-reminders"),
    # Building a draft
    path("listening/surveys/<int:pk>/preview/", builder.survey_preview, name="survey-preview"),
    path("listening/surveys/<int:pk>/sections/new/", builder.section_add, name="section-add"),
    path("listening/surveys/<int:pk>/sections/<int:section_pk>/edit/", builder.section_edit, name="section-edit"),
    path("listening/surveys/<int:pk>/sections/<int:section_pk>/remove/", builder.section_delete, name="section-delete"),
    path("listening/surveys/<int:pk>/sections/<int:section_pk>/move/", builder.section_move, name="section-move"),
    path("listening/surveys/<int:pk>/questions/new/", builder.question_add, name="question-add"),
    path("listening/surveys/<int:pk>/questions/<int:question_pk>/edit/", builder.question_edit, name="question-edit"),
    path(
        "listening/surveys/<int:pk>/questions/<int:question_pk>/remove/",
        builder.question_delete,
        name="question-delete",
    ),
    path("listening/surveys/<int:pk>/questions/<int:question_pk>/move/", builder.question_move, name="question-move"),
    # Answering in the portal
    path(
        "listening/surveys/<int:pk>/answer/<int:organisation_pk>/", answers.agency_answer, name="survey-agency-answer"
    ),
    path("listening/surveys/<int:pk>/sessions/new/", answers.session_start, name="session-start"),
    path("listening/surveys/<int:pk>/sessions/<int:session_pk>/", answers.session_enter, name="session-enter"),
    # Results and moderation
    path("listening/surveys/<int:pk>/results/", results.survey_results, name="survey-results"),
    path(
        "listening/surveys/<int:pk>/results/comments/<int:question_pk>/",
        results.survey_comments,
        name="survey-comments",
    ),
    path("listening/surveys/<int:pk>/results.pdf", results.survey_pdf, name="survey-pdf"),
    path("listening/surveys/<int:pk>/results/share/", results.survey_release, name="survey-release"),
    path("listening/surveys/<int:pk>/moderation/", results.moderation, name="moderation"),
    path("listening/surveys/<int:pk>/moderation/clear/", results.moderation_approve_clear, name="moderation-clear"),
    path("listening/surveys/<int:pk>/moderation/<str:answer_pk>/", results.answer_moderate, name="answer-moderate"),
    # You said, we did
    path("listening/you-said-we-did/", voices.you_said_list, name="yousaid-list"),
    path("listening/you-said-we-did/new/", voices.you_said_create, name="yousaid-create"),
    path("listening/you-said-we-did/<int:pk>/", voices.you_said_detail, name="yousaid-detail"),
    path("listening/you-said-we-did/<int:pk>/edit/", voices.you_said_edit, name="yousaid-edit"),
    path("listening/you-said-we-did/<int:pk>/owner/", voices.you_said_assign, name="yousaid-assign"),
    path("listening/you-said-we-did/<int:pk>/we-did/", voices.you_said_respond, name="yousaid-respond"),
    path("listening/you-said-we-did/<int:pk>/review/", voices.you_said_review, name="yousaid-review"),
    path("listening/you-said-we-did/<int:pk>/publish/", voices.you_said_publish, name="yousaid-publish"),
    path("listening/you-said-we-did/<int:pk>/unpublish/", voices.you_said_unpublish, name="yousaid-unpublish"),
    path("listening/you-said-we-did/<int:pk>/history/", voices.you_said_history, name="yousaid-history"),
    # Evidence of listening for an agency's Section 11 return
    path("listening/evidence/", evidence.evidence_list, name="evidence"),
    # Public: no sign-in
    path("have-your-say/<str:token>/", public.public_survey, name="public-survey"),
    path("have-your-say/<str:token>/thank-you/", public.public_survey_thanks, name="public-survey-thanks"),
    path("you-said-we-did/", public.public_you_said, name="public-you-said"),
]
