"""Routes for stages: transitions, the transition log and approvals."""

from django.urls import path

from reviews.views import stages as views

urlpatterns = [
    path(
        "guidelines/<int:pk>/transition/",
        views.GuidelineTransitionView.as_view(),
        name="guideline-transition",
    ),
    path(
        "guidelines/<int:pk>/transitions/",
        views.GuidelineTransitionListView.as_view(),
        name="guideline-transitions",
    ),
    path(
        "guidelines/<int:pk>/approvals/",
        views.GuidelineApprovalsView.as_view(),
        name="guideline-approvals",
    ),
]
