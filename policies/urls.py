from django.urls import path

from .views import adoption, approval, consultation, learning, register

app_name = "policies"

urlpatterns = [
    # The register
    path("policies/", register.policy_list, name="policy-list"),
    path("policies/new/", register.policy_create, name="policy-create"),
    path("policies/learning/", learning.learning_list, name="learning-list"),
    path("policies/<int:pk>/", register.policy_detail, name="policy-detail"),
    path("policies/<int:pk>/edit/", register.policy_edit, name="policy-edit"),
    path("policies/<int:pk>/history/", register.policy_history, name="policy-history"),
    path("policies/<int:pk>/draft/", register.version_save, name="version-save"),
    path("policies/<int:pk>/review/", register.review_start, name="review-start"),
    path("policies/<int:pk>/withdraw/", register.policy_withdraw, name="policy-withdraw"),
    # Consultation
    path("policies/<int:pk>/consultation/new/", consultation.consultation_open, name="consultation-open"),
    path("policies/consultations/<int:pk>/", consultation.consultation_detail, name="consultation-detail"),
    path("policies/consultations/<int:pk>/comment/", consultation.comment_add, name="comment-add"),
    path("policies/consultations/<int:pk>/no-comments/", consultation.no_comments, name="no-comments"),
    path("policies/consultations/<int:pk>/close/", consultation.consultation_close, name="consultation-close"),
    path("policies/comments/<int:pk>/answer/", consultation.comment_answer, name="comment-answer"),
    # Approval and publication
    path("policies/<int:pk>/agenda/", approval.approval_request, name="approval-request"),
    path("policies/<int:pk>/approve/", approval.approval_record, name="approval-record"),
    path("policies/<int:pk>/publish/", approval.policy_publish, name="policy-publish"),
    # Adoption and learning
    path("policies/<int:pk>/adoption/", adoption.adoption_list, name="adoption-list"),
    path("policies/<int:pk>/adopt/", adoption.adoption_confirm, name="adoption-confirm"),
    path("policies/<int:pk>/learning/new/", learning.learning_add, name="learning-add"),
]
