"""Dispositions: assign, resolve (rules, reopen, history), batch, respond and settle."""

import pytest

from consultation.models import Comment
from consultation.services.comments import comment_create
from consultation.services.documents import section_update
from tests.factories import ConsultationFactory, UserFactory

from .conftest import resolve


def url(comment, action):
    return f"/api/v1/comments/{comment.pk}/{action}/"


# --- resolve -----------------------------------------------------------------------------


def test_editor_resolves_and_history_keeps_who_and_why(world, submit, client_for):
    comment = submit()
    response = client_for(world.editor).post(
        url(comment, "resolve"), {"decision": "rejected", "rationale": "Out of scope here."}
    )
    assert response.status_code == 200, response.data
    resolution = response.data["resolution"]
    assert resolution["decision"] == "rejected"
    assert resolution["rationale"] == "Out of scope here."
    assert resolution["resolved_by"] == world.editor.pk
    comment.refresh_from_db()
    assert comment.decision == "rejected"
    last = comment.history.latest()
    assert last.history_user == world.editor
    assert last.history_change_reason == "resolved as rejected"


@pytest.mark.parametrize(
    ("decision", "rationale", "status"),
    [
        ("accepted", "", 200),
        ("partially_accepted", "", 400),
        ("rejected", "   ", 400),
        ("noted", "", 400),
        ("noted", "Will be considered in the next edition.", 200),
        ("approved", "Nice.", 400),
    ],
)
def test_rationale_is_required_unless_accepted(
    world, submit, client_for, decision, rationale, status
):
    comment = submit()
    response = client_for(world.editor).post(
        url(comment, "resolve"), {"decision": decision, "rationale": rationale}
    )
    assert response.status_code == status, response.data
    comment.refresh_from_db()
    if status == 400:
        assert "rationale" in response.data or "decision" in response.data
        assert comment.decision == ""
    else:
        assert comment.decision == decision


def test_second_resolve_is_409_unless_reopen(world, submit, client_for):
    comment = submit()
    client = client_for(world.editor)
    assert client.post(url(comment, "resolve"), {"decision": "accepted"}).status_code == 200
    again = client.post(url(comment, "resolve"), {"decision": "rejected", "rationale": "No."})
    assert again.status_code == 409
    assert again.data["code"] == "already_resolved"
    comment.refresh_from_db()
    assert comment.decision == "accepted"

    reopened = client.post(
        url(comment, "resolve"),
        {"decision": "partially_accepted", "rationale": "Only the first half.", "reopen": True},
    )
    assert reopened.status_code == 200
    comment.refresh_from_db()
    assert comment.decision == "partially_accepted"
    decisions = list(comment.history.order_by("history_id").values_list("decision", flat=True))
    assert decisions[-2:] == ["accepted", "partially_accepted"]
    assert comment.history.latest().history_change_reason.startswith("reopened")


def test_duplicate_needs_another_comment_of_the_same_consultation(world, submit, client_for):
    original = submit(world.chilean)
    comment = submit()
    other_consultation = ConsultationFactory(guideline=world.guideline, version=world.version)
    elsewhere = submit(consultation=other_consultation)
    client = client_for(world.editor)

    def attempt(**extra):
        return client.post(
            url(comment, "resolve"), {"decision": "duplicate", "rationale": "Same.", **extra}
        )

    assert "duplicate_of" in attempt().data
    assert "duplicate_of" in attempt(duplicate_of=comment.pk).data
    assert "duplicate_of" in attempt(duplicate_of=elsewhere.pk).data
    assert "duplicate_of" in attempt(duplicate_of=999999).data
    not_dup = client.post(
        url(comment, "resolve"),
        {"decision": "noted", "rationale": "x", "duplicate_of": original.pk},
    )
    assert not_dup.status_code == 400 and "duplicate_of" in not_dup.data
    comment.refresh_from_db()
    assert comment.decision == "" and comment.duplicate_of is None

    ok = attempt(duplicate_of=original.pk)
    assert ok.status_code == 200
    assert ok.data["duplicate_of"] == original.pk


