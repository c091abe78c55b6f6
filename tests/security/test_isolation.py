"""Isolation between organisations on every read path: nothing of another's position leaks.

Organisation A's comments carry SECRET_A and organisation B's carry SECRET_B; drafts carry
"(draft)". Each role reads every path that returns comment text or traces of it, and the
other organisation's secret (and, for everyone but the authors, the drafts) must not appear
in the body. Positive controls make sure the paths do return the caller's own material.
"""

import pytest

from consultation.models import Comment
from consultation.services.consultations import consultation_close
from notifications.models import Notification
from tests.security.world import SECRET_A, SECRET_B, build_world

pytestmark = pytest.mark.django_db

DRAFT = "(draft)"

# What each role must never read.
FORBIDDEN = {
    "delegate_a": [SECRET_B],
    "focal_point": [SECRET_B],
    "delegate_b": [SECRET_A],
    "editor_other": [SECRET_A, SECRET_B],
    "approver": [SECRET_A, SECRET_B],
    "editor_assigned": [DRAFT],
    "coordinator": [DRAFT],
}


def read_paths(w) -> list[str]:
    """Every GET that can carry comment text, for the objects of both organisations."""
    c, g, s = w.consultation.pk, w.guideline.pk, w.section.pk
    comment_ids = [w.a_draft.pk, w.a_submitted.pk, w.a_resolved.pk, w.b_draft.pk, w.b_submitted.pk]
    paths = [
        "/api/v1/comments/",
        f"/api/v1/comments/?consultation={c}",
        f"/api/v1/comments/?guideline={g}",
        f"/api/v1/comments/?section={s}",
        f"/api/v1/comments/?organisation={w.org_a.pk}",
        f"/api/v1/comments/?organisation={w.org_b.pk}",
        "/api/v1/comments/?organisation_kind=member_state",
        "/api/v1/comments/?status=draft",
        "/api/v1/comments/?status=submitted",
        "/api/v1/comments/?type=technical",
        "/api/v1/comments/?decision=rejected",
        "/api/v1/comments/?resolved=true",
        "/api/v1/comments/?resolved=false",
        "/api/v1/comments/?q=unpublished",
        "/api/v1/comments/?q=position",
        "/api/v1/comments/?page_size=200",
        f"/api/v1/guidelines/{g}/disposition/?format=json",
        f"/api/v1/guidelines/{g}/disposition/?format=csv",
        "/api/v1/dashboard/",
        f"/api/v1/dashboard/?consultation={c}",
        f"/api/v1/sections/{s}/answered-comments/",
        f"/api/v1/sections/{s}/answered-comments/?revision=1",
        "/api/v1/notifications/",
        "/api/v1/notifications/unread-count/",
    ]
    for pk in comment_ids:
        paths += [
            f"/api/v1/comments/{pk}/",
            f"/api/v1/comments/{pk}/history/",
            f"/api/v1/comments/{pk}/replies/",
            f"/api/v1/comments/{pk}/similar/",
        ]
    return paths


def body_text(response) -> str:
    """The body of a plain or streaming (export) response, as text."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


@pytest.mark.parametrize("role", sorted(FORBIDDEN))
def test_no_read_path_shows_another_organisations_text(world, client_for, role):
    client = client_for(world.users[role])
    leaks = []
    for path in read_paths(world):
        response = client.get(path)
        assert response.status_code in (200, 403, 404), (path, response.status_code)
        text = body_text(response)
        leaks += [f"{path} shows {secret!r}" for secret in FORBIDDEN[role] if secret in text]
    assert not leaks, leaks


@pytest.mark.parametrize(
    ("role", "own"),
    [
        ("delegate_a", SECRET_A),
        ("delegate_b", SECRET_B),
        ("editor_assigned", SECRET_A),
        ("coordinator", SECRET_B),
    ],
)
def test_readers_do_see_what_is_theirs(world, client_for, role, own):
    client = client_for(world.users[role])
    for path in ["/api/v1/comments/", "/api/v1/comments/?q=unpublished"]:
        assert own in client.get(path).content.decode(), path


@pytest.mark.parametrize("role", ["delegate_b", "editor_other", "approver"])
def test_other_organisations_comments_are_404_not_403(world, client_for, role):
    client = client_for(world.users[role])
    for comment in [world.a_draft, world.a_submitted]:
        for suffix in ["", "history/", "replies/", "similar/"]:
            response = client.get(f"/api/v1/comments/{comment.pk}/{suffix}")
            assert response.status_code == 404, (suffix, response.status_code)


def test_drafts_are_readable_only_by_their_organisation(world, client_for):
    ids = {
        role: {c["id"] for c in client_for(world.users[role]).get(
            "/api/v1/comments/?status=draft"
        ).json()["results"]}
        for role in ["delegate_a", "focal_point", "delegate_b", "coordinator", "editor_assigned"]
    }  # fmt: skip
    assert ids["delegate_a"] == ids["focal_point"] == {world.a_draft.pk}
    assert ids["delegate_b"] == {world.b_draft.pk}
    assert ids["coordinator"] == ids["editor_assigned"] == set()


def test_notifications_are_the_callers_own(world, client_for):
    for role, user in world.users.items():
        body = client_for(user).get("/api/v1/notifications/?page_size=200").json()
        ids = {n["id"] for n in body["results"]}
        assert ids == set(Notification.objects.filter(recipient=user).values_list("id", flat=True))
        unread = client_for(user).get("/api/v1/notifications/unread-count/").json()["count"]
        assert unread == Notification.objects.filter(recipient=user, read_at=None).count(), role


def test_similar_never_offers_another_organisations_private_comment(world, client_for):
    """The basis for "duplicate" is for editors; a delegate sees only what it may read."""
    for role in ["delegate_a", "delegate_b"]:
        client = client_for(world.users[role])
        own = world.a_submitted if role == "delegate_a" else world.b_submitted
        response = client.get(f"/api/v1/comments/{own.pk}/similar/")
        assert response.status_code == 200
        visible = set(
            Comment.objects.filter(organisation=world.users[role].organisation).values_list(
                "id", flat=True
            )
        )
        assert {item["id"] for item in response.json()} <= visible


@pytest.mark.parametrize("visibility", ["private", "public"])
def test_after_close_only_public_consultations_open_up_and_never_drafts(
    world, client_for, visibility
):
    world.consultation.visibility = visibility
    world.consultation.save(update_fields=["visibility"])
    consultation_close(user=world.users["coordinator"], consultation=world.consultation)
    client = client_for(world.users["delegate_b"])
    text = body_text(client.get("/api/v1/comments/?page_size=200"))
    assert (SECRET_A in text) is (visibility == "public")
    assert f"{SECRET_A} {DRAFT}" not in text
    assert client.get(f"/api/v1/comments/{world.a_draft.pk}/").status_code == 404
