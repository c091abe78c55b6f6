"""Drafting, editing, submitting and withdrawing comments: window, invitation, focal point."""

import datetime as dt

import pytest
from django.utils import timezone

from common.errors import ConsultationClosed, ConsultationNotOpen
from consultation.errors import Forbidden
from consultation.models import Comment, CommentStatus
from consultation.services.comments import (
    comment_create,
    comment_submit,
    comment_update,
    comment_withdraw,
)

from .conftest import BODY, QUOTE, anchor_for, close_now

pytestmark = pytest.mark.django_db


def draft_payload(world, **extra):
    return {
        "consultation": world.consultation.pk,
        "section": world.section.pk,
        "type": "technical",
        "body": "Say who is accountable for the default settings.",
        "proposed_change": "Name the product owner as accountable.",
        "anchor": anchor_for(BODY, QUOTE),
        **extra,
    }


def test_delegate_drafts_edits_and_submits(world, client_for):
    client = client_for(world.kenyan)
    created = client.post("/api/v1/comments/", draft_payload(world), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["organisation"] == world.kenya.pk
    assert body["author"] == world.kenyan.pk
    assert body["status"] == "draft"
    assert body["resolution"] is None
    assert body["anchor"]["quote"] == QUOTE
    assert body["anchor_state"] == "exact"
    assert "submit" in body["allowed_actions"]

    url = f"/api/v1/comments/{body['id']}/"
    edited = client.patch(url, {"body": "Say who reviews the defaults."}, format="json")
    assert edited.status_code == 200
    assert edited.json()["body"] == "Say who reviews the defaults."
    assert edited.json()["anchor"]["quote"] == QUOTE  # the anchor stays when not sent

    submitted = client.post(f"{url}submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"]

    again = client.patch(url, {"body": "Too late"}, format="json")
    assert again.status_code == 409
    assert Comment.objects.get(pk=body["id"]).body == "Say who reviews the defaults."

    history = client.get(f"{url}history/").json()["results"]
    assert [h["change_reason"] for h in history] == ["Submitted", "Draft edited", "Draft created"]
    assert history[-1]["body"] == "Say who is accountable for the default settings."


def test_mass_assignment_changes_nothing(world, client_for, make_comment):
    client = client_for(world.kenyan)
    sneaky = {
        "organisation": world.chile.pk,
        "author": world.chilean.pk,
        "status": "submitted",
        "submitted_at": "2020-01-01T00:00:00Z",
        "decision": "accepted",
    }
    created = client.post("/api/v1/comments/", draft_payload(world, **sneaky), format="json")
    assert created.status_code == 201
    comment = Comment.objects.get(pk=created.json()["id"])
    assert (comment.organisation, comment.author, comment.status) == (
        world.kenya,
        world.kenyan,
        CommentStatus.DRAFT,
    )
    assert comment.submitted_at is None and comment.decision == ""

    patched = client.patch(
        f"/api/v1/comments/{comment.pk}/",
        {**sneaky, "consultation": 999999, "body": "Changed"},
        format="json",
    )
    assert patched.status_code == 200
    comment.refresh_from_db()
    assert (comment.organisation, comment.author, comment.status) == (
        world.kenya,
        world.kenyan,
        CommentStatus.DRAFT,
    )
    assert comment.submitted_at is None and comment.decision == ""
    assert comment.consultation == world.consultation
    assert comment.body == "Changed"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"type": "spelling"}, "type"),
        ({"body": ""}, "body"),
        ({"section": 999999}, "section"),
        ({"consultation": 999999}, "consultation"),
        ({"body": "x" * 20_001}, "body"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, client_for, payload, field):
    response = client_for(world.kenyan).post(
        "/api/v1/comments/", draft_payload(world, **payload), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Comment.objects.exists()


def test_section_of_another_guideline_is_refused(world, client_for):
    from tests.factories import SectionFactory

    stray = SectionFactory()
    response = client_for(world.kenyan).post(
        "/api/v1/comments/", draft_payload(world, section=stray.pk, anchor=None), format="json"
    )
    assert response.status_code == 400
    assert "section" in response.json()


# --- The window -------------------------------------------------------------------------------

SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("offset", "error"),
    [(-SECOND, None), (dt.timedelta(0), ConsultationClosed), (SECOND, ConsultationClosed)],
)
def test_deadline_boundary_on_create(world, offset, error):
    now = world.consultation.closes_at + offset

    def create():
        return comment_create(
            user=world.kenyan,
            consultation=world.consultation,
            type="general",
            body="A general remark on tone.",
            now=now,
        )

    if error is None:
        assert create().status == CommentStatus.DRAFT
    else:
        with pytest.raises(error, match="closed on"):
            create()
        assert not Comment.objects.exists()


