"""The portal's URLs plus the benchmark's floor: a view that does nothing, measured through
the same middleware (sessions, authentication, MFA, CSP), so each page's time can be read as a
multiple of what the framework costs anyway."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as portal


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *portal]

__all__ = ["handler500", "urlpatterns"]
