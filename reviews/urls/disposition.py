"""Routes for disposition: GET /guidelines/{id}/disposition/?format=json|csv|xlsx."""

from django.urls import path

from reviews.views.disposition import DispositionView

urlpatterns = [
    path(
        "guidelines/<int:pk>/disposition/",
        DispositionView.as_view(),
        name="guideline-disposition",
    ),
]
