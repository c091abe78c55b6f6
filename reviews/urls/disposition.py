"""Routes for disposition."""

urlpatterns = []
