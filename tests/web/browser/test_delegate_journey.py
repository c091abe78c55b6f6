"""The delegate's journey in Chromium: read, select a passage, comment, submit, respond."""

import re

import pytest
from playwright.sync_api import expect

from consultation.models import Comment, CommentStatus, Decision
from consultation.services.comments import comment_create, comment_submit
from reviews.services.comments import comment_resolve

from ..world import REPORTING, SCOPE, build_world, close
from .conftest import Site

pytestmark = pytest.mark.django_db(transaction=True)

# Finds the quote in a section's rendered text and returns where the mouse must press and
# let go to select exactly it (the middle of its first and last characters' edges).
LOCATE = """([section, quote]) => {
  const body = document.querySelector(`.section-body[data-section="${section}"]`);
  body.scrollIntoView({block: "center"});
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(quote);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + quote.length);
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return {x1: first.left + 1, y1: first.top + first.height / 2,
            x2: last.right - 1, y2: last.top + last.height / 2};
  }
  return null;
}"""


@pytest.fixture
def world(transactional_db):
    return build_world()


def select_with_mouse(page, section_id: int, quote: str) -> None:
    box = page.evaluate(LOCATE, [section_id, quote])
    assert box, f"{quote!r} is not on the page"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def test_select_a_passage_comment_fail_validation_and_correct_it(web, page, world):
    web.sign_in("ke-drafter")
    page.get_by_role("link", name="Consultation on Draft 2").click()
    web.check()
    quote = "many young users reach them 🙂 in practice"
    select_with_mouse(page, world.scope.pk, quote)
    passage_button = page.get_by_role("button", name="Comment on this passage")
    expect(passage_button).to_be_visible()
    passage_button.click()

    expect(page.locator("blockquote.passage-quote")).to_have_text(quote)
    page.get_by_label("Editorial (ed)").check()
    page.get_by_label("Proposed change").fill("Say how many young users count as many.")
    page.get_by_role("button", name="Save draft").click()
    web.check()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_label("Proposed change")).to_have_value(
        "Say how many young users count as many."
    )
    expect(page.get_by_label("Editorial (ed)")).to_be_checked()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()
    page.get_by_label("Comment", exact=True).fill("'Many' is vague; give a threshold.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/#section-\d+$"))
    web.check()
    expect(page.get_by_role("status")).to_contain_text("saved for Kenya")
    expect(page.locator(f'.section-body[data-section="{world.scope.pk}"] mark')).to_have_text(quote)
    web.screenshot("delegate-passage-marked")
    page.get_by_role("button", name=re.compile("Show 1 comment")).click()
    expect(page.locator(f"#comments-{world.scope.pk} article")).to_contain_text(
        "'Many' is vague; give a threshold."
    )
    web.check()

    comment = Comment.objects.get()
    assert (comment.status, comment.type, comment.author) == (
        CommentStatus.DRAFT,
        "editorial",
        world.drafter,
    )
    assert SCOPE[comment.anchor_start : comment.anchor_end] == quote
    assert comment.anchor_state == "exact"


def test_comment_on_a_section_with_the_keyboard_alone(web, page, world):
    web.sign_in("ke-drafter")
    web.go(f"/consultations/{world.consultation.pk}/")
    target = page.get_by_role(
        "button", name=f"Comment on this section {world.reporting.number}", exact=True
    )
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    expect(target).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/comment/\?section="))
    web.check()
    page.keyboard.press("Tab")  # the skip link
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "type":
            break
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # general -> technical
    page.keyboard.press("Tab")
    page.keyboard.type("Name who answers a report, and how fast.")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Save draft":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#section-\d+$"))
    comment = Comment.objects.get()
    assert (comment.section_id, comment.type, comment.body) == (
        world.reporting.pk,
        "technical",
        "Name who answers a report, and how fast.",
    )
    assert comment.anchor_quote == "" and REPORTING


