"""The axe-core sweep: every page, in English and French, has no WCAG 2.1 A/AA violation."""

from urllib.parse import urlsplit

import pytest

from .conftest import describe, run_axe, screenshot, wait_for_components
from .pages import NOT_PAGES, PAGES, SweepData, project_url_names


def test_every_page_is_in_the_sweep(db):
    swept = {page.url_name for page in PAGES}
    missing = project_url_names() - swept - set(NOT_PAGES)
    assert not missing, f"Add these pages to tests/browser/pages.py: {sorted(missing)}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_accessibility_violations_on_any_page(page, sign_in, live_server, language):
    data = SweepData()
    failures = []
    for entry in PAGES:
        page.context.clear_cookies()
        if entry.who:
            sign_in(data.users[entry.who])
        path = entry.path(data)
        if language == "fr":
            path = "/fr/" + path.removeprefix("/en/")
        response = page.goto(path)
        # The page itself, not an error page or a redirect to another one, is what is checked.
        moved = urlsplit(page.url).path != urlsplit(path).path
        if response is None or response.status != entry.status or moved != entry.moves:
            status = response.status if response else "no response"
            failures.append(f"{entry.label or entry.url_name} ({path}): {status} at {page.url}")
            continue
        wait_for_components(page)
        assert page.evaluate("document.documentElement.lang") == language, path
        violations = run_axe(page)
        if violations:
            failures.append(f"{entry.label or entry.url_name} ({path}):\n{describe(violations)}")
        screenshot(
            page,
            f"{language}-{(entry.label or entry.url_name).replace(':', '-').replace(' ', '-')}",
        )
    assert not failures, "\n\n".join(failures)
