"""Routes for dashboard."""

from django.urls import path

from reviews.views.dashboard import DashboardView

urlpatterns = [path("dashboard/", DashboardView.as_view(), name="dashboard")]
