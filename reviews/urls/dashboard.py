"""Routes for dashboard."""

urlpatterns = []
