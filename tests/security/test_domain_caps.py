"""The domain's own caps, checked through the API: each refusal is a clear 4xx, nothing saved."""

import pytest

from consultation.models import Comment, Section
from consultation.models.comments import COMMENT_TEXT_MAX_CHARS
from consultation.models.documents import SECTION_BODY_MAX_CHARS
from consultation.services.documents import section_edit
from tests.security.requests_spec import xlsx_upload
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def test_comment_text_over_the_cap_is_400(world, client_for):
    client = client_for(world.users["delegate_b"])
    before = Comment.objects.count()
    response = client.post(
        "/api/v1/comments/",
        {
            "consultation": world.consultation.pk,
            "section": world.section.pk,
            "type": "general",
            "body": "x" * (COMMENT_TEXT_MAX_CHARS + 1),
        },
    )
    assert response.status_code == 400
    assert "body" in response.json()
    assert Comment.objects.count() == before


def test_section_body_over_the_cap_is_400(world, client_for):
    client = client_for(world.users["editor_assigned"])
    response = client.patch(
        f"/api/v1/sections/{world.section.pk}/",
        {"body": "y" * (SECTION_BODY_MAX_CHARS + 1)},
        HTTP_IF_MATCH=f'"{world.section.revision}"',
    )
    assert response.status_code == 400
    assert "body" in response.json()
    assert Section.objects.get(pk=world.section.pk).revision == world.section.revision


def test_import_over_the_row_cap_is_400_and_imports_nothing(world, client_for, settings):
    settings.COMMENT_IMPORT_MAX_ROWS = 0
    before = Comment.objects.count()
    response = client_for(world.users["editor_assigned"]).post(
        "/api/v1/comments/import/",
        {"consultation": world.consultation.pk, "file": xlsx_upload(world)},
        format="multipart",
    )
    assert response.status_code == 400
    assert Comment.objects.count() == before


def test_import_over_the_upload_cap_is_413(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = client_for(world.users["editor_assigned"]).post(
        "/api/v1/comments/import/",
        {"consultation": world.consultation.pk, "file": xlsx_upload(world)},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_diff_of_two_huge_rewrites_is_one_deletion_and_one_insertion(world, client_for):
    """Word diffs are quadratic at worst; the cap turns a huge rewrite into delete + insert."""
    words = ["guardian", "report", "privacy", "setting", "child", "service", "harm", "age"]
    old = " ".join(words[i % 8] + str(i) for i in range(15_000))
    new = " ".join(words[(i * 3) % 8] + str(i * 7) for i in range(15_000))
    section = world.section
    for body in (old, new):
        section = section_edit(
            section=section,
            user=world.users["editor_assigned"],
            expected_revision=section.revision,
            body=body,
        )
    response = client_for(world.users["delegate_a"]).get(
        f"/api/v1/sections/{section.pk}/diff/",
        {"from": section.revision - 1, "to": section.revision},
    )
    assert response.status_code == 200
    ops = [change["op"] for change in response.json()["changes"] if change["op"] != "equal"]
    assert ops == ["delete", "insert"]
