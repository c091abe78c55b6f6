"""The visibility matrix over HTTP: list, detail, search and replies agree, and hide with 404."""

import pytest

from consultation.models import Visibility
from consultation.services.comments import reply_create

from .conftest import close_now

pytestmark = pytest.mark.django_db

# (state of Kenya's comment, visibility, consultation closed?) -> readers who see it
CASES = [
    ("draft", "private", False, {"kenyan", "kenyan2"}),
    ("draft", "public", True, {"kenyan", "kenyan2"}),
    ("submitted", "private", False, {"kenyan", "kenyan2", "editor", "coordinator"}),
    ("submitted", "private", True, {"kenyan", "kenyan2", "editor", "coordinator"}),
    ("submitted", "public", False, {"kenyan", "kenyan2", "editor", "coordinator"}),
    (
        "submitted",
        "public",
        True,
        {"kenyan", "kenyan2", "editor", "coordinator", "chilean", "activist", "other_editor"},
    ),
]
READERS = ["kenyan", "kenyan2", "chilean", "activist", "editor", "other_editor", "coordinator"]


@pytest.mark.parametrize(("state", "visibility", "closed", "seers"), CASES)
def test_visibility_matrix(world, client_for, make_comment, state, visibility, closed, seers):
    comment = make_comment(submit=state == "submitted", body="Grandparents also need guidance.")
    if state == "submitted":
        reply_create(user=world.editor, comment=comment, body="Thank you, we will consider it.")
    world.consultation.visibility = Visibility(visibility)
    world.consultation.save()
    if closed:
        close_now(world.consultation)

    for reader in READERS:
        client = client_for(getattr(world, reader))
        sees = reader in seers
        listed = [c["id"] for c in client.get("/api/v1/comments/").json()["results"]]
        found = [c["id"] for c in client.get("/api/v1/comments/?q=grandparents").json()["results"]]
        detail = client.get(f"/api/v1/comments/{comment.pk}/")
        replies = client.get(f"/api/v1/comments/{comment.pk}/replies/")
        history = client.get(f"/api/v1/comments/{comment.pk}/history/")
        assert (comment.pk in listed) is sees, reader
        assert (comment.pk in found) is sees, reader
        assert detail.status_code == (200 if sees else 404), reader
        assert replies.status_code == (200 if sees else 404), reader
        assert history.status_code == (200 if sees else 404), reader
        if sees and state == "submitted":
            assert [r["body"] for r in replies.json()["results"]] == [
                "Thank you, we will consider it."
            ]


def test_invisible_comment_is_404_on_every_write(world, client_for, make_comment):
    comment = make_comment()
    client = client_for(world.chilean)
    for method, url in [
        ("patch", f"/api/v1/comments/{comment.pk}/"),
        ("post", f"/api/v1/comments/{comment.pk}/submit/"),
        ("post", f"/api/v1/comments/{comment.pk}/withdraw/"),
        ("post", f"/api/v1/comments/{comment.pk}/replies/"),
    ]:
        response = getattr(client, method)(url, {"body": "x"}, format="json")
        assert response.status_code == 404, url


@pytest.mark.parametrize(
    ("author", "status"),
    [("kenyan2", 201), ("editor", 201), ("coordinator", 201), ("other_editor", 404)],
)
def test_who_may_reply_on_a_private_comment(world, client_for, make_comment, author, status):
    comment = make_comment(submit=True)
    response = client_for(getattr(world, author)).post(
        f"/api/v1/comments/{comment.pk}/replies/", {"body": "Could you say more?"}, format="json"
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["author"] == getattr(world, author).pk


def test_reader_of_a_public_comment_may_not_reply(world, client_for, make_comment):
    comment = make_comment(submit=True)
    world.consultation.visibility = Visibility.PUBLIC
    world.consultation.save()
    close_now(world.consultation)
    response = client_for(world.chilean).post(
        f"/api/v1/comments/{comment.pk}/replies/", {"body": "We agree."}, format="json"
    )
    assert response.status_code == 403
    assert not comment.replies.exists()


def test_no_thread_on_a_draft(world, client_for, make_comment):
    comment = make_comment()
    response = client_for(world.kenyan).post(
        f"/api/v1/comments/{comment.pk}/replies/", {"body": "Note to self"}, format="json"
    )
    assert response.status_code == 409


def test_anonymous_gets_401(api, world):
    assert api.get("/api/v1/comments/").status_code == 401


def test_history_hides_the_draft_wording_from_other_readers(world, client_for, make_comment):
    from consultation.services.comments import comment_submit, comment_update

    comment = make_comment(body="Internal first thoughts.")
    comment_update(user=world.kenyan, comment=comment, data={"body": "Agreed national position."})
    comment_submit(user=world.kenyan, comment=comment)
    url = f"/api/v1/comments/{comment.pk}/history/"
    own = [h["body"] for h in client_for(world.kenyan2).get(url).json()["results"]]
    editor = [h["body"] for h in client_for(world.editor).get(url).json()["results"]]
    final, first = "Agreed national position.", "Internal first thoughts."
    assert own == [final, final, first]
    assert editor == [final]
