"""Gestures a person makes that are not neat digit strokes: each is read, none breaks the page."""

import math

from helpers import draw, status_error

from tools.replay import PREDICTION, clear, pad_box, to_pixels, wait_for_strokes

# In fractions of the whole pad (drawn with wide=True).
LEAVE_AND_RETURN = [[(0.45, 0.3), (0.45, 1.3), (0.55, 1.3), (0.55, 0.3)]]
"""Down out of the bottom edge, along below the canvas, back up in: a U cut by the edge."""
END_OUTSIDE = [[(0.8, 0.2), (0.8, 0.8), (1.2, 0.8)]]
"""A stroke released to the right of the canvas."""
LONG_STROKE_POINTS = 2000
POINTS_PER_EVENT = 10

RECORD_POINTER_ID = (
    'document.addEventListener("pointerdown", event => { window.penPointerId = event.pointerId; },'
    " {capture: true, once: true})"
)
FAST_PEN = """([points, perEvent]) => {
    const pad = document.querySelector('[data-testid="pad"]');
    const init = ([x, y]) => ({
        clientX: x, clientY: y, pointerId: window.penPointerId, pointerType: "mouse",
        isPrimary: true, buttons: 1, bubbles: true,
    });
    const started = performance.now();
    for (let start = 0; start < points.length; start += perEvent) {
        const batch = points.slice(start, start + perEvent);
        const coalescedEvents = batch.map(point => new PointerEvent("pointermove", init(point)));
        const event = new PointerEvent("pointermove", {...init(batch.at(-1)), coalescedEvents});
        pad.dispatchEvent(event);
    }
    return performance.now() - started;
}"""
"""Moves of the pointer that is down, `perEvent` coalesced points to an event, as a fast pen gives
them. Real input events come one per frame here (about 17 ms each, so 35 s for 2,000 points)."""


def scribble(passes: int = 40) -> list:
    """One stroke from the centre zigzagging over the whole pad, a little past its edges.

    It starts inside: a press on the pad's very corner misses it (the corners are rounded).
    """
    zigzag = [(-0.02 if index % 2 else 1.02, index / (passes - 1)) for index in range(passes)]
    return [[(0.5, 0.5), *zigzag]]


def oval(points: int) -> list:
    """One stroke of `points` points: three turns of an oval, a slow and careful 0."""
    return [
        [
            (0.5 + 0.25 * math.sin(angle), 0.5 - 0.35 * math.cos(angle))
            for angle in (6 * math.pi * index / (points - 1) for index in range(points))
        ]
    ]


def test_a_stroke_that_leaves_the_canvas_is_one_stroke(ready_page):
    """Pointer capture keeps the gesture whole whether it comes back in or ends outside."""
    page = ready_page
    draw(page, LEAVE_AND_RETURN, wide=True)
    assert wait_for_strokes(page, 1) != ""
    draw(page, END_OUTSIDE, wide=True)
    assert wait_for_strokes(page, 2) != ""
    page.keyboard.press("Control+z")
    wait_for_strokes(page, 1)
    page.keyboard.press("Control+z")
    assert wait_for_strokes(page, 0) == ""


def test_a_tap_a_scribble_and_a_2000_point_stroke_are_each_read(ready_page):
    """Edge cases of ink: a single point, pieces clipped all round, and very many points."""
    page = ready_page
    x, y, width, height = pad_box(page)
    page.mouse.click(x + width / 2, y + height / 2)
    assert wait_for_strokes(page, 1) != "", "a tap"
    assert status_error(page) is None
    clear(page)

    draw(page, scribble(), wide=True)
    assert wait_for_strokes(page, 1) != "", "a scribble over the whole canvas"
    assert status_error(page) is None
    clear(page)

    points = to_pixels(page, oval(LONG_STROKE_POINTS))[0]
    page.evaluate(RECORD_POINTER_ID)
    page.mouse.move(*points[0])
    page.mouse.down()
    handling_ms = page.evaluate(FAST_PEN, [points[1:-1], POINTS_PER_EVENT])
    page.mouse.move(*points[-1])
    page.mouse.up()
    assert wait_for_strokes(page, 1) == "0", "a 2,000-point oval"
    latency_ms = float(page.get_attribute(PREDICTION, "data-latency-ms"))
    # Figures only: speed targets belong in the benchmark, not in a test.
    print(
        f"2,000 points: handled in {handling_ms:.0f} ms, read {latency_ms:.0f} ms after pointer-up"
    )
    assert status_error(page) is None
