"""Routes of the consultation app, one module per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("consultation.urls.documents")),
    path("", include("consultation.urls.comments")),
    path("", include("consultation.urls.imports")),
]
