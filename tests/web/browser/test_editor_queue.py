"""The editor's day in Chromium: filter the queue, batch-resolve, resolve one in context."""

import re

import pytest
from playwright.sync_api import expect

from consultation.models import Comment
from consultation.services.comments import comment_create, comment_submit

from ..world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    world = build_world()
    for n, section in enumerate([world.scope, world.defaults, world.reporting, world.scope]):
        comment = comment_create(
            user=world.focal,
            consultation=world.consultation,
            type="technical",
            body=f"Point {n}: name the services that are in scope.",
            section=section,
        )
        comment_submit(user=world.focal, comment=comment)
    return world


def test_filter_the_queue_and_resolve_a_batch_then_one_in_context(web, page, world):
    web.sign_in("editor")
    page.get_by_role("link", name=re.compile("^Comment queue")).click()
    web.check()
    page.get_by_role("link", name="Not resolved").click()
    web.check()
    picks = page.locator("input.queue-pick")
    expect(picks).to_have_count(4)
    picks.nth(0).click()
    picks.nth(2).click(modifiers=["Shift"])  # a range: the first three
    expect(page.locator("input.queue-pick:checked")).to_have_count(3)
    page.get_by_label("Noted").check()
    page.get_by_label("Rationale").fill("Taken into account in the next draft.")
    page.get_by_role("button", name="Resolve the selected comments").last.click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("Applied to 3 of 3 comments.")
    expect(page.locator("input.queue-pick")).to_have_count(1)  # the filter stays on
    web.screenshot("editor-queue")

    page.locator("tbody a").first.click()
    web.check()
    page.get_by_label("Rejected (not accepted)").check()
    page.get_by_role("button", name="Record the disposition").click()
    web.check()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    page.get_by_label("Rationale").fill("The scope stays as written.")
    page.get_by_role("button", name="Record the disposition").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("is recorded")
    assert sorted(Comment.objects.values_list("decision", flat=True)) == [
        "noted",
        "noted",
        "noted",
        "rejected",
    ]


def test_revise_a_section_see_the_passage_move_and_compare_versions(web, page, world):
    from consultation.services.comments import comment_create, comment_submit

    from ..test_delegate_pages import anchor
    from ..world import SCOPE

    quoted = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="technical",
        body="Say what 'many' means.",
        section=world.scope,
        anchor=anchor(SCOPE, "many young users"),
    )
    comment_submit(user=world.focal, comment=quoted)
    web.sign_in("editor")
    web.go(f"/comments/{quoted.pk}/")
    expect(page.get_by_text("The passage is where it was.")).to_be_visible()
    web.go(f"/sections/{world.scope.pk}/edit/")
    body = page.get_by_label("Text")
    body.fill("A short summary comes first. " + body.input_value())
    page.get_by_label("Reason for the change").fill("Open with a summary")
    page.get_by_role("button", name="Save a new revision").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(page.locator(".diff ins").first).to_contain_text("A short summary comes first.")
    web.go(f"/comments/{quoted.pk}/")
    expect(page.get_by_text("The passage is unchanged but has moved.")).to_be_visible()
    web.go(f"/guidelines/{world.guideline.pk}/versions/")
    page.get_by_label("Name of the version").fill("Draft 3")
    page.get_by_role("button", name="Cut the version").click()
    web.check()
    page.get_by_label("Compare").select_option(label="Draft 2")
    page.get_by_label("with").select_option(label="Draft 3")
    page.get_by_role("button", name="Compare").click()
    web.check()
    expect(page.get_by_text("1 changed, 0 added, 0 removed, 2 unchanged sections.")).to_be_visible()
    web.screenshot("editor-versions")
