from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("partnership.urls")),
    path("", include("subgroups.urls")),
    path("", include("reviews.urls")),
    path("", include("audits.urls")),
    path("", include("scrutiny.urls")),
    path("", include("training.urls")),
    path("", include("engagement.urls")),
    path("", include("policies.urls")),
    path("", include("website.urls")),
    path("django-admin/", admin.site.urls),
]

handler500 = "core.views.pages.server_error"
