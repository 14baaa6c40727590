"""The Content-Security-Policy keeps drawings on the device: the page loads from and talks to its
own origin only, and works under that policy on both interpreters."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import SEVEN, draw

from tools.replay import wait_for_strokes

RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
SEND_ELSEWHERE = """async other => {
    const attempts = {};
    try {
        await fetch(other + "fetch", {method: "POST", body: "the drawing"});
        attempts.fetch = "sent";
    } catch (error) {
        attempts.fetch = "blocked";
    }
    attempts.image = await new Promise(resolve => {
        const image = new Image();
        image.onload = () => resolve("sent");
        image.onerror = () => resolve("blocked");
        image.src = other + "image?the-drawing";
    });
    navigator.sendBeacon(other + "beacon", "the drawing");  // queued, then blocked
    await new Promise(resolve => setTimeout(resolve, 500));  // time for it to go, were it allowed
    return attempts;
}"""


class Recorder(BaseHTTPRequestHandler):
    """Another origin that notes every request it gets."""

    received: list[str] = []

    def do_GET(self):  # noqa: N802 - the base class's naming
        self.received.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET  # noqa: N815

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def other_origin():
    """A server on another port (another origin) and the list of requests it received."""
    Recorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", Recorder.received
    server.shutdown()


@pytest.fixture
def page(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


@pytest.mark.both_interpreters
def test_the_page_loads_and_reads_a_digit_without_breaking_its_policy(ready_page):
    draw(ready_page, SEVEN)
    assert wait_for_strokes(ready_page, 1) == "7"
    assert ready_page.evaluate("window.violations") == []


def test_the_browser_blocks_sending_anything_to_another_origin(ready_page, watch, other_origin):
    other, received = other_origin
    watch.expected_errors.append("Content Security Policy")
    attempts = ready_page.evaluate(SEND_ELSEWHERE, other)
    # The browser reports the blocked image as a request; none reached the other origin.
    watch.requests = [url for url in watch.requests if not url.startswith(other)]
    assert attempts == {"fetch": "blocked", "image": "blocked"}
    assert received == [], "another origin got a request"
    violations = ready_page.evaluate("window.violations")
    assert sorted(violation.split()[0] for violation in violations) == [
        "connect-src",
        "connect-src",
        "img-src",
    ], violations
