"""Resolving is one path: a batch of one or of 500, the same rules, errors and side effects."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation.models import Comment, CommentStatus
from notifications.models import EmailDelivery, Notification
from tests.factories import CommentFactory

from .conftest import resolve

BATCH = "/api/v1/comments/resolve-batch/"


def _submitted(world, count: int) -> list[int]:
    """`count` submitted comments, spread over the three organisations of the world."""
    organisations = [world.kenya, world.chile, world.ngo]
    comments = [
        CommentFactory(
            consultation=world.consultation,
            section=world.section,
            organisation=organisations[i % 3],
            status=CommentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for i in range(count)
    ]
    return [c.pk for c in comments]


def _resolve_queries(world, client_for, ids) -> int:
    client = client_for(world.editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            BATCH, {"comments": ids, "decision": "noted", "rationale": "Campaign."}, format="json"
        )
    assert response.status_code == 200, response.content
    return len(queries)


def test_a_batch_of_500_costs_the_queries_of_a_batch_of_50(world, client_for):
    small = _resolve_queries(world, client_for, _submitted(world, 50))
    large_ids = _submitted(world, 500)
    large = _resolve_queries(world, client_for, large_ids)
    assert small == large <= 15, (small, large)
    # And every side effect happened for each comment: the disposition, its history and one
    # notification (and e-mail) per delegate of the commenting organisation.
    assert set(Comment.objects.filter(pk__in=large_ids).values_list("decision", flat=True)) == {
        "noted"
    }
    last = Comment.history.filter(id__in=large_ids, history_change_reason__contains="batch of 500")
    assert last.count() == 500
    assert last.filter(history_user=world.editor, decision="noted").count() == 500
    told = Notification.objects.filter(verb="comment_resolved", target_id__in=large_ids)
    assert told.count() == 500  # one delegate per organisation in this world
    assert EmailDelivery.objects.filter(notification__in=told).count() == 500


def test_one_resolve_is_a_batch_of_one(world, submit, client_for):
    comment = submit()
    response = client_for(world.editor).post(
        f"/api/v1/comments/{comment.pk}/resolve/", {"decision": "accepted"}, format="json"
    )
    assert response.status_code == 200
    record = Comment.objects.get(pk=comment.pk).history.latest()
    assert record.history_change_reason == "resolved as accepted"
    assert record.history_user_id == world.editor.pk and record.decision == "accepted"
    again = client_for(world.editor).post(
        f"/api/v1/comments/{comment.pk}/resolve/", {"decision": "noted", "rationale": "Later."}
    )
    assert again.status_code == 409 and again.json()["code"] == "already_resolved"


def test_the_original_of_a_duplicate_inside_the_batch_is_named(world, submit, client_for):
    original, copy_1, copy_2 = submit(), submit(world.chilean), submit(world.activist)
    response = client_for(world.editor).post(
        BATCH,
        {
            "comments": [copy_1.pk, original.pk, copy_2.pk],
            "decision": "duplicate",
            "rationale": "Same point.",
            "duplicate_of": original.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    failures = response.json()["failures"]
    assert [f["comment"] for f in failures] == [original.pk]
    assert f"Comment {original.pk} is the original" in failures[0]["detail"]
    assert not Comment.objects.filter(pk__in=[copy_1.pk, copy_2.pk]).exclude(decision="").exists()


def test_a_batch_answers_403_when_a_comment_is_not_the_callers_to_resolve(
    world, submit, client_for
):
    mine = submit()
    response = client_for(world.kenyan).post(
        BATCH, {"comments": [mine.pk], "decision": "noted", "rationale": "Done."}, format="json"
    )
    assert response.status_code == 403
    second = submit(world.kenyan)
    response = client_for(world.kenyan).post(
        BATCH,
        {"comments": [mine.pk, second.pk], "decision": "noted", "rationale": "Done."},
        format="json",
    )
    assert response.status_code == 403
    assert {f["comment"] for f in response.json()["failures"]} == {mine.pk, second.pk}
    assert {f["code"] for f in response.json()["failures"]} == {"permission_denied"}


def test_assigning_notifies_the_assignee_and_refuses_a_past_due_date(world, submit, client_for):
    comment = submit()
    assign = f"/api/v1/comments/{comment.pk}/assign/"
    past = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    refused = client_for(world.coordinator).post(
        assign, {"editor": world.editor.pk, "due_at": past}, format="json"
    )
    assert refused.status_code == 400
    assert "due_at" in refused.json() and "passed" in refused.json()["due_at"][0]
    assert Comment.objects.get(pk=comment.pk).assignee_id is None

    due = timezone.now() + dt.timedelta(days=5)
    done = client_for(world.coordinator).post(
        assign, {"editor": world.editor.pk, "due_at": due.isoformat()}, format="json"
    )
    assert done.status_code == 200
    note = Notification.objects.get(verb="comment_assigned", recipient=world.editor)
    assert note.target_id == comment.pk and "assigned to you" in note.message
    assert EmailDelivery.objects.filter(notification=note, to_address=world.editor.email).exists()


@pytest.mark.parametrize("preference", ["daily", "off"])
def test_the_assignees_email_preference_is_followed(world, submit, client_for, preference):
    from notifications.services import preference_set

    preference_set(user=world.editor, email=preference)
    comment = submit()
    client_for(world.coordinator).post(
        f"/api/v1/comments/{comment.pk}/assign/", {"editor": world.editor.pk}, format="json"
    )
    note = Notification.objects.get(verb="comment_assigned", recipient=world.editor)
    assert not EmailDelivery.objects.filter(notification=note).exists()
    assert note.digest_pending == (preference == "daily")


def test_resolving_a_comment_already_resolved_in_a_batch_of_one_reopens_only_with_reopen(
    world, submit, client_for
):
    comment = submit()
    resolve(world, comment)
    reopened = client_for(world.editor).post(
        f"/api/v1/comments/{comment.pk}/resolve/",
        {"decision": "rejected", "rationale": "Out of scope.", "reopen": True},
        format="json",
    )
    assert reopened.status_code == 200
    assert Comment.objects.get(pk=comment.pk).history.latest().history_change_reason == (
        "reopened: resolved as rejected"
    )
