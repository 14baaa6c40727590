"""Strokes and page probes shared by the end-to-end tests (fixtures live in conftest.py)."""

from contextlib import contextmanager

from conftest import open_ready

from tools.replay import draw_mouse, to_pixels, to_pixels_wide

STATUS = '[data-testid="status"]'
UNDO = '[data-testid="undo"]'
CLEAR = '[data-testid="clear"]'

# Strokes in square fractions: the square of the pad's height in its middle (see to_pixels).
SEVEN = [[(0.3, 0.25), (0.7, 0.25), (0.45, 0.78)]]
ONE = [[(0.5, 0.15 + 0.05 * step) for step in range(15)]]
"""A vertical line, top to bottom: a clear 1."""

_SHOWN = """() => {
    const p = document.querySelector('[data-testid="prediction"]');
    return [p.textContent, Number(p.dataset.strokeCount)];
}"""
_SEEN = """() => Array.from(
    document.getElementById('seen').getContext('2d').getImageData(0, 0, 28, 28).data
).filter((_, index) => index % 4 === 0)"""
_INKED = """() => {
    const pad = document.querySelector('[data-testid="pad"]');
    const data = pad.getContext('2d').getImageData(0, 0, pad.width, pad.height).data;
    let inked = 0;
    for (let index = 3; index < data.length; index += 4) inked += data[index] > 0;
    return inked;
}"""


def draw(page, strokes, steps: int = 2, wide: bool = False) -> None:
    """Draw strokes with the mouse, `steps` moves per segment: in square fractions, or in
    fractions of the whole pad if `wide`."""
    draw_mouse(page, (to_pixels_wide if wide else to_pixels)(page, strokes), steps=steps)


def shown(page) -> tuple[str, int]:
    """The prediction's text and stroke count, read in one go."""
    text, count = page.evaluate(_SHOWN)
    return text, count


def seen(page) -> list[int]:
    """The 28x28 image the model last read (grey levels 0-255), as the page shows it."""
    return page.evaluate(_SEEN)


def inked_pixels(page) -> int:
    """How many pixels of the pad's backing store carry ink."""
    return page.evaluate(_INKED)


def status_error(page) -> str | None:
    """The status message if the page shows an error (or left the ready state), else None."""
    state = page.evaluate("document.body.dataset.state")
    status = page.locator(STATUS)
    if state != "ready" or "error" in (status.get_attribute("class") or "").split():
        return f"{state}: {status.text_content()}"
    return None


def missing(route) -> None:
    """A page.route handler: the file is not there."""
    route.fulfill(status=404, body="Not found")


def failed_load_message(page, pattern: str, handler, timeout_ms: float, path: str = "/") -> str:
    """Load the page at `path` with `pattern` answered by the route `handler`; wait for the error
    state and return the status message, which must be shown as an error."""
    page.route(pattern, handler)
    page.goto(path)
    page.wait_for_function("() => document.body.dataset.state === 'error'", timeout=timeout_ms)
    assert "error" in page.get_attribute(STATUS, "class").split()
    return page.text_content(STATUS)


def max_difference(a: list[int], b: list[int]) -> int:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


@contextmanager
def ready_page_in(browser, base_url: str, watch, **context_options):
    """A ready page in a new browser context (touch, device scale...), watched like `page`."""
    context = browser.new_context(base_url=base_url, service_workers="block", **context_options)
    try:
        page = context.new_page()
        watch.attach(page)
        yield open_ready(page)
    finally:
        context.close()
