"""Fixtures shared by the browser tests: one site server and one Chromium per session.

Playwright's sync API allows one running instance per thread, so every test
module that drives the browser (pages, figures, calculator boxes) shares these.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, sync_playwright

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, serve
from tests.test_site import built_site


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with serve(built_site().path) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Chromium with a fresh profile; the clipboard is allowed for the copy buttons."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs it (apt-get)"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        try:
            yield context
        finally:
            context.close()
