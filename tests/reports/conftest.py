"""Debian's headless Chromium for the report's browser tests, driven by Playwright (no browser download), with the
network off: every request other than the page's own file is blocked and recorded, and so is everything the page
reports as an error and every dialog it opens."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Playwright passes most of these itself; they are named because this machine's network is closed, and without
# them Chromium floods it with refused connections (updates, sync, first-run pings).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Visit:
    """A page opened offline, and what happened there: its requests, the ones blocked, its errors and dialogs."""

    page: Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


# Per module, not per session: while Playwright's sync API is alive its event loop runs in this thread, and
# Prefect's sync-or-async functions (Flow.to_deployment, ...) called by later tests would return coroutines.
@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="no Playwright: the browser tests need the `test` extra of pyproject.toml")
    executable = next(filter(None, map(shutil.which, BROWSERS)), None)
    if executable is None:
        pytest.skip("no Chromium on this machine: the browser tests need Debian's `chromium` package "
                    "(apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def open_offline(chromium):
    """`open_offline(path, **context_options)` loads the file in a fresh browser context (options such as
    `viewport` or `is_mobile`), waits for its load event and returns the `Visit`."""
    contexts = []

    def open_page(path: Path, **context_options) -> Visit:
        context = chromium.new_context(**context_options)
        contexts.append(context)
        visit = Visit(context.new_page())
        own_url = path.resolve().as_uri()

        def let_only_the_file_through(route: Route) -> None:
            if route.request.url == own_url:
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort("internetdisconnected")

        def record_error(message) -> None:
            if message.type in ("error", "assert"):
                visit.errors.append(message.text)

        def record_dialog(dialog) -> None:
            visit.dialogs.append(dialog.message)
            dialog.dismiss()

        visit.page.on("request", lambda request: visit.requests.append(request.url))
        visit.page.on("console", record_error)
        visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
        visit.page.on("dialog", record_dialog)
        visit.page.route("**/*", let_only_the_file_through)
        visit.page.goto(own_url)
        return visit

    yield open_page
    for context in contexts:
        context.close()