@pytest.mark.parametrize("action", ["update", "submit", "withdraw"])
@pytest.mark.parametrize(("offset", "allowed"), [(-SECOND, True), (SECOND, False)])
def test_deadline_boundary_on_every_write(world, make_comment, action, offset, allowed):
    comment = make_comment()
    now = world.consultation.closes_at + offset
    call = {
        "update": lambda: comment_update(
            user=world.kenyan, comment=comment, data={"body": "Late edit"}, now=now
        ),
        "submit": lambda: comment_submit(user=world.kenyan, comment=comment, now=now),
        "withdraw": lambda: comment_withdraw(user=world.kenyan, comment=comment, now=now),
    }[action]
    if allowed:
        call()
    else:
        with pytest.raises(ConsultationClosed):
            call()
        comment.refresh_from_db()
        assert comment.status == CommentStatus.DRAFT
        assert comment.body != "Late edit"
        assert comment.history.count() == 1


def test_not_yet_open_is_refused_with_the_dates(world):
    with pytest.raises(ConsultationNotOpen, match="opens on"):
        comment_create(
            user=world.kenyan,
            consultation=world.consultation,
            type="general",
            body="Too early.",
            now=world.consultation.opens_at - SECOND,
        )
    assert not Comment.objects.exists()


def test_closed_consultation_answers_409_with_the_date_over_http(world, client_for, make_comment):
    comment = make_comment()
    world.consultation.opens_at = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    world.consultation.closes_at = dt.datetime(2026, 7, 31, 23, 59, tzinfo=dt.UTC)
    world.consultation.save()
    client = client_for(world.kenyan)

    response = client.post("/api/v1/comments/", draft_payload(world), format="json")
    assert response.status_code == 409
    assert response.json() == {
        "code": "consultation_closed",
        "detail": "The consultation closed on 31 July 2026 at 23:59 UTC; "
        "comments can no longer be changed.",
    }
    assert client.post(f"/api/v1/comments/{comment.pk}/submit/").status_code == 409
    assert client.patch(f"/api/v1/comments/{comment.pk}/", {"body": "x"}).status_code == 409
    assert Comment.objects.count() == 1
    assert Comment.objects.get().status == CommentStatus.DRAFT