def test_the_focal_point_submits_and_later_answers_the_disposition(web, page, world):
    drafted = comment_create(
        user=world.drafter,
        consultation=world.consultation,
        type="technical",
        body="Add a duty to explain decisions to the child.",
        section=world.reporting,
    )
    web.sign_in("ke-focal")
    web.go(f"/consultations/{world.consultation.pk}/position/")
    expect(page.get_by_text("you submit its position")).to_be_visible()
    expect(page.get_by_text("Otieno Odhiambo")).to_be_visible()
    page.get_by_role("link", name="Check before you submit").click()
    web.check()
    expect(page.get_by_label(f"Submit comment {drafted.pk}")).to_be_checked()
    page.get_by_role("button", name="Submit the chosen drafts").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("1 comments submitted")
    drafted.refresh_from_db()
    assert drafted.status == CommentStatus.SUBMITTED

    comment_resolve(
        comment=drafted,
        user=world.editor,
        decision=Decision.REJECTED,
        rationale="Explaining each decision is out of scope for industry.",
    )
    web.go("/notifications/")
    page.get_by_role("link", name=re.compile("was resolved")).click()
    web.check()
    expect(page.get_by_text("Explaining each decision is out of scope")).to_be_visible()
    page.get_by_label("Objection to the disposition").check()
    page.get_by_role("button", name="Record the response").click()
    web.check()
    expect(page.get_by_role("alert")).to_contain_text("Say what the organisation objects to.")
    page.get_by_label("Note").fill("Children need reasons to trust reporting.")
    page.get_by_role("button", name="Record the response").click()
    web.check()
    web.screenshot("delegate-disposition")
    drafted.refresh_from_db()
    assert (drafted.response, drafted.response_note) == (
        "objection",
        "Children need reasons to trust reporting.",
    )


def test_a_drafter_cannot_submit_and_sees_who_does(web, page, world):
    comment_create(
        user=world.drafter,
        consultation=world.consultation,
        type="general",
        body="A draft for the focal point.",
        section=world.scope,
    )
    web.sign_in("ke-drafter")
    web.go(f"/consultations/{world.consultation.pk}/position/check/")
    expect(page.get_by_text("Wanjiru Kamau")).to_be_visible()
    expect(page.get_by_role("button", name="Submit the chosen drafts")).to_be_disabled()


def test_another_organisation_does_not_see_our_drafts(web, page, world):
    secret = comment_create(
        user=world.drafter,
        consultation=world.consultation,
        type="general",
        body="Kenya only: our draft position.",
        section=world.scope,
    )
    web.sign_in("cl-delegate")
    web.go(f"/consultations/{world.consultation.pk}/")
    expect(page.get_by_text("Kenya only")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Show .* comment"))).to_have_count(0)
    response = page.goto(f"{web.url}/comments/{secret.pk}/")
    assert response.status == 404
    assert "Kenya only" not in page.content()


def test_a_closed_consultation_is_read_only_and_says_when_it_closed(web, page, world):
    mine = comment_create(
        user=world.drafter,
        consultation=world.consultation,
        type="general",
        body="Written before the close.",
        section=world.scope,
    )
    comment_submit(user=world.focal, comment=mine)
    close(world.consultation)
    web.sign_in("ke-focal")
    web.go(f"/consultations/{world.consultation.pk}/")
    expect(page.get_by_text("comments can no longer be changed")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Comment on this section"))).to_have_count(0)
    web.go(f"/consultations/{world.consultation.pk}/position/")
    expect(page.get_by_role("button", name=re.compile("Withdraw"))).to_have_count(0)


def test_an_arabic_page_lays_out_right_to_left(live_server, browser, settings, world):
    settings.LANGUAGES = [("en", "English"), ("ar", "العربية")]
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    web = Site(live_server.url, page)
    web.sign_in("ke-drafter")
    web.go(f"/consultations/{world.consultation.pk}/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert stylesheet.endswith("bootstrap.rtl.min.css")
    contents = page.locator("nav.col-md-3").bounding_box()
    text = page.locator(f"#section-{world.scope.pk}").bounding_box()
    assert contents["x"] > text["x"]  # the table of contents stands on the right
    web.screenshot("delegate-reading-arabic")
    context.close()
