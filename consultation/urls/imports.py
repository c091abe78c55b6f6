"""Routes for imports."""

urlpatterns = []
