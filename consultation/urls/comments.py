"""Routes for comments."""

urlpatterns = []
