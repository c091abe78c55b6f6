"""The periodic move to resolution, the update-request hook, and a whole cycle via the API."""

from consultation.models import Comment, Guideline, Stage, UpdateRequestStatus
from consultation.services.update_requests import update_request_file
from reviews.models import StageTransition
from reviews.tasks import advance_closed_consultations
from tests.factories import ConsultationFactory, GuidelineFactory, SectionFactory, VersionFactory

from .conftest import close, move


def test_periodic_task_moves_closed_consultations_as_the_system(world, submit):
    submit()
    move(world, Stage.CONSULTATION)
    # Another guideline whose consultation is still open stays where it is.
    other = GuidelineFactory()
    SectionFactory(guideline=other)
    ConsultationFactory(version=VersionFactory(guideline=other), guideline=other)
    Guideline.objects.filter(pk=other.pk).update(stage=Stage.CONSULTATION)

    assert advance_closed_consultations.apply().get() == []
    close(world)
    assert advance_closed_consultations.apply().get() == [world.guideline.pk]
    assert advance_closed_consultations.apply().get() == []  # idempotent

    world.guideline.refresh_from_db()
    other.refresh_from_db()
    assert world.guideline.stage == Stage.RESOLUTION
    assert other.stage == Stage.CONSULTATION
    log = StageTransition.objects.filter(guideline=world.guideline).first()
    assert (log.from_stage, log.to_stage, log.actor) == (
        Stage.CONSULTATION,
        Stage.RESOLUTION,
        None,
    )
    assert "system" in log.reason


def test_system_transition_shows_as_system_in_the_log(world, client_for):
    move(world, Stage.CONSULTATION)
    close(world)
    advance_closed_consultations.apply()
    rows = (
        client_for(world.coordinator)
        .get(f"/api/v1/guidelines/{world.guideline.pk}/transitions/")
        .data["results"]
    )
    assert rows[0]["to_stage"] == Stage.RESOLUTION
    assert rows[0]["actor"] is None and rows[0]["actor_name"] == "system"


def test_accepting_an_update_request_returns_a_published_guideline_to_drafting(world, client_for):
    close(world)
    move(world, Stage.CONSULTATION, Stage.RESOLUTION, Stage.EXPERT_REVIEW, Stage.APPROVAL)
    Guideline.objects.filter(pk=world.guideline.pk).update(stage=Stage.PUBLISHED)
    request = update_request_file(
        user=world.kenyan, guideline=world.guideline, rationale="New kinds of apps appeared."
    )
    response = client_for(world.coordinator).post(
        f"/api/v1/update-requests/{request.pk}/accept/", {"reason": "Time for a revision."}
    )
    assert response.status_code == 200, response.data
    world.guideline.refresh_from_db()
    assert world.guideline.stage == Stage.DRAFTING
    log = StageTransition.objects.filter(guideline=world.guideline).first()
    assert log.to_stage == Stage.DRAFTING and log.actor == world.coordinator
    assert f"Update request {request.pk}" in log.reason


def test_update_request_cannot_be_accepted_mid_consultation(world, client_for):
    move(world, Stage.CONSULTATION)
    request = update_request_file(
        user=world.kenyan, guideline=world.guideline, rationale="New kinds of apps appeared."
    )
    response = client_for(world.coordinator).post(
        f"/api/v1/update-requests/{request.pk}/accept/", {"reason": "Now."}
    )
    assert response.status_code == 409
    assert response.data["code"] == "illegal_transition"
    request.refresh_from_db()
    assert request.status == UpdateRequestStatus.OPEN


def test_from_first_draft_to_publication_through_the_api(world, submit, client_for):
    coordinator, editor = client_for(world.coordinator), client_for(world.editor)
    gid = world.guideline.pk

    def go(to, **extra):
        return coordinator.post(f"/api/v1/guidelines/{gid}/transition/", {"to": to, **extra})

    assert go("consultation").status_code == 200
    campaign = [
        submit(u, body="Require a one-click report button.") for u in (world.kenyan, world.chilean)
    ]
    single = submit(world.activist, body="Define grooming in the glossary.")
    closed = coordinator.post(f"/api/v1/consultations/{world.consultation.pk}/close/")
    assert closed.status_code == 200, closed.data
    assert go("resolution").status_code == 200
    assert go("expert_review").data["blockers"][0]["count"] == 3

    assert (
        editor.post(
            f"/api/v1/comments/{single.pk}/assign/", {"editor": world.editor.pk}
        ).status_code
        == 200
    )
    assert (
        editor.post(f"/api/v1/comments/{single.pk}/resolve/", {"decision": "accepted"}).status_code
        == 200
    )
    similar = editor.get(f"/api/v1/comments/{campaign[0].pk}/similar/").data
    assert [r["id"] for r in similar] == [campaign[1].pk]
    assert (
        editor.post(
            "/api/v1/comments/resolve-batch/",
            {
                "comments": [c.pk for c in campaign],
                "decision": "partially_accepted",
                "rationale": "A reporting route is added; the button design is left to services.",
            },
        ).status_code
        == 200
    )

    assert go("expert_review").status_code == 200
    assert go("approval").status_code == 200
    for approver in world.approvers[:2]:
        assert (
            client_for(approver)
            .post(f"/api/v1/guidelines/{gid}/approvals/", {"decision": "approve"})
            .status_code
            == 201
        )
    published = go("published", reason="Approved by the study group.")
    assert published.status_code == 200, published.data

    assert world.guideline.versions.filter(label__startswith="Published ").count() == 1
    stages = [
        t["to_stage"]
        for t in coordinator.get(f"/api/v1/guidelines/{gid}/transitions/").data["results"]
    ]
    assert stages == ["published", "approval", "expert_review", "resolution", "consultation"]
    assert not Comment.objects.filter(consultation=world.consultation, decision="").exists()
