"""Organisation objections block publishing until settled; approval rounds and quorum."""

import pytest

from consultation.models import Stage
from reviews import services
from reviews.models import Approval

from .conftest import close, move, resolve


def transition(client, world, to, reason="Next."):
    return client.post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": to, "reason": reason}
    )


def approve_all(world, n=2):
    for approver in world.approvers[:n]:
        services.approval_record(guideline=world.guideline, user=approver, decision="approve")


@pytest.fixture
def in_approval(world, submit):
    """A guideline in approval whose one comment (Kenya's) was rejected."""
    comment = submit()
    close(world)
    resolve(world, comment, decision="rejected", rationale="The law already covers it.")
    move(world, Stage.CONSULTATION, Stage.RESOLUTION, Stage.EXPERT_REVIEW, Stage.APPROVAL)
    return comment


# --- respond and settle ------------------------------------------------------------------


def test_objection_blocks_publishing_until_overruled(world, in_approval, client_for):
    comment = in_approval
    kenyan, coordinator = client_for(world.kenyan), client_for(world.coordinator)
    objected = kenyan.post(
        f"/api/v1/comments/{comment.pk}/respond/",
        {"response": "objection", "note": "The law does not cover apps."},
    )
    assert objected.status_code == 200, objected.data
    assert objected.data["resolution"]["response"] == "objection"
    approve_all(world)

    blocked = transition(coordinator, world, Stage.PUBLISHED)
    assert blocked.status_code == 409
    assert blocked.data["code"] == "transition_blocked"
    (blocker,) = blocked.data["blockers"]
    assert blocker["kind"] == "standing_objection"
    assert blocker["comments"] == [comment.pk]

    settled = coordinator.post(
        f"/api/v1/comments/{comment.pk}/settle/",
        {"outcome": "overruled", "reason": "The plenary agreed the law covers apps."},
    )
    assert settled.status_code == 200, settled.data
    assert settled.data["resolution"]["settlement"] == "overruled"
    assert transition(coordinator, world, Stage.PUBLISHED).status_code == 200


def test_upheld_objection_reopens_the_disposition(world, in_approval, client_for):
    comment = in_approval
    services.comment_respond(
        comment=comment, user=world.kenyan, response="objection", note="Apps are not covered."
    )
    response = client_for(world.coordinator).post(
        f"/api/v1/comments/{comment.pk}/settle/", {"outcome": "upheld", "reason": "Right."}
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.decision == "" and comment.settlement == "upheld"
    approve_all(world)
    blocked = transition(client_for(world.coordinator), world, Stage.PUBLISHED)
    assert [b["kind"] for b in blocked.data["blockers"]] == ["unresolved_comments"]
    # The editors resolve again; the new disposition starts with no answer from Kenya.
    resolve(world, comment, decision="accepted", rationale="")
    comment.refresh_from_db()
    assert (comment.response, comment.settlement) == ("", "")
    assert transition(client_for(world.coordinator), world, Stage.PUBLISHED).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [("kenyan", 200), ("chilean", 404), ("editor", 403), ("coordinator", 403)]
)
def test_only_the_commenting_organisation_responds(world, in_approval, client_for, who, status):
    response = client_for(getattr(world, who)).post(
        f"/api/v1/comments/{in_approval.pk}/respond/", {"response": "satisfied"}
    )
    assert response.status_code == status


def test_respond_rules(world, submit, client_for):
    comment = submit()
    client = client_for(world.kenyan)
    early = client.post(f"/api/v1/comments/{comment.pk}/respond/", {"response": "satisfied"})
    assert early.status_code == 409 and early.data["code"] == "not_resolved"
    resolve(world, comment)
    no_note = client.post(f"/api/v1/comments/{comment.pk}/respond/", {"response": "objection"})
    assert no_note.status_code == 400 and "note" in no_note.data
    settle = client_for(world.coordinator).post(
        f"/api/v1/comments/{comment.pk}/settle/", {"outcome": "overruled", "reason": "x"}
    )
    assert settle.status_code == 409 and settle.data["code"] == "no_standing_objection"
    assert (
        client_for(world.editor)
        .post(f"/api/v1/comments/{comment.pk}/settle/", {"outcome": "overruled", "reason": "x"})
        .status_code
        == 403
    )


