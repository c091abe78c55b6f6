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
