"""Routes for documents."""

urlpatterns = []