# --- approvals ---------------------------------------------------------------------------


def test_approvals_only_in_stage(world, client_for):
    response = client_for(world.approvers[0]).post(
        f"/api/v1/guidelines/{world.guideline.pk}/approvals/", {"decision": "approve"}
    )
    assert response.status_code == 409
    assert response.data["code"] == "not_in_stage"
    assert not Approval.objects.exists()


def test_quorum_with_approve_object_abstain_and_replacement(world, in_approval, client_for):
    a, b, c = (client_for(u) for u in world.approvers)
    coordinator = client_for(world.coordinator)
    url = f"/api/v1/guidelines/{world.guideline.pk}/approvals/"

    assert a.post(url, {"decision": "approve"}).status_code == 201
    assert b.post(url, {"decision": "abstain"}).status_code == 201
    objection = c.post(url, {"decision": "object", "comment": "Section 2 is too vague."})
    assert objection.status_code == 201
    blocked = transition(coordinator, world, Stage.PUBLISHED)
    assert [x["kind"] for x in blocked.data["blockers"]] == [
        "approvals_missing",
        "approver_objection",
    ]
    # b replaces the abstention with an approval: quorum, but c still objects.
    replaced = b.post(url, {"decision": "approve", "comment": "Fine now."})
    assert replaced.status_code == 200
    blocked = transition(coordinator, world, Stage.PUBLISHED)
    assert [x["kind"] for x in blocked.data["blockers"]] == ["approver_objection"]
    assert blocked.data["blockers"][0]["approvers"] == [world.approvers[2].pk]
    # c abstains instead: two approvals, no objection.
    assert c.post(url, {"decision": "abstain"}).status_code == 200

    listed = a.get(url)
    assert listed.status_code == 200
    assert {(r["approver"], r["decision"]) for r in listed.data["results"]} == {
        (world.approvers[0].pk, "approve"),
        (world.approvers[1].pk, "approve"),
        (world.approvers[2].pk, "abstain"),
    }
    approval = Approval.objects.get(approver=world.approvers[1])
    assert list(approval.history.order_by("history_id").values_list("decision", flat=True)) == [
        "abstain",
        "approve",
    ]
    assert transition(coordinator, world, Stage.PUBLISHED).status_code == 200


def test_approvals_of_an_earlier_round_do_not_count(world, in_approval, client_for):
    approve_all(world)
    move(world, Stage.DRAFTING, reason="An approver found a gap in section 2.")
    # A new cycle: new version and consultation, then back to approval.
    from tests.factories import ConsultationFactory, VersionFactory

    version = VersionFactory(guideline=world.guideline)
    consultation = ConsultationFactory(guideline=world.guideline, version=version)
    move(world, Stage.CONSULTATION)
    close(world, consultation)
    move(world, Stage.RESOLUTION, Stage.EXPERT_REVIEW, Stage.APPROVAL)
    url = f"/api/v1/guidelines/{world.guideline.pk}/approvals/"
    assert client_for(world.approvers[0]).get(url).data["results"] == []
    blocked = transition(client_for(world.coordinator), world, Stage.PUBLISHED)
    assert blocked.data["blockers"][0]["kind"] == "approvals_missing"
    assert blocked.data["blockers"][0]["approvals"] == 0


def test_approval_roles_and_input(world, in_approval, client_for):
    url = f"/api/v1/guidelines/{world.guideline.pk}/approvals/"
    assert client_for(world.editor).post(url, {"decision": "approve"}).status_code == 403
    bad = client_for(world.approvers[0]).post(url, {"decision": "maybe"})
    assert bad.status_code == 400 and "decision" in bad.data
    no_reason = client_for(world.approvers[0]).post(url, {"decision": "object"})
    assert no_reason.status_code == 400 and "comment" in no_reason.data


def test_approval_list_query_count(world, in_approval, client_for, django_assert_max_num_queries):
    approve_all(world, n=3)
    client = client_for(world.coordinator)
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/guidelines/{world.guideline.pk}/approvals/")
    assert response.data["count"] == 3
