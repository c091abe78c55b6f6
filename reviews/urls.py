"""Routes of the reviews app."""

urlpatterns = []
