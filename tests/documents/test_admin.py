"""The admin shows guidelines, sections (with history) and versions; text is read-only there."""

import pytest
from django.test import Client

from consultation.services.documents import version_freeze
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_render(section, editor):
    version = version_freeze(guideline=section.guideline, label="Draft 1", user=editor)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for url in [
        "/admin/consultation/guideline/",
        f"/admin/consultation/guideline/{section.guideline_id}/change/",
        "/admin/consultation/section/",
        f"/admin/consultation/section/{section.pk}/change/",
        f"/admin/consultation/section/{section.pk}/history/",
        "/admin/consultation/version/",
        f"/admin/consultation/version/{version.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/consultation/section/add/").status_code == 403
