"""Late comments and the stage machine: what comes in after the close, and what no longer does.

Comments sent after the close (by e-mail) are entered by the editors while the guideline is in
consultation or resolution, marked late; from expert review on, every path that creates or
reopens a comment answers 409 not_in_stage, so a published guideline never has an unresolved
comment.
"""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Comment, Stage
from consultation.services.comments import comment_create
from reviews import services
from reviews.dashboard.services import dashboard_drift
from tests.factories import ConsultationFactory

from .conftest import close, move, resolve

HEADER = ["MB/NC", "Line number", "Clause/Subclause", "Paragraph/Figure/Table",
          "Type of comment", "Comments", "Proposed change"]  # fmt: skip
LATE_TEXT = "Sent by e-mail the day after the close: name who reviews the defaults."


def _csv(rows, name="late.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def import_late(client, consultation, text=LATE_TEXT, org="Kenya"):
    return client.post(
        "/api/v1/comments/import/",
        {"consultation": consultation.pk, "file": _csv([[org, "", "", "", "te", text, ""]])},
        format="multipart",
    )


def dashboard_entry(client, world):
    response = client.get("/api/v1/dashboard/", {"guideline": world.guideline.pk})
    assert response.status_code == 200
    return response.json()["guidelines"][0]


@pytest.mark.parametrize("stage", [Stage.CONSULTATION, Stage.RESOLUTION])
def test_late_comments_are_entered_and_shown_as_late(world, submit, client_for, stage):
    submit()
    close(world)
    move(world, Stage.CONSULTATION)
    if stage == Stage.RESOLUTION:
        move(world, Stage.RESOLUTION)
    editor = client_for(world.editor)

    response = import_late(editor, world.consultation)

    assert response.status_code == 201, response.json()
    assert response.json()["late"] is True
    (pk,) = response.json()["ids"]
    late = Comment.objects.get(pk=pk)
    assert (late.late, late.author, late.status) == (True, world.editor, "submitted")
    listed = {c["id"]: c for c in editor.get("/api/v1/comments/").json()["results"]}
    assert listed[pk]["late"] is True and listed[pk]["author"] == world.editor.pk
    assert [c["late"] for c in listed.values() if c["id"] != pk] == [False]
    assert editor.get(f"/api/v1/comments/{pk}/").json()["late"] is True
    streamed = editor.get(
        f"/api/v1/guidelines/{world.guideline.pk}/disposition/", {"format": "json"}
    )
    disposition = json.loads(b"".join(streamed.streaming_content))
    cells = {row["id"]: row["late"] for row in disposition["comments"]}
    assert disposition["columns"]["late"] == "Received late"
    assert cells[pk] == f"Yes, entered by {world.editor.username}"
    assert [v for k, v in cells.items() if k != pk] == [""]
    entry = dashboard_entry(client_for(world.coordinator), world)
    assert (entry["comments"]["late"], entry["comments"]["submitted"]) == (1, 2)
    assert dashboard_drift() == {}


def test_comments_entered_before_the_close_are_not_late(world, client_for):
    response = import_late(client_for(world.editor), world.consultation)

    assert response.status_code == 201
    assert response.json()["late"] is False
    assert Comment.objects.get(pk=response.json()["ids"][0]).late is False


def test_late_comments_wait_for_the_guideline_to_reach_consultation(world, client_for):
    """A closed consultation of a guideline still in drafting takes no late comments."""
    close(world)

    response = import_late(client_for(world.editor), world.consultation)

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["stage"]) == ("not_in_stage", "drafting")
    assert "consultation or resolution" in body["detail"]
    assert not Comment.objects.exists()


@pytest.mark.parametrize("stage", [Stage.EXPERT_REVIEW, Stage.APPROVAL, Stage.PUBLISHED])
def test_after_resolution_an_import_is_409_not_in_stage(world, submit, client_for, stage):
    comment = submit()
    close(world)
    resolve(world, comment)
    move(world, Stage.CONSULTATION, Stage.RESOLUTION, Stage.EXPERT_REVIEW)
    if stage != Stage.EXPERT_REVIEW:
        move(world, Stage.APPROVAL)
    if stage == Stage.PUBLISHED:
        for approver in world.approvers[:2]:
            services.approval_record(guideline=world.guideline, user=approver, decision="approve")
        move(world, Stage.PUBLISHED)

    response = import_late(client_for(world.editor), world.consultation)

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["stage"]) == ("not_in_stage", stage)
    assert "returns the guideline to drafting" in body["detail"]
    assert Comment.objects.count() == 1


