"""Routes of the reviews app, one module per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("reviews.urls.resolutions")),
    path("", include("reviews.urls.stages")),
    path("", include("reviews.urls.dashboard")),
    path("", include("reviews.urls.disposition")),
    path("", include("reviews.urls.exports")),
]
