"""Fixtures for driving the real page in Chromium with pytest-playwright.

A session-wide static server serves site/ on a free loopback port. The browser is Playwright's own
Chromium where it is installed, else the system's (Debian's /usr/bin/chromium, or $CHROMIUM).
Every page records its requests and console errors; a test fails if any request leaves the page's
origin or the console shows an error it did not expect (a Content-Security-Policy violation is
one). Service workers are blocked unless a test allows them in a context of its own.

Tests run on the page's default interpreter, MicroPython; those marked `both_interpreters` (the
smoke set) run on Pyodide too. The `interpreter` fixture says which; `page_path(interpreter)` is
the address that opens the page on it.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.browser import NoChromium, launch_options
from tools.replay import wait_for_strokes
from tools.serve import start_server, url_of

READY_TIMEOUT_MS = 90_000
INTERPRETERS = ("micropython", "pyodide")
"""The page's default interpreter first."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_interpreters: run on Pyodide too, not only the default"
    )


def pytest_generate_tests(metafunc):
    if "interpreter" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_interpreters"
    ):
        metafunc.parametrize("interpreter", INTERPRETERS)


@pytest.fixture
def interpreter() -> str:
    """The interpreter the page runs on in this test."""
    return INTERPRETERS[0]


def page_path(interpreter: str) -> str:
    """The page's address on `interpreter`: the plain one on the default."""
    return "/" if interpreter == INTERPRETERS[0] else f"/?interpreter={interpreter}"


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
def browser_context_args(browser_context_args):
    return {**browser_context_args, "service_workers": "block"}


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
def ready_page(page, interpreter):
    """The page, loaded and ready to read a drawing."""
    return open_ready(page, page_path(interpreter))


def open_ready(page, path: str = "/"):
    page.goto(path)
    page.wait_for_function(
        "() => document.body.dataset.state === 'ready'", timeout=READY_TIMEOUT_MS
    )
    wait_for_strokes(page, 0)
    return page