def test_duplicate_loops_are_refused(world, submit, client_for):
    a, b = submit(), submit(world.chilean)
    client = client_for(world.editor)
    first = client.post(
        url(a, "resolve"), {"decision": "duplicate", "rationale": "Same.", "duplicate_of": b.pk}
    )
    assert first.status_code == 200
    loop = client.post(
        url(b, "resolve"), {"decision": "duplicate", "rationale": "Same.", "duplicate_of": a.pk}
    )
    assert loop.status_code == 400
    assert "duplicate_of" in loop.data


def test_revision_must_exist_in_the_section_history(world, submit, client_for):
    comment = submit()
    section = section_update(
        section=world.section,
        user=world.editor,
        expected_revision=world.section.revision,
        body=world.section.body + " Settings should be reviewed every year.",
        change_reason="Applies comment",
    )
    client = client_for(world.editor)
    bad = client.post(url(comment, "resolve"), {"decision": "accepted", "revision": 99})
    assert bad.status_code == 400
    assert "revision" in bad.data
    good = client.post(
        url(comment, "resolve"), {"decision": "accepted", "revision": section.revision}
    )
    assert good.status_code == 200
    assert good.data["resolution"]["revision"] == section.revision


def test_only_submitted_comments_are_resolved(world, client_for):
    draft = comment_create(
        user=world.kenyan,
        consultation=world.consultation,
        type="general",
        body="Draft thoughts on reporting tools.",
        section=world.section,
    )
    # The editor cannot even see a draft: 404.
    response = client_for(world.editor).post(url(draft, "resolve"), {"decision": "accepted"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 200),
        ("other_editor", 404),  # an editor of another guideline cannot see private comments
        ("coordinator", 403),  # only editors of the guideline resolve
        ("kenyan", 403),  # the commenting organisation's delegate sees it but may not resolve
        ("chilean", 404),  # another organisation's delegate may not see it at all
        ("approver", 404),
    ],
)
def test_who_may_resolve(world, submit, client_for, who, status):
    comment = submit()
    user = world.approvers[0] if who == "approver" else getattr(world, who)
    response = client_for(user).post(url(comment, "resolve"), {"decision": "accepted"})
    assert response.status_code == status, response.data
    comment.refresh_from_db()
    assert (comment.decision == "accepted") == (status == 200)


def test_an_editor_assigned_elsewhere_is_403_when_the_comment_is_visible(world, submit, client_for):
    comment = submit()
    world.other_editor.is_coordinator = False
    world.other_editor.save()
    # A coordinator who is also an editor, but not of this guideline: sees it, may not resolve.
    both = UserFactory(roles=["editor", "coordinator"])
    response = client_for(both).post(url(comment, "resolve"), {"decision": "accepted"})
    assert response.status_code == 403
    assert response.data["code"] == "permission_denied"
    assert "editors of this guideline" in response.data["detail"]
    world.guideline.editors.add(both)
    response = client_for(both).post(url(comment, "resolve"), {"decision": "accepted"})
    assert response.status_code == 200


# --- assign ------------------------------------------------------------------------------


def test_assign_to_an_editor_of_the_guideline(world, submit, client_for):
    comment = submit()
    response = client_for(world.coordinator).post(
        url(comment, "assign"), {"editor": world.editor.pk, "due_at": "2030-01-31T17:00:00Z"}
    )
    assert response.status_code == 200, response.data
    assert response.data["assignee"] == world.editor.pk
    comment.refresh_from_db()
    assert comment.assignee == world.editor
    assert comment.due_at.isoformat().startswith("2030-01-31T17:00")
    assert comment.history.latest().history_user == world.coordinator

    refused = client_for(world.coordinator).post(
        url(comment, "assign"), {"editor": world.other_editor.pk}
    )
    assert refused.status_code == 400
    assert "editor" in refused.data
    assert (
        client_for(world.kenyan)
        .post(url(comment, "assign"), {"editor": world.editor.pk})
        .status_code
        == 403
    )


# --- batch -------------------------------------------------------------------------------


