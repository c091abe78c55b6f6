"""Routes of the consultation app."""

urlpatterns = []
