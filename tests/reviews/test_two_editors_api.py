"""Two editors on the API: resolve and resolve-batch refuse a comment changed since it was read."""

from consultation.models import Comment
from reviews import services

BATCH = "/api/v1/comments/resolve-batch/"


def _read_at(client, comment) -> str:
    """The moment the caller read the comment, as the API showed it (`updated_at`)."""
    response = client.get(f"/api/v1/comments/{comment.pk}/")
    assert response.status_code == 200, response.content
    return response.data["updated_at"]


def test_resolve_refuses_a_comment_another_editor_changed_since_it_was_read(
    world, submit, client_for
):
    comment = submit()
    client = client_for(world.editor)
    read_at = _read_at(client, comment)
    services.comment_assign(comment=comment, editor=world.editor, user=world.coordinator)

    response = client.post(
        f"/api/v1/comments/{comment.pk}/resolve/",
        {"decision": "noted", "rationale": "Mine.", "unchanged_since": read_at},
    )

    assert response.status_code == 409, response.data
    assert response.data["code"] == "comment_changed"
    changed = response.data["changed"]
    assert changed["comment"] == comment.pk
    assert changed["by"] == world.coordinator.username
    assert changed["what"] == f"assigned to {world.editor.username}"
    comment.refresh_from_db()
    assert comment.decision == ""


def test_resolve_with_the_moment_it_was_read_goes_through_when_nothing_changed(
    world, submit, client_for
):
    comment = submit()
    client = client_for(world.editor)
    response = client.post(
        f"/api/v1/comments/{comment.pk}/resolve/",
        {"decision": "accepted", "unchanged_since": _read_at(client, comment)},
    )
    assert response.status_code == 200, response.data
    assert Comment.objects.get(pk=comment.pk).decision == "accepted"


def test_batch_names_each_changed_comment_and_saves_none(world, submit, client_for):
    first, second, third = submit(), submit(world.chilean), submit(world.activist)
    client = client_for(world.editor)
    read_at = _read_at(client, third)  # the latest of the three: read after all were written
    services.comment_resolve(
        comment=second, user=world.editor, decision="noted", rationale="Someone else's."
    )

    response = client.post(
        BATCH,
        {
            "comments": [first.pk, second.pk, third.pk],
            "decision": "rejected",
            "rationale": "Out of scope.",
            "unchanged_since": read_at,
        },
        format="json",
    )

    assert response.status_code == 409, response.data
    assert response.data["code"] == "batch_rejected"
    (failure,) = response.data["failures"]
    assert failure["comment"] == second.pk
    assert failure["code"] == "comment_changed"
    assert failure["changed"]["what"] == "resolved as noted"
    assert set(
        Comment.objects.filter(pk__in=[first.pk, third.pk]).values_list("decision", flat=True)
    ) == {""}


def test_unchanged_since_must_be_a_moment(world, submit, client_for):
    comment = submit()
    response = client_for(world.editor).post(
        f"/api/v1/comments/{comment.pk}/resolve/",
        {"decision": "accepted", "unchanged_since": "yesterday-ish"},
    )
    assert response.status_code == 400
    assert "unchanged_since" in response.data
