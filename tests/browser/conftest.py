"""Browser tests: Playwright drives the system's headless Chromium against live_server.

Chromium comes from the Debian package `chromium`. Where it is missing the
browser tests are skipped, unless REQUIRE_BROWSER is set (as CI does), in
which case they fail.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for browser tests but {CHROMIUM} is missing.")
        pytest.skip("Chromium is not installed (Debian package `chromium`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    external = []

    def watch(request):
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            external.append(request.url)

    page.on("request", watch)
    blocked = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    yield page
    context.close()
    assert not external, f"The page requested other hosts: {external}"
    assert not blocked, f"The content security policy blocked: {blocked}"


@pytest.fixture
def sign_in(page, live_server):
    """Put a session cookie for the user into the browser, as if they had signed in."""
    from django.test import Client

    def do(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return do


def wait_for_components(page) -> None:
    """Wait until every design-system component on the page has rendered."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('*')]
              .filter(e => e.tagName.startsWith('GCDS-'))
              .every(e => e.classList.contains('hydrated'))"""
    )


def run_axe(page) -> list[dict]:
    # Evaluated rather than added as a <script>: the page's CSP forbids inline scripts.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
              resultTypes: ['violations'],
           })"""
    )
    return result["violations"]


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary'][:300]}")
    return "\n".join(lines)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
