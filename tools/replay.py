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
NUMBER_HEIGHT = 0.55
"""Height of a number's digits, as a fraction of the pad's height (before jitter)."""


def place(strokes: Sequence[Sequence[Point]], placement: str, rng: random.Random) -> list:
    """Scale and move strokes (any units, y down) into square fractions (see `to_pixels`) for a
    placement; `offcenter` is near a corner of that square."""
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


def pad_aspect(page) -> float:
    """The pad's width over its height."""
    _, _, width, height = pad_box(page)
    return width / height


def to_pixels(page, strokes: Sequence[Sequence[Point]]) -> list[list[Point]]:
    """Square fractions to viewport pixels: (0, 0) to (1, 1) is the square of the pad's height in
    the middle of the pad, where a person writes a single digit."""
    x0, y0, width, height = pad_box(page)
    left = x0 + (width - height) / 2
    return [[(left + x * height, y0 + y * height) for x, y in stroke] for stroke in strokes]


def to_pixels_wide(page, strokes: Sequence[Sequence[Point]]) -> list[list[Point]]:
    """Pad fractions to viewport pixels: (0, 0) to (1, 1) is the whole pad, however wide."""
    x0, y0, width, height = pad_box(page)
    return [[(x0 + x * width, y0 + y * height) for x, y in stroke] for stroke in strokes]


def lay_out_number(
    digits: Sequence[Sequence[Sequence[Point]]],
    aspect: float,
    rng: random.Random,
    gap: tuple[float, float] = (-0.08, 0.35),
) -> list[list[list[Point]]]:
    """Digits' strokes (any units, y down) written left to right as one number, in pad fractions
    (see `to_pixels_wide`) for a pad `aspect` times as wide as tall.

    Each digit gets the same height give or take 10% and a baseline jitter of 5% of it; the gap
    after it is `gap` times that height (negative: the boxes overlap). A number too long for the
    pad is scaled down to fit, as a person writes smaller near the edge.
    """
    placed, x = [], 0.0
    for strokes in digits:
        xs = [px for stroke in strokes for px, _ in stroke]
        ys = [py for stroke in strokes for _, py in stroke]
        height = NUMBER_HEIGHT * rng.uniform(0.9, 1.1)
        scale = height / max(max(ys) - min(ys), (max(xs) - min(xs)) / 2, 1e-9)
        top = (1 - height) / 2 + rng.uniform(-0.05, 0.05) * height
        placed.append(
            [
                [(x + (px - min(xs)) * scale, top + (py - min(ys)) * scale) for px, py in s]
                for s in strokes
            ]
        )
        width = x + (max(xs) - min(xs)) * scale  # of the number so far
        x = width + rng.uniform(*gap) * NUMBER_HEIGHT
    shrink = min(1.0, 0.94 * aspect / width)
    left = (aspect - width * shrink) / 2
    return [
        [
            [((left + px * shrink) / aspect, 0.5 + (py - 0.5) * shrink) for px, py in s]
            for s in strokes
        ]
        for strokes in placed
    ]


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
