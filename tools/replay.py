"""Draw strokes into the page's pad with real input events, as a person would.

Mouse strokes go through Playwright's mouse; touch strokes through Chromium's DevTools protocol
(Input.dispatchTouchEvent), which the page receives as touch-type pointer events. Used by the
end-to-end tests and by the pen-replay benchmark.
"""

import random
from collections.abc import Sequence

Point = tuple[float, float]
PREDICTION = '[data-testid="prediction"]'

PLACEMENTS = {
    "fit": 0.70,  # digit height as a fraction of the canvas height, centred
    "small": 0.30,  # centred
    "offcenter": 0.50,  # near a random corner
}


def place(strokes: Sequence[Sequence[Point]], placement: str, rng: random.Random) -> list:
    """Scale and move strokes (any units, y down) into canvas fractions for a placement."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    size = PLACEMENTS[placement]
    scale = size / max(height, width, 1e-9)
    width, height = width * scale, height * scale
    if placement == "offcenter":
        margin = 0.04
        left = margin if rng.random() < 0.5 else 1 - margin - width
        top = margin if rng.random() < 0.5 else 1 - margin - height
    else:
        left, top = (1 - width) / 2, (1 - height) / 2
    return [
        [(left + (x - min(xs)) * scale, top + (y - min(ys)) * scale) for x, y in stroke]
        for stroke in strokes
    ]


def pad_box(page) -> tuple[float, float, float, float]:
    """The pad's (x, y, width, height) in CSS pixels of the viewport."""
    box = page.locator('[data-testid="pad"]').bounding_box()
    return box["x"], box["y"], box["width"], box["height"]


def to_pixels(page, strokes: Sequence[Sequence[Point]]) -> list[list[Point]]:
    """Canvas fractions to viewport pixels."""
    x0, y0, width, height = pad_box(page)
    return [[(x0 + x * width, y0 + y * height) for x, y in stroke] for stroke in strokes]


def draw_mouse(page, strokes: Sequence[Sequence[Point]], steps: int = 1) -> None:
    """Draw viewport-pixel strokes with the mouse; `steps` moves per point (more = denser)."""
    for stroke in strokes:
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*point, steps=steps)
        page.mouse.up()


def draw_touch(page, strokes: Sequence[Sequence[Point]]) -> None:
    """Draw viewport-pixel strokes with one finger (needs a context with has_touch=True)."""
    session = page.context.new_cdp_session(page)
    try:
        for stroke in strokes:
            for index, (x, y) in enumerate(stroke):
                kind = "touchStart" if index == 0 else "touchMove"
                session.send(
                    "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]}
                )
            session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        session.detach()


def wait_for_strokes(page, count: int, timeout: float = 10_000) -> str:
    """Wait until the shown prediction reflects `count` strokes; return the predicted text."""
    page.wait_for_function(  # a function, not an expression: the page's CSP forbids eval()
        f"() => document.querySelector('{PREDICTION}').dataset.strokeCount === '{count}'",
        timeout=timeout,
    )
    return page.text_content(PREDICTION)


def clear(page) -> None:
    page.click('[data-testid="clear"]')
    wait_for_strokes(page, 0)


def sparse(strokes: Sequence[Sequence[Point]], every: int) -> list[list[Point]]:
    """Keep every `every`-th point of each stroke (and its last), like a slow event stream."""
    return [
        list(stroke[::every]) + ([stroke[-1]] if (len(stroke) - 1) % every else [])
        for stroke in strokes
    ]
