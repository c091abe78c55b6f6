"""The admin lets staff browse comments and their history, and change nothing behind the API."""

import pytest

from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_comment_list_and_history_are_browsable(staff_client):
    comment = CommentFactory(
        body="Age checks must not collect more data than they need.", status="submitted"
    )
    listing = staff_client.get("/admin/consultation/comment/")
    assert listing.status_code == 200
    assert str(comment.pk) in listing.content.decode()
    history = staff_client.get(f"/admin/consultation/comment/{comment.pk}/history/")
    assert history.status_code == 200


def test_comments_cannot_be_changed_in_the_admin(staff_client):
    comment = CommentFactory(body="Original text")
    response = staff_client.post(
        f"/admin/consultation/comment/{comment.pk}/change/", {"body": "Rewritten in the admin"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Original text"
    assert staff_client.get("/admin/consultation/comment/add/").status_code == 403
