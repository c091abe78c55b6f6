"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium they are skipped (`apt-get install chromium` enables them). Every
page a test visits is checked with axe-core (vendored, see web/assets) and for CSP refusals.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("CONCORD_VAR_DIR", Path(__file__).parents[3] / "var"))
SCREENSHOTS = SCREENSHOTS / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="no Chromium at /usr/bin/chromium: apt-get install chromium")
    for item in items:
        if "tests/web/browser" in str(item.fspath):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM.exists():
        terminalreporter.write_line(
            "Browser tests skipped: no Chromium at /usr/bin/chromium "
            "(`apt-get install chromium` enables them)."
        )


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Playwright's sync API keeps an event loop in this thread
    while it runs, so the ORM calls of the tests beside it are declared safe until it stops."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page for each test."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context.new_page()
    context.close()


def csp_refusals(page) -> list[str]:
    """Collect the console messages in which the browser refused something under the CSP."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


class Site:
    """The live site in one browser page, with helpers to sign in and check each page."""

    def __init__(self, url: str, page):
        self.url, self.page = url, page
        self.refused = csp_refusals(page)

    def go(self, path: str):
        self.page.goto(self.url + path)
        self.check()

    def sign_in(self, username: str):
        self.page.goto(self.url + "/login/")
        self.check()
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("main button[type=submit]").click()
        self.page.wait_for_url(self.url + "/")
        self.check()

    def check(self):
        """No axe-core violation of WCAG 2.1 AA and no CSP refusal on this page."""
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate("(tags) => axe.run(document, {runOnly: tags})", WCAG_AA)
        problems = [
            f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})"
            for v in result["violations"]
        ]
        assert problems == [], f"{self.page.url}: {problems}"
        assert self.refused == []

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)


@pytest.fixture
def web(live_server, page):
    """The live site in the test's browser page."""
    return Site(live_server.url, page)