def test_a_published_guideline_never_gets_an_unresolved_comment(world, submit, client_for):
    """Every write path that could add or reopen a comment, tried on a published guideline."""
    resolved = submit()
    close(world)
    resolve(world, resolved)
    move(world, Stage.CONSULTATION, Stage.RESOLUTION)
    # A second consultation during resolution, where Kenya left a draft before it closed.
    second = ConsultationFactory(version=world.version, guideline=world.guideline)
    draft = comment_create(
        user=world.kenyan, consultation=second, type="general", body="A draft never submitted."
    )
    close(world, second)
    move(world, Stage.EXPERT_REVIEW, Stage.APPROVAL)
    for approver in world.approvers[:2]:
        services.approval_record(guideline=world.guideline, user=approver, decision="approve")
    move(world, Stage.PUBLISHED)
    services.comment_respond(
        comment=resolved, user=world.kenyan, response="objection", note="Apps are not covered."
    )
    # Coordinators may still open a consultation on the published text.
    later = ConsultationFactory(version=world.version, guideline=world.guideline)
    kenyan, editor = client_for(world.kenyan), client_for(world.editor)
    coordinator = client_for(world.coordinator)
    attempts = {
        "import into a closed consultation": import_late(editor, world.consultation),
        "import into an open one": import_late(editor, later, text="Another point."),
        "draft": kenyan.post(
            "/api/v1/comments/",
            {"consultation": later.pk, "type": "general", "body": "A new point."},
            format="json",
        ),
        "submit": kenyan.post(f"/api/v1/comments/{draft.pk}/submit/"),
        "submit-all": kenyan.post(f"/api/v1/consultations/{later.pk}/submit-all/"),
        "reopen the disposition": editor.post(
            f"/api/v1/comments/{resolved.pk}/resolve/",
            {"decision": "rejected", "rationale": "On second thoughts.", "reopen": True},
            format="json",
        ),
        "uphold the objection": coordinator.post(
            f"/api/v1/comments/{resolved.pk}/settle/",
            {"outcome": "upheld", "reason": "They are right."},
            format="json",
        ),
        "reopen the consultation": coordinator.post(
            f"/api/v1/consultations/{world.consultation.pk}/reopen/",
            {"closes_at": "2099-01-01T00:00:00Z", "reason": "Kenya asked for more time."},
            format="json",
        ),
    }

    for name, response in attempts.items():
        assert response.status_code == 409, (name, response.json())
        assert response.json()["code"] == "not_in_stage", name
        assert response.json()["stage"] == "published", name
    resolved.refresh_from_db()
    assert (resolved.decision, resolved.settlement) == ("noted", "")
    assert Comment.objects.filter(status="submitted").count() == 1
    assert Comment.objects.get(pk=draft.pk).status == "draft"
    world.consultation.refresh_from_db()
    assert world.consultation.status == "closed"
    entry = dashboard_entry(coordinator, world)
    assert entry["stage"] == "published"
    assert entry["comments"]["by_decision"]["unresolved"] == 0


def test_an_upheld_objection_still_reopens_during_approval(world, submit, client_for):
    """Before publication the gate to published catches a reopened disposition again."""
    comment = submit()
    close(world)
    resolve(world, comment)
    move(world, Stage.CONSULTATION, Stage.RESOLUTION, Stage.EXPERT_REVIEW, Stage.APPROVAL)
    services.comment_respond(
        comment=comment, user=world.kenyan, response="objection", note="Apps are not covered."
    )

    response = client_for(world.coordinator).post(
        f"/api/v1/comments/{comment.pk}/settle/", {"outcome": "upheld", "reason": "Right."}
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert (comment.decision, comment.settlement) == ("", "upheld")


def test_a_consultation_of_an_earlier_cycle_takes_nothing_more(world, submit, client_for):
    """After a return to drafting, the old consultation's comments are out of the new cycle's
    gates: adding to them would leave an unresolved comment the next publication never saw."""
    old = submit()
    close(world)
    resolve(world, old)
    move(world, Stage.CONSULTATION, Stage.RESOLUTION, Stage.EXPERT_REVIEW)
    move(world, Stage.DRAFTING, reason="An update request was accepted.")
    services.comment_respond(
        comment=old, user=world.kenyan, response="objection", note="Still not covered."
    )
    ConsultationFactory(version=world.version, guideline=world.guideline)
    move(world, Stage.CONSULTATION)
    editor, coordinator = client_for(world.editor), client_for(world.coordinator)

    attempts = {
        "late import": import_late(editor, world.consultation),
        "reopen": coordinator.post(
            f"/api/v1/consultations/{world.consultation.pk}/reopen/",
            {"closes_at": "2099-01-01T00:00:00Z", "reason": "Kenya asked for more time."},
            format="json",
        ),
        "uphold": coordinator.post(
            f"/api/v1/comments/{old.pk}/settle/",
            {"outcome": "upheld", "reason": "They are right."},
            format="json",
        ),
    }

    for name, response in attempts.items():
        assert response.status_code == 409, (name, response.json())
        assert response.json()["code"] == "not_in_stage", name
        assert "earlier review cycle" in response.json()["detail"], name
    old.refresh_from_db()
    assert old.decision == "noted"
    assert Comment.objects.count() == 1
