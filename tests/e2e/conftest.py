"""Fixtures for driving the real page in Chromium with pytest-playwright.

A session-wide static server serves site/ on a free loopback port. The browser is Playwright's own
Chromium where it is installed, else the system's (Debian's /usr/bin/chromium, or $CHROMIUM).
Every page records its requests and console errors; a test fails if any request leaves the page's
origin or the console shows an error it did not expect.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.browser import NoChromium, launch_options
from tools.replay import wait_for_strokes
from tools.serve import start_server, url_of

READY_TIMEOUT_MS = 90_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    """Playwright's own Chromium where installed, else the system's with the flags it needs."""
    try:
        return launch_options(playwright, browser_type_launch_args)
    except NoChromium as error:
        pytest.exit(str(error), 2)


@pytest.fixture(scope="session")
def site_server():
    server = start_server()
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(site_server):
    return url_of(site_server)


class PageWatch:
    """What a page asked for and complained about."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.expected_errors: list[str] = []  # substrings of console errors a test provokes

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not _same_origin(url, self.origin)]

    def unexpected_errors(self) -> list[str]:
        return [
            text
            for text in self.console_errors
            if not any(expected in text for expected in self.expected_errors)
        ]


def _same_origin(url: str, origin: str) -> bool:
    if url.startswith(("data:", "blob:")):
        return True
    parts, home = urlsplit(url), urlsplit(origin)
    return (parts.scheme, parts.netloc) == (home.scheme, home.netloc)


@pytest.fixture(autouse=True)
def watch(page, base_url):
    """Record every request and console error of `page` (and of pages a test attaches)."""
    recorder = PageWatch(base_url)
    recorder.attach(page)
    yield recorder
    assert recorder.foreign_requests() == [], "requests left the page's origin"
    assert recorder.unexpected_errors() == [], "the console showed errors"


@pytest.fixture
def ready_page(page):
    """The page, loaded and ready to read a drawing."""
    return open_ready(page)


def open_ready(page, path: str = "/"):
    page.goto(path)
    page.wait_for_function(
        "() => document.body.dataset.state === 'ready'", timeout=READY_TIMEOUT_MS
    )
    wait_for_strokes(page, 0)
    return page
