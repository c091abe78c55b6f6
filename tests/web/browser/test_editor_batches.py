"""The editor's batches in Chromium: every comment matching the filters, a campaign resolved as
duplicates from "similar", a second editor acting first, and comments imported from a file."""

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from consultation.models import Comment
from consultation.services.comments import comment_create, comment_submit
from reviews.services.comments import comment_resolve
from tests.factories import UserFactory
from tests.imports.wordfiles import template_2012

from ..world import build_world
from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)
CAMPAIGN = (
    "Platforms must switch on the most protective privacy settings for every child account "
    "by default, and explain each of them in plain words."
)


def _submit(world, body, section=None):
    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="technical",
        body=body,
        section=section or world.scope,
    )
    return comment_submit(user=world.focal, comment=comment)


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_select_all_matching_comments_and_resolve_them_in_one_batch(web, page, world):
    comments = [_submit(world, f"Point {n}: name the services in scope.") for n in range(55)]
    web.sign_in("editor")
    web.go(f"/guidelines/{world.guideline.pk}/queue/?resolved=false")
    offer = page.get_by_role("link", name="Select all 55 comments matching these filters")
    expect(offer).to_be_hidden()
    page.get_by_label("Select every comment on this page").check()
    expect(offer).to_be_visible()
    web.check()
    offer.click()
    web.check()
    expect(page.locator("#select-matching")).to_contain_text(
        "All 55 comments matching these filters are selected"
    )
    expect(page.locator("input.queue-pick:checked")).to_have_count(50)
    web.screenshot("editor-queue-all-matching")
    page.get_by_label("Noted").check()
    page.get_by_label("Rationale").fill("Taken into account in the next draft.")
    page.get_by_role("button", name="Resolve the selected comments").last.click()
    web.check()
    expect(page.locator("#messages")).to_contain_text("Applied to 55 of 55 comments.")
    expect(page.get_by_text("No comment matches these filters.")).to_be_visible()
    assert set(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("decision", flat=True)
    ) == {"noted"}


def test_a_comment_changed_by_another_editor_refuses_the_batch_and_keeps_the_selection(
    web, page, world
):
    first, second, third = (_submit(world, f"Point {n}: say who reviews it.") for n in range(3))
    web.sign_in("editor")
    web.go(f"/guidelines/{world.guideline.pk}/queue/")
    for comment in (first, second, third):
        page.get_by_label(f"Select comment {comment.pk}").check()
    rival = UserFactory(roles=["editor"], username="rival-editor")
    world.guideline.editors.add(rival)
    comment_resolve(comment=second, user=rival, decision="noted", rationale="Seen first.")

    page.get_by_label("Rejected (not accepted)").check()
    page.get_by_label("Rationale").fill("Out of the scope of these guidelines.")
    page.get_by_role("button", name="Resolve the selected comments").last.click()
    web.check()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Nothing was saved")
    expect(summary).to_contain_text(f"Comment {second.pk} was changed by rival-editor at")
    expect(page.get_by_text("your selection is kept")).to_be_visible()
    expect(page.locator("input.queue-pick:checked")).to_have_count(3)
    web.screenshot("editor-queue-changed-meanwhile")
    assert not Comment.objects.filter(decision="rejected").exists()

    # The page shows the comments as they are now: without the one already resolved, the
    # rest goes through (the rationale typed is kept too).
    page.get_by_label(f"Select comment {second.pk}").uncheck()
    page.get_by_label("Rejected (not accepted)").check()
    page.get_by_role("button", name="Resolve the selected comments").last.click()
    web.check()
    expect(page.locator("#messages")).to_contain_text("Applied to 2 of 2 comments.")
    assert set(
        Comment.objects.filter(pk__in=[first.pk, third.pk]).values_list("decision", flat=True)
    ) == {"rejected"}
    assert Comment.objects.get(pk=second.pk).decision == "noted"


def test_similar_comments_are_resolved_as_duplicates_of_the_original(web, page, world):
    original = _submit(world, CAMPAIGN)
    copies = [
        _submit(world, CAMPAIGN.replace("plain", ("plain", "plain, simple")[n])) for n in (0, 1)
    ]
    unrelated = _submit(world, "The reporting part should name a contact point.", world.reporting)
    web.sign_in("editor")
    web.go(f"/comments/{original.pk}/")
    similar = page.get_by_role("region", name="Similar comments")
    for copy in copies:
        expect(similar.get_by_label(re.compile(f"#{copy.pk}"))).to_be_checked()
    expect(similar.get_by_text(f"#{unrelated.pk}")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    similar.screenshot(path=SCREENSHOTS / "editor-similar-comments.png")
    similar.get_by_role(
        "button", name=f"Resolve the checked ones as duplicates of comment {original.pk}"
    ).click()
    web.check()
    expect(page.locator("#messages")).to_contain_text("Applied to 2 of 2 comments.")
    for copy in copies:
        copy.refresh_from_db()
        assert (copy.decision, copy.duplicate_of_id) == ("duplicate", original.pk)
    original.refresh_from_db()
    assert original.decision == ""


def _workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["MB/NC", "Line number", "Clause/ Subclause", "Paragraph", "Type of comment", "Comments",
         "Proposed change"]
    )  # fmt: skip
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_import_a_workbook_after_its_preview_with_a_member_body_mapped(web, page, world, tmp_path):
    path = tmp_path / "comments-from-chile.xlsx"
    _workbook(
        path,
        [
            ["Chile", "3", world.scope.number, "", "te", "Name the services in scope.", ""],
            ["Ministerio CL", "", world.defaults.number, "", "ed", "A typo in line two.", ""],
        ],
    )
    web.sign_in("editor")
    web.go(f"/consultations/{world.consultation.pk}/")
    page.get_by_role("link", name="Import comments").click()
    web.check()
    page.get_by_label("Comment file").set_input_files(str(path))
    page.get_by_role("button", name="Preview the import").click()
    web.check()
    expect(page.get_by_text("Member bodies Concord does not know")).to_be_visible()
    assert not Comment.objects.exists()  # a preview saves nothing
    page.get_by_label("Ministerio CL (optional)").select_option(label=world.chile.name)
    page.get_by_role("button", name="Preview again").click()
    web.check()
    expect(page.get_by_text("2 comments would be imported")).to_be_visible()
    web.screenshot("editor-import-preview")
    page.get_by_role("button", name="Import 2 comments").click()
    web.check()
    expect(page.locator("#messages")).to_contain_text(
        "2 comments imported from comments-from-chile.xlsx."
    )
    assert Comment.objects.filter(organisation=world.chile).count() == 2


def test_import_a_word_file_after_its_preview(web, page, world, tmp_path):
    upload = template_2012(
        [["CL", "7", world.scope.number, "", "te", "Say who reviews the defaults.", "", ""]]
    )
    path = tmp_path / "comments-from-chile.docx"
    path.write_bytes(upload.read())
    web.sign_in("editor")
    web.go(f"/consultations/{world.consultation.pk}/import/")
    page.get_by_label("Comment file").set_input_files(str(path))
    page.get_by_role("button", name="Preview the import").click()
    web.check()
    expect(page.get_by_text(re.compile(r"^1 comments? would be imported"))).to_be_visible()
    page.get_by_role("button", name="Import 1 comment").click()
    web.check()
    expect(page.locator("#messages")).to_contain_text("imported from comments-from-chile.docx")
    assert Comment.objects.filter(organisation=world.chile, body__contains="reviews").exists()
