"""Routes for stages."""

urlpatterns = []
