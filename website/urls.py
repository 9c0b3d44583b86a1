from django.urls import path

from . import views

app_name = "website"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("procedures/", views.policy_list, name="policy-list"),
    path("procedures/<slug:slug>/", views.policy_detail, name="policy-detail"),
    path("procedures/<slug:slug>/document/", views.policy_document, name="policy-document"),
    path("published-reviews/", views.practice_review_list, name="practice-review-list"),
    path("reports/", views.yearly_report_list, name="yearly-report-list"),
    path("reports/<int:year>/yearly-report.pdf", views.yearly_report_pdf, name="yearly-report-pdf"),
]
