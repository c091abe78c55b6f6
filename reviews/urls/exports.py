"""Routes for background disposition exports: start, status, download."""

from django.urls import path

from reviews.views.exports import (
    DispositionExportCreateView,
    DispositionExportDownloadView,
    DispositionExportView,
)

urlpatterns = [
    path(
        "guidelines/<int:pk>/disposition/exports/",
        DispositionExportCreateView.as_view(),
        name="guideline-disposition-exports",
    ),
    path(
        "disposition-exports/<int:pk>/",
        DispositionExportView.as_view(),
        name="disposition-export",
    ),
    path(
        "disposition-exports/<int:pk>/download/",
        DispositionExportDownloadView.as_view(),
        name="disposition-export-download",
    ),
]
