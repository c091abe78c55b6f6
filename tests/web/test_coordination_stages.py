"""Stages, approvals and the disposition's exports through Django's test client."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consultation.models import Stage
from consultation.services.comments import comment_create, comment_submit
from reviews.models import Approval, DispositionExport, StageTransition
from reviews.services import approval_record, guideline_transition
from reviews.services.comments import comment_resolve, comment_respond
from reviews.services.exports import disposition_export_run
from tests.factories import UserFactory

from .world import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_resolution(world):
    """One submitted comment without a disposition, the consultation closed, in resolution."""
    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="general",
        body="Say who checks the settings.",
        section=world.scope,
    )
    world.comment = comment_submit(user=world.focal, comment=comment)
    guideline_transition(guideline=world.guideline, to=Stage.CONSULTATION, user=world.coordinator)
    close(world.consultation)
    guideline_transition(guideline=world.guideline, to=Stage.RESOLUTION, user=world.coordinator)
    world.guideline.refresh_from_db()
    return world


@pytest.fixture
def in_approval(in_resolution):
    world = in_resolution
    comment_resolve(comment=world.comment, user=world.editor, decision="accepted")
    for to in (Stage.EXPERT_REVIEW, Stage.APPROVAL):
        guideline_transition(guideline=world.guideline, to=to, user=world.coordinator)
    world.guideline.refresh_from_db()
    world.guideline.required_approvals = 2
    world.guideline.save()
    world.approvers = [
        UserFactory(username=f"approver{n}", roles=["approver"], first_name=f"Ada{n}")
        for n in (1, 2)
    ]
    return world


def stages_url(world):
    return f"/guidelines/{world.guideline.pk}/stages/"


def test_the_stage_path_shows_where_the_guideline_is_and_its_blockers(signed_in, in_resolution):
    world = in_resolution
    html = signed_in(world.coordinator).get(stages_url(world)).content.decode()
    assert re.search(r'class="stage-step current" aria-current="step">\s*Resolution', html)
    assert "1 submitted comment has no disposition yet." in html
    queue = f"/guidelines/{world.guideline.pk}/queue/?status=submitted&amp;resolved=false"
    assert f'<a href="{queue}">The comments without a disposition</a>' in html
    assert "Move to Expert review" not in html  # blocked: no form
    assert "Consultation" in html and "Resolution" in html  # the log


def test_a_move_with_a_reason_is_logged(signed_in, in_resolution):
    world = in_resolution
    comment_resolve(comment=world.comment, user=world.editor, decision="accepted")
    client = signed_in(world.coordinator)
    response = client.post(
        f"{stages_url(world)}move/",
        {"to": "expert_review", "expert_review-reason": "All comments answered."},
    )
    assert response.status_code == 302
    world.guideline.refresh_from_db()
    assert world.guideline.stage == Stage.EXPERT_REVIEW
    assert StageTransition.objects.filter(reason="All comments answered.").exists()
    page = client.get(stages_url(world)).content.decode()
    assert "The guideline moved to Expert review." in page
    assert "All comments answered." in page


def test_going_back_to_drafting_without_a_reason_is_an_error_on_the_field(signed_in, in_approval):
    world = in_approval
    response = signed_in(world.coordinator).post(
        f"{stages_url(world)}move/", {"to": "drafting", "drafting-reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_drafting-reason">Reason: Say why the guideline goes back to drafting.' in html
    world.guideline.refresh_from_db()
    assert world.guideline.stage == Stage.APPROVAL


def test_a_blocked_move_posted_anyway_lists_the_blockers(signed_in, in_resolution):
    world = in_resolution
    response = signed_in(world.coordinator).post(
        f"{stages_url(world)}move/", {"to": "expert_review"}
    )
    assert response.status_code == 400
    assert "cannot move from resolution to expert_review yet" in response.content.decode()


def test_an_editor_sees_the_stages_but_may_not_move(signed_in, in_resolution):
    world = in_resolution
    comment_resolve(comment=world.comment, user=world.editor, decision="accepted")
    client = signed_in(world.editor)
    html = client.get(stages_url(world)).content.decode()
    assert "Move to Expert review" not in html
    assert "a coordinator makes it" in html
    response = client.post(f"{stages_url(world)}move/", {"to": "expert_review"})
    assert response.status_code == 400
    assert "Only coordinators move guidelines between stages." in response.content.decode()
    assert signed_in(world.focal).get(stages_url(world)).status_code == 404


def test_approvers_decide_and_see_the_quorum(signed_in, in_approval):
    world = in_approval
    first, second = world.approvers
    url = f"/guidelines/{world.guideline.pk}/approvals/"
    client = signed_in(first)
    page = client.get(url).content.decode()
    assert "0 of 2 required approvals recorded." in page and "2 more approvals needed." in page
    assert re.search(r"<th[^>]*>Accepted</th><td[^>]*>1</td>", page)
    response = client.post(f"{url}decide/", {"decision": "approve", "comment": "Good work."})
    assert response.status_code == 302
    page = signed_in(second).get(url).content.decode()
    assert "1 more approval needed." in page and "Good work." in page and "Ada1" in page


def test_an_objection_needs_a_comment(signed_in, in_approval):
    world = in_approval
    response = signed_in(world.approvers[0]).post(
        f"/guidelines/{world.guideline.pk}/approvals/decide/", {"decision": "object"}
    )
    assert response.status_code == 400
    assert 'href="#id_comment">Comment: Say what the objection is.' in response.content.decode()
    assert not Approval.objects.exists()


def test_only_approvers_see_the_decision_form(signed_in, in_approval):
    world = in_approval
    html = (
        signed_in(world.coordinator)
        .get(f"/guidelines/{world.guideline.pk}/approvals/")
        .content.decode()
    )
    assert "Record my decision" not in html
    assert "?format=xlsx" in html  # the coordinator downloads the disposition


def test_publish_after_two_approvals(signed_in, in_approval):
    world = in_approval
    for approver in world.approvers:
        approval_record(guideline=world.guideline, user=approver, decision="approve")
    html = signed_in(world.coordinator).get(stages_url(world)).content.decode()
    assert "Move to Published" in html
    signed_in(world.coordinator).post(f"{stages_url(world)}move/", {"to": "published"})
    world.guideline.refresh_from_db()
    assert world.guideline.stage == Stage.PUBLISHED


def test_the_guideline_page_links_the_disposition_downloads(signed_in, in_approval):
    world = in_approval
    client = signed_in(world.coordinator)
    html = client.get(f"/guidelines/{world.guideline.pk}/").content.decode()
    link = re.search(r'href="([^"]+\?format=xlsx)"', html).group(1)
    sheet = load_workbook(io.BytesIO(b"".join(client.get(link).streaming_content)))
    cells = [c for row in sheet.active.iter_rows(values_only=True) for c in row]
    assert "Say who checks the settings." in cells
    assert f"/guidelines/{world.guideline.pk}/dashboard/" in html
    assert "Start the export" in html
    assert (
        "Start the export"
        not in signed_in(world.focal).get(f"/guidelines/{world.guideline.pk}/").content.decode()
    )


def test_a_background_export_shows_its_progress_then_a_download(signed_in, in_approval):
    world = in_approval
    client = signed_in(world.coordinator)
    response = client.post(f"/guidelines/{world.guideline.pk}/exports/", {"format": "csv"})
    export = DispositionExport.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/"
    page = client.get(f"/exports/{export.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "Counting the comments to export" in page
    # As if the worker had claimed it and written half of its rows.
    DispositionExport.objects.filter(pk=export.pk).update(
        status="running", rows_total=4, rows_done=2
    )
    page = client.get(f"/exports/{export.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="50"' in page
    assert "2 of 4 comments written (50%)." in page
    DispositionExport.objects.filter(pk=export.pk).update(status="pending", rows_done=0)
    disposition_export_run(export_id=export.pk)
    partial = client.get(f"/exports/{export.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "hx-trigger" not in partial
    assert 'value="100"' in partial and "1 comment exported." in partial
    assert "1 of 1 comment written (100%)." in partial
    download = re.search(r'href="([^"]+/download/)"', partial).group(1)
    body = b"".join(client.get(download).streaming_content).decode("utf-8-sig")
    assert "Say who checks the settings." in body
    assert signed_in(world.editor).get(f"/exports/{export.pk}/").status_code == 404


def test_a_failed_export_says_why_and_is_tried_again(signed_in, in_approval, settings, tmp_path):
    world = in_approval
    client = signed_in(world.coordinator)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the exports folder should be")
    settings.EXPORTS_ROOT = blocker
    client.post(f"/guidelines/{world.guideline.pk}/exports/", {"format": "xlsx"})
    failed = DispositionExport.objects.get()
    disposition_export_run(export_id=failed.pk)
    page = client.get(f"/exports/{failed.pk}/").content.decode()
    assert "hx-trigger" not in page and "could not be written" in page
    assert "Try the export again" in page and 'name="format" value="xlsx"' in page
    settings.EXPORTS_ROOT = tmp_path / "exports"
    response = client.post(f"/guidelines/{world.guideline.pk}/exports/", {"format": "xlsx"})
    again = DispositionExport.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == f"/exports/{again.pk}/"
    disposition_export_run(export_id=again.pk)
    assert "Download disposition-" in client.get(response["Location"]).content.decode()


def test_stage_and_approval_pages_make_a_constant_number_of_queries(signed_in, in_approval):
    world = in_approval
    client = signed_in(world.coordinator)
    pages = [stages_url(world), f"/guidelines/{world.guideline.pk}/approvals/"]
    with CaptureQueriesContext(connection) as few:
        for page in pages:
            assert client.get(page).status_code == 200
    for approver in world.approvers:
        approval_record(guideline=world.guideline, user=approver, decision="abstain")
    with CaptureQueriesContext(connection) as many:
        for page in pages:
            assert client.get(page).status_code == 200
    assert len(many) == len(few)


@pytest.fixture
def objected(in_resolution):
    world = in_resolution
    comment_resolve(comment=world.comment, user=world.editor, decision="rejected", rationale="No.")
    comment_respond(
        comment=world.comment, user=world.focal, response="objection", note="We disagree."
    )
    return world


def test_a_standing_objection_is_settled_from_the_dashboard(signed_in, objected):
    world = objected
    client = signed_in(world.coordinator)
    dashboard = client.get(f"/guidelines/{world.guideline.pk}/dashboard/").content.decode()
    url = f"/comments/{world.comment.pk}/settle/"
    assert f'href="{url}"' in dashboard
    page = client.get(url).content.decode()
    assert "We disagree." in page and "Settle the objection" in page
    response = client.post(url, {"outcome": "overruled"})
    assert response.status_code == 400
    assert 'href="#id_reason">Reason: This field is required.' in response.content.decode()
    response = client.post(url, {"outcome": "overruled", "reason": "The scope is settled."})
    assert response["Location"] == f"/guidelines/{world.guideline.pk}/dashboard/"
    world.comment.refresh_from_db()
    assert world.comment.settlement == "overruled"
    dashboard = client.get(response["Location"]).content.decode()
    assert "No organisation objects to a disposition." in dashboard


def test_only_coordinators_settle(signed_in, objected):
    world = objected
    client = signed_in(world.editor)
    url = f"/comments/{world.comment.pk}/settle/"
    assert "Settle the objection" not in client.get(url).content.decode()
    response = client.post(url, {"outcome": "upheld", "reason": "Yes."})
    assert response.status_code == 400
    world.comment.refresh_from_db()
    assert world.comment.settlement == ""


def test_a_move_to_no_stage_or_an_export_in_no_format_is_a_clear_refusal(signed_in, in_approval):
    world = in_approval
    client = signed_in(world.coordinator)
    response = client.post(f"{stages_url(world)}move/", {"to": "archived"})
    assert response.status_code == 400 and b"choose one of the stages" in response.content
    response = client.post(f"/guidelines/{world.guideline.pk}/exports/", {"format": "pdf"})
    assert response["Location"] == f"/guidelines/{world.guideline.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Format: choose csv, xlsx, docx or JSON." in page
    assert not DispositionExport.objects.exists()


def test_the_french_heading_puts_its_colon_where_french_does(signed_in, world, catalogs):
    catalogs({"fr": {"Stages: <bdi>%(title)s</bdi>": "Étapes : <bdi>%(title)s</bdi>"}})
    world.coordinator.language = "fr"
    world.coordinator.save(update_fields=["language"])
    html = signed_in(world.coordinator).get(stages_url(world)).content.decode()
    assert f'<h1 class="h3">Étapes : <bdi>{world.guideline.title}</bdi></h1>' in html
