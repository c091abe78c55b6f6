"""Top-level URL map: the API under /api/v1/, its schema and docs, admin, health, the web pages."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import TokenView

from .health import healthz

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("", include("accounts.urls")),
    path("", include("consultation.urls")),
    path("", include("reviews.urls")),
    path("", include("notifications.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the CSP needs no
    # 'unsafe-inline' for scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
    path("", include("web.urls")),
]

# Unmatched URLs and unexpected failures answer in JSON under /api/ (every error body is JSON).
handler404 = "backend.http_errors.not_found"
handler500 = "backend.http_errors.server_error"
