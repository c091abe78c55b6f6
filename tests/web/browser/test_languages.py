"""The interface in the six languages: the delegate's journey in Arabic and Chinese, mirrored
layout, passage anchors on Arabic text, accessibility in every language, no English left."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import OrganisationKind
from consultation.models import Comment, Visibility
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)
from tests.i18n.catalogs import catalog, missing_translations

from .conftest import Site
from .test_delegate_journey import select_with_mouse

pytestmark = pytest.mark.django_db(transaction=True)

# Section texts written for these tests: the passage quoted is in each language's script, and an
# English sentence sits among them as a comment of a delegate would.
TEXTS = {
    "ar": {
        "title": "المبادئ التوجيهية لحماية الأطفال على الإنترنت",
        "heading": "النطاق",
        "body": (
            "تنطبق هذه المبادئ على كل خدمة على الإنترنت يُرجَّح أن يستخدمها الأطفال.\n\n"
            "وتشمل الخدمات الموجهة إلى البالغين عندما يصل إليها كثير من المستخدمين الصغار فعلاً."
        ),
        "quote": "كثير من المستخدمين الصغار",
        "comment": "The word 'many' needs a threshold.",
    },
    "zh-hans": {
        "title": "儿童在线保护准则",
        "heading": "范围",
        "body": (
            "本准则适用于儿童可能使用的所有在线服务。\n\n"
            "面向成年人的服务，如果实际上有许多年轻用户使用，也包括在内。"  # noqa: RUF001
        ),
        "quote": "许多年轻用户",
        "comment": "请说明“许多”是多少。",
    },
}
BROWSER_LOCALE = {"ar": "ar", "zh-hans": "zh-CN", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
# Words that stay as they are in every language: the product, the time zone, ISO type codes,
# and the languages of the switcher, each named in itself.
UNTRANSLATED = {"Concord", "UTC", "English", "Français", "Español", "ge", "te", "ed"}
VISIBLE_ENGLISH = """(untranslated) => {
  const copy = document.body.cloneNode(true);
  // What people wrote is in their own language; names are names.
  const kept = copy.querySelectorAll('[dir="auto"], bdi, script, style, option');
  for (const node of kept) node.remove();
  const words = copy.textContent.match(/[A-Za-z]{2,}/g) || [];
  return [...new Set(words.filter((word) => !untranslated.includes(word)))];
}"""


def build(language: str):
    """An open consultation whose text is in `language`, and a Kenyan delegate to comment."""
    text = TEXTS.get(language, TEXTS["ar"])
    guideline = GuidelineFactory(title=text["title"])
    section = SectionFactory(
        guideline=guideline, heading=text["heading"], body=text["body"], order=1
    )
    version = VersionFactory(guideline=guideline, label="Draft 2")
    consultation = ConsultationFactory(
        guideline=guideline,
        version=version,
        title=text["title"],
        invited_kinds=[OrganisationKind.MEMBER_STATE],
        visibility=Visibility.PRIVATE,
    )
    kenya = OrganisationFactory(name="Kenya", country="KE")
    delegate = UserFactory(
        username="ke-delegate",
        roles=["delegate"],
        organisation=kenya,
        first_name="Otieno",
        last_name="Odhiambo",
    )
    return text, section, consultation, delegate


def site_in(live_server, browser, language: str) -> Site:
    context = browser.new_context(
        locale=BROWSER_LOCALE[language], viewport={"width": 1280, "height": 800}
    )
    return Site(live_server.url, context.new_page())


def catalog_complete(language: str) -> bool:
    path = Path(settings.LOCALE_PATHS[0])
    try:
        return not missing_translations(catalog(path, language))
    except OSError:
        return False


@pytest.mark.parametrize(
    ("language", "direction", "screenshot"),
    [("ar", "rtl", "delegate-arabic"), ("zh-hans", "ltr", "delegate-chinese")],
)
def test_the_delegates_journey(live_server, browser, language, direction, screenshot):
    text, section, consultation, _delegate = build(language)
    web = site_in(live_server, browser, language)
    page = web.page
    web.sign_in("ke-delegate")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        language,
        direction,
    ]
    page.locator(f'main a[href="/consultations/{consultation.pk}/"]').first.click()
    web.check()
    brand = page.locator(".navbar-brand").bounding_box()
    contents = page.locator("nav.col-md-3").bounding_box()
    body = page.locator(f"#section-{section.pk}").bounding_box()
    if direction == "rtl":  # mirrored: the brand and the table of contents stand on the right
        assert brand["x"] > 640 and contents["x"] > body["x"]
    else:
        assert brand["x"] < 640 and contents["x"] < body["x"]

    select_with_mouse(page, section.pk, text["quote"])
    button = page.locator("#comment-on-passage")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    button.click()
    expect(page.locator("blockquote.passage-quote")).to_have_text(text["quote"])
    web.check()
    page.locator('input[name="type"][value="editorial"]').check()
    page.locator("#id_body").fill(text["comment"])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/#section-\d+$"))
    web.check()
    mark = page.locator(f'.section-body[data-section="{section.pk}"] mark')
    expect(mark).to_have_text(text["quote"])

    comment = Comment.objects.get()
    assert text["body"][comment.anchor_start : comment.anchor_end] == text["quote"]
    assert comment.anchor_state == "exact"
    assert comment.body == text["comment"]
    web.screenshot(screenshot)  # var/screenshots; the README's copy is docs/screenshots
    if catalog_complete(language):
        for path in ("/", f"/consultations/{consultation.pk}/", "/notifications/"):
            web.go(path)
            assert page.evaluate(VISIBLE_ENGLISH, sorted(UNTRANSLATED)) == [], path
    page.context.close()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_delegates_pages_are_accessible_in_every_language(live_server, browser, language):
    _text, section, consultation, _delegate = build(language)
    web = site_in(live_server, browser, language)
    web.sign_in("ke-delegate")
    assert web.page.evaluate("document.documentElement.lang") == language
    for path in (
        f"/consultations/{consultation.pk}/",
        f"/consultations/{consultation.pk}/comment/?section={section.pk}",
        f"/consultations/{consultation.pk}/position/",
        "/notifications/",
        "/password/change/",
    ):
        web.go(path)  # axe-core: no WCAG 2.1 AA violation, no CSP refusal
    web.page.context.close()


def test_the_switcher_changes_the_language_and_remembers_it(live_server, browser):
    _text, _section, _consultation, delegate = build("en")
    web = site_in(live_server, browser, "en")
    web.sign_in("ke-delegate")
    page = web.page
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    web.check()
    assert page.evaluate("document.documentElement.lang") == "ru"
    delegate.refresh_from_db()
    assert delegate.language == "ru"
    page.context.close()
