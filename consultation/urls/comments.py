"""Routes for consultations, comments (ids only, so /comments/import/ falls through) and
update requests."""

from rest_framework.routers import SimpleRouter

from consultation.views.comments import CommentViewSet, ConsultationViewSet, UpdateRequestViewSet

router = SimpleRouter()
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("comments", CommentViewSet, basename="comment")
router.register("update-requests", UpdateRequestViewSet, basename="update-request")

urlpatterns = router.urls
