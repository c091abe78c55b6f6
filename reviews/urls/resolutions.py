"""Routes for resolutions."""

urlpatterns = []
