"""The stage machine through the API: every (from, to) pair, with and without blockers."""

import itertools

import pytest
from django.utils import timezone

from consultation.models import Guideline, Stage, Version
from reviews import services, states
from reviews.models import StageTransition
from tests.factories import GuidelineFactory, SectionFactory

from .conftest import close, move, resolve

D, C, R, E, A, P = (
    Stage.DRAFTING,
    Stage.CONSULTATION,
    Stage.RESOLUTION,
    Stage.EXPERT_REVIEW,
    Stage.APPROVAL,
    Stage.PUBLISHED,
)
LEGAL = {(D, C), (C, R), (R, E), (E, A), (A, P), (E, D), (A, D), (P, D)}
# What stops each guarded move in the "work undone" world (open consultation, one
# unresolved comment, no approvals).
BLOCKED = {
    (C, R): ["consultation_open"],
    # A consultation open again (reopened during resolution) holds the guideline there too.
    (R, E): ["consultation_open", "unresolved_comments"],
    (A, P): ["unresolved_comments", "approvals_missing"],
}
PAIRS = list(itertools.product(Stage.values, Stage.values))


def test_table_matches_the_documented_machine():
    assert set(states.TRANSITIONS) == LEGAL


def _put_in_stage(guideline: Guideline, stage: str) -> None:
    # Shortcut for the table only: the walk through real transitions is tested below.
    Guideline.objects.filter(pk=guideline.pk).update(stage=stage)


@pytest.mark.parametrize("work_done", [True, False], ids=["work-done", "work-undone"])
@pytest.mark.parametrize(("from_stage", "to_stage"), PAIRS)
def test_every_transition(world, submit, client_for, from_stage, to_stage, work_done):
    comment = submit()
    if work_done:
        close(world)
        resolve(world, comment)
    _put_in_stage(world.guideline, from_stage)
    if work_done and from_stage == A:
        for approver in world.approvers[:2]:
            services.approval_record(guideline=world.guideline, user=approver, decision="approve")

    response = client_for(world.coordinator).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/",
        {"to": to_stage, "reason": "The table says so."},
    )

    world.guideline.refresh_from_db()
    pair = (from_stage, to_stage)
    if pair not in LEGAL:
        assert response.status_code == 409, response.data
        assert response.data["code"] == "illegal_transition"
        assert world.guideline.stage == from_stage
        assert not StageTransition.objects.exists()
    elif not work_done and pair in BLOCKED:
        assert response.status_code == 409, response.data
        assert response.data["code"] == "transition_blocked"
        assert [b["kind"] for b in response.data["blockers"]] == BLOCKED[pair]
        assert world.guideline.stage == from_stage
        assert not StageTransition.objects.exists()
    else:
        assert response.status_code == 200, response.data
        assert response.data["from_stage"] == from_stage
        assert response.data["to_stage"] == to_stage
        assert response.data["actor"] == world.coordinator.pk
        assert world.guideline.stage == to_stage
        log = StageTransition.objects.get()
        assert (log.from_stage, log.to_stage, log.actor, log.reason) == (
            from_stage,
            to_stage,
            world.coordinator,
            "The table says so.",
        )


def test_unresolved_blocker_lists_the_comment_ids(world, submit, client_for):
    first, second, third = submit(), submit(world.chilean), submit(world.activist)
    close(world)
    resolve(world, second)
    move(world, C, R)
    response = client_for(world.coordinator).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": E}
    )
    assert response.status_code == 409
    (blocker,) = response.data["blockers"]
    assert blocker["comments"] == [first.pk, third.pk]
    assert blocker["count"] == 2


def test_drafting_needs_a_version_and_a_consultation(db, client_for, coordinator):
    guideline = GuidelineFactory()
    SectionFactory(guideline=guideline)
    response = client_for(coordinator).post(
        f"/api/v1/guidelines/{guideline.pk}/transition/", {"to": C}
    )
    assert response.status_code == 409
    assert [b["kind"] for b in response.data["blockers"]] == ["no_version", "no_consultation"]


def test_a_new_cycle_needs_a_new_consultation(world, client_for):
    close(world)
    move(world, C, R, E, D)
    response = client_for(world.coordinator).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": C}
    )
    assert response.status_code == 409
    assert [b["kind"] for b in response.data["blockers"]] == ["no_consultation"]


@pytest.mark.parametrize(
    ("role", "status"), [("editor", 403), ("approver", 403), ("delegate", 403)]
)
def test_only_coordinators_transition(world, client_for, role, status):
    user = {"editor": world.editor, "approver": world.approvers[0], "delegate": world.kenyan}
    response = client_for(user[role]).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": C}
    )
    assert response.status_code == status
    world.guideline.refresh_from_db()
    assert world.guideline.stage == D


@pytest.mark.parametrize(
    ("body", "field"),
    [({"to": "archived"}, "to"), ({}, "to"), ({"to": D, "reason": ""}, "reason")],
)
def test_bad_transition_input_is_400(world, client_for, body, field):
    Guideline.objects.filter(pk=world.guideline.pk).update(stage=E)
    response = client_for(world.coordinator).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", body
    )
    assert response.status_code == 400
    assert field in response.data


def test_unknown_guideline_is_404(db, client_for, coordinator):
    response = client_for(coordinator).post("/api/v1/guidelines/999999/transition/", {"to": C})
    assert response.status_code == 404


def test_publishing_freezes_a_dated_version(world, submit, client_for):
    resolve(world, submit())
    close(world)
    move(world, C, R, E, A)
    for approver in world.approvers[:2]:
        services.approval_record(guideline=world.guideline, user=approver, decision="approve")
    response = client_for(world.coordinator).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": P, "reason": "Signed."}
    )
    assert response.status_code == 200, response.data
    label = f"Published {timezone.now().date().isoformat()}"
    version = Version.objects.get(guideline=world.guideline, label=label)
    assert version.sections.get().body == world.section.body


def test_transition_log_lists_every_move(world, client_for, django_assert_max_num_queries):
    close(world)
    move(world, C, R, E)
    client = client_for(world.kenyan)
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/guidelines/{world.guideline.pk}/transitions/")
    assert response.status_code == 200
    assert [(t["from_stage"], t["to_stage"]) for t in response.data["results"]] == [
        (R, E),
        (C, R),
        (D, C),
    ]
    assert all(t["actor"] == world.coordinator.pk for t in response.data["results"])


def test_preview_lists_the_moves_and_their_blockers(world, submit, client_for):
    comment = submit()
    close(world)
    move(world, C, R)
    response = client_for(world.editor).get(f"/api/v1/guidelines/{world.guideline.pk}/transition/")
    assert response.status_code == 200
    assert response.data["stage"] == R
    (only,) = response.data["moves"]
    assert only["to"] == E
    assert only["blockers"][0]["comments"] == [comment.pk]
    assert (
        client_for(world.kenyan)
        .get(f"/api/v1/guidelines/{world.guideline.pk}/transition/")
        .status_code
        == 403
    )
