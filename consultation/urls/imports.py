"""Routes for imports: POST /comments/import/ (before any /comments/{id}/ route can claim it)."""

from django.urls import path

from consultation.views.imports import CommentImportView, ConsultationImportsView

urlpatterns = [
    path("comments/import/", CommentImportView.as_view(), name="comments-import"),
    path(
        "consultations/<int:pk>/imports/",
        ConsultationImportsView.as_view(),
        name="consultation-imports",
    ),
]
