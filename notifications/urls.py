"""Routes of the notifications app."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import FailedDeliveryViewSet, NotificationViewSet, PreferenceView

router = SimpleRouter()
router.register(
    "notifications/failed-deliveries", FailedDeliveryViewSet, basename="failed-delivery"
)
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("notifications/preferences/", PreferenceView.as_view(), name="notification-preferences"),
    path("", include(router.urls)),
]
