"""Routes for guidelines, sections (history, diff, revert) and versions (Markdown export)."""

from rest_framework.routers import SimpleRouter

from consultation.views.documents import GuidelineViewSet, SectionViewSet, VersionViewSet

router = SimpleRouter()
router.register("guidelines", GuidelineViewSet, basename="guideline")
router.register("sections", SectionViewSet, basename="section")
router.register("versions", VersionViewSet, basename="version")

urlpatterns = router.urls