def test_batch_resolves_all(world, submit, client_for):
    comments = [submit(), submit(world.chilean), submit(world.activist)]
    response = client_for(world.editor).post(
        "/api/v1/comments/resolve-batch/",
        {"comments": [c.pk for c in comments], "decision": "noted", "rationale": "Campaign."},
    )
    assert response.status_code == 200, response.data
    assert sorted(response.data["resolved"]) == sorted(c.pk for c in comments)
    assert set(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("decision", flat=True)
    ) == {"noted"}


def test_batch_rolls_back_on_one_bad_id(world, submit, client_for):
    good = [submit(), submit(world.chilean)]
    resolved = submit(world.activist)
    resolve(world, resolved)
    history_before = {c.pk: c.history.count() for c in good}
    ids = [good[0].pk, 999999, good[1].pk, resolved.pk]
    response = client_for(world.editor).post(
        "/api/v1/comments/resolve-batch/",
        {"comments": ids, "decision": "rejected", "rationale": "Not in scope."},
    )
    # The worst reason sets the status: an already resolved comment is a 409, as on its own.
    assert response.status_code == 409
    assert response.data["code"] == "batch_rejected"
    failures = {f["comment"]: (f["status"], f["code"]) for f in response.data["failures"]}
    assert failures == {999999: (400, "invalid"), resolved.pk: (409, "already_resolved")}
    messages = response.data["comments"]
    assert any("999999" in m for m in messages)
    assert any(str(resolved.pk) in m and "already resolved" in m for m in messages)
    assert not any(str(good[0].pk) in m for m in messages)
    for comment in good:
        comment.refresh_from_db()
        assert comment.decision == ""
        assert comment.history.count() == history_before[comment.pk]


def test_batch_rationale_and_roles(world, submit, client_for):
    comment = submit()
    body = {"comments": [comment.pk], "decision": "rejected", "rationale": ""}
    assert client_for(world.editor).post("/api/v1/comments/resolve-batch/", body).status_code == 400
    body["rationale"] = "No."
    assert client_for(world.kenyan).post("/api/v1/comments/resolve-batch/", body).status_code == 403
    # An editor of another guideline: the comment is listed as unknown, nothing changes.
    response = client_for(world.other_editor).post("/api/v1/comments/resolve-batch/", body)
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.decision == ""


def test_withdrawn_comments_are_not_resolved(world, submit, client_for):
    from consultation.services.comments import comment_withdraw

    comment = comment_withdraw(user=world.kenyan, comment=submit())
    response = client_for(world.editor).post(url(comment, "resolve"), {"decision": "accepted"})
    assert response.status_code == 409
    assert response.data["code"] == "comment_not_submitted"


def test_resolving_tells_the_commenting_organisation_only(world, submit, client_for):
    from notifications.models import Notification

    comment = submit()
    client_for(world.editor).post(url(comment, "resolve"), {"decision": "accepted"})
    told = set(
        Notification.objects.filter(verb="comment_resolved", target_id=comment.pk).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {world.kenyan.pk}


def test_from_a_revision_back_to_the_comments_it_answered(
    world, submit, client_for, django_assert_max_num_queries
):
    answered = [submit(), submit(world.chilean)]
    other = submit(world.activist)
    section = section_update(
        section=world.section,
        user=world.editor,
        expected_revision=world.section.revision,
        body=world.section.body + " Defaults are reviewed every year.",
        change_reason="Applies two comments",
    )
    for comment in answered:
        resolve(world, comment, decision="accepted", rationale="", revision=section.revision)
    resolve(world, other)
    client = client_for(world.editor)
    with django_assert_max_num_queries(6):
        response = client.get(
            f"/api/v1/sections/{section.pk}/answered-comments/?revision={section.revision}"
        )
    assert response.status_code == 200
    assert [c["id"] for c in response.data["results"]] == [c.pk for c in answered]
    assert response.data["results"][0]["resolution"]["revision"] == section.revision
    # Kenya's delegate sees only Kenya's comment (private consultation).
    mine = client_for(world.kenyan).get(f"/api/v1/sections/{section.pk}/answered-comments/")
    assert [c["id"] for c in mine.data["results"]] == [answered[0].pk]
    bad = client.get(f"/api/v1/sections/{section.pk}/answered-comments/?revision=x")
    assert bad.status_code == 400