def test_scheduled_consultation_answers_409_not_open(world, client_for):
    world.consultation.opens_at = timezone.now() + dt.timedelta(days=2)
    world.consultation.closes_at = timezone.now() + dt.timedelta(days=30)
    world.consultation.save()
    response = client_for(world.kenyan).post(
        "/api/v1/comments/", draft_payload(world), format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "consultation_not_open"
    assert not Comment.objects.exists()


def test_early_close_stops_writes(world, client_for, make_comment):
    comment = make_comment()
    closed = client_for(world.coordinator).post(
        f"/api/v1/consultations/{world.consultation.pk}/close/"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    response = client_for(world.kenyan).post(f"/api/v1/comments/{comment.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "consultation_closed"


# --- Who may write ----------------------------------------------------------------------------


def test_uninvited_organisation_gets_403_and_nothing_is_written(world, client_for):
    response = client_for(world.activist).post(
        "/api/v1/comments/", draft_payload(world), format="json"
    )
    assert response.status_code == 403
    assert "not invited" in response.json()["detail"]
    assert not Comment.objects.exists()


def test_organisation_invited_by_name_may_write(world, client_for):
    world.consultation.invited_organisations.add(world.ngo)
    response = client_for(world.activist).post(
        "/api/v1/comments/", draft_payload(world), format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("who", ["editor", "coordinator"])
def test_non_delegates_do_not_draft(world, client_for, who):
    response = client_for(getattr(world, who)).post(
        "/api/v1/comments/", draft_payload(world), format="json"
    )
    assert response.status_code == 403


def test_colleague_edits_a_draft_of_the_same_organisation(world, make_comment):
    comment = make_comment(world.kenyan)
    comment_update(user=world.kenyan2, comment=comment, data={"body": "Shared draft"})
    comment.refresh_from_db()
    assert comment.body == "Shared draft"


def test_other_organisation_cannot_touch_a_submitted_comment(world, client_for, make_comment):
    comment = make_comment(submit=True)
    world.consultation.visibility = "public"
    world.consultation.save()
    editor = client_for(world.editor)
    assert editor.post(f"/api/v1/comments/{comment.pk}/withdraw/").status_code == 403


# --- Focal points -----------------------------------------------------------------------------


@pytest.fixture
def focal(world):
    world.kenyan2.is_focal_point = True
    world.kenyan2.save()
    return world.kenyan2


def test_without_focal_point_any_delegate_submits(world, make_comment):
    comment = make_comment(world.kenyan)
    assert comment_submit(user=world.kenyan, comment=comment).status == CommentStatus.SUBMITTED


def test_with_focal_point_only_the_focal_point_submits(world, client_for, make_comment, focal):
    comment = make_comment(world.kenyan)
    refused = client_for(world.kenyan).post(f"/api/v1/comments/{comment.pk}/submit/")
    assert refused.status_code == 403
    assert "focal point" in refused.json()["detail"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DRAFT
    drafted = client_for(world.kenyan).get(f"/api/v1/comments/{comment.pk}/").json()
    assert "submit" not in drafted["allowed_actions"] and "edit" in drafted["allowed_actions"]

    accepted = client_for(focal).post(f"/api/v1/comments/{comment.pk}/submit/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "submitted"


def test_submit_all(world, client_for, make_comment, focal):
    mine = [make_comment(world.kenyan), make_comment(world.kenyan2)]
    theirs = make_comment(world.chilean)
    url = f"/api/v1/consultations/{world.consultation.pk}/submit-all/"
    assert client_for(world.kenyan).post(url).status_code == 403
    response = client_for(focal).post(url)
    assert response.status_code == 200
    assert response.json() == {"submitted": 2, "ids": sorted(c.pk for c in mine)}
    assert set(Comment.objects.filter(status="submitted").values_list("pk", flat=True)) == {
        c.pk for c in mine
    }
    theirs.refresh_from_db()
    assert theirs.status == CommentStatus.DRAFT


def test_submit_all_after_close_writes_nothing(world, client_for, make_comment):
    make_comment()
    close_now(world.consultation)
    response = client_for(world.kenyan).post(
        f"/api/v1/consultations/{world.consultation.pk}/submit-all/"
    )
    assert response.status_code == 409
    assert not Comment.objects.filter(status="submitted").exists()


def test_withdraw(world, client_for, make_comment):
    comment = make_comment(submit=True)
    client = client_for(world.kenyan)
    response = client.post(f"/api/v1/comments/{comment.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/comments/{comment.pk}/withdraw/").status_code == 409


def test_withdrawing_a_submitted_comment_follows_the_focal_point_rule(world, make_comment, focal):
    comment = make_comment(focal, submit=True)
    with pytest.raises(Forbidden):
        comment_withdraw(user=world.kenyan, comment=comment)
    assert comment_withdraw(user=focal, comment=comment).status == CommentStatus.WITHDRAWN
