"""QA: the detail of a blocked transition reads as sentences (it joined them as ".; ")."""

from consultation.models import Guideline, Stage


def test_blocked_detail_lists_every_blocker_as_a_sentence(world, submit, client_for):
    submit()
    Guideline.objects.filter(pk=world.guideline.pk).update(stage=Stage.APPROVAL)

    response = client_for(world.coordinator).post(
        f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": Stage.PUBLISHED}
    )

    assert response.status_code == 409
    body = response.json()
    assert len(body["blockers"]) == 2
    assert ".;" not in body["detail"]
    for blocker in body["blockers"]:
        assert blocker["detail"] in body["detail"]
