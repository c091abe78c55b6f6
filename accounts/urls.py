"""Routes for organisations, users and tokens."""

from rest_framework.routers import DefaultRouter

from .views import OrganisationViewSet, UserViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet)
router.register("users", UserViewSet)

urlpatterns = router.urls
