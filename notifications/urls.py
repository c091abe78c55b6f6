"""Routes of the notifications app."""

urlpatterns = []
