"""The drawing survives a window resize, and a high-DPI screen reads digits as a plain one does."""

import random

from helpers import CLEAR, UNDO, draw, inked_pixels, max_difference, ready_page_in, seen

from tools.bench import pick_digits
from tools.replay import draw_mouse, place, to_pixels, wait_for_strokes

STEM = [[(0.55, 0.2), (0.45, 0.8)]]
BAR = [[(0.3, 0.2), (0.7, 0.2)]]
BACKING_STORE_FITS = """() => {
    const pad = document.querySelector('[data-testid="pad"]');
    const box = pad.getBoundingClientRect();
    return pad.width === Math.round(box.width * devicePixelRatio)
        && pad.height === Math.round(box.height * devicePixelRatio);
}"""
SEED = 1
SAME_IMAGE = 1
"""Largest grey-level difference (of 255) between two 28x28 images of the same strokes."""


def test_resizing_between_strokes_keeps_the_drawing(ready_page):
    """After a resize the first stroke is still shown, undone and cleared, and read with the
    second exactly as the two strokes drawn afresh at the new size are."""
    page = ready_page
    draw(page, STEM)
    stem = wait_for_strokes(page, 1), seen(page)
    width_before = page.locator('[data-testid="pad"]').bounding_box()["width"]

    page.set_viewport_size({"width": 800, "height": 900})  # the same layout, a narrower pad
    page.wait_for_function(BACKING_STORE_FITS)
    assert page.locator('[data-testid="pad"]').bounding_box()["width"] != width_before
    assert inked_pixels(page) > 0, "the first stroke is no longer shown after the resize"

    draw(page, BAR)
    both = wait_for_strokes(page, 2), seen(page)
    page.click(UNDO)
    assert wait_for_strokes(page, 1) == stem[0]
    assert max_difference(seen(page), stem[1]) <= SAME_IMAGE
    page.click(CLEAR)
    assert wait_for_strokes(page, 0) == ""
    assert inked_pixels(page) == 0

    draw(page, STEM)
    draw(page, BAR)
    assert wait_for_strokes(page, 2) == both[0]
    assert max_difference(seen(page), both[1]) <= SAME_IMAGE, "the stroke before the resize moved"


def test_device_scale_factor_2_reads_digits_as_1_does(ready_page, browser, base_url, watch):
    """Held-out pen digits of five classes, drawn at the same CSS pixels in both pages."""
    digits = pick_digits(1, SEED)[:5]
    rng = random.Random(SEED)
    with ready_page_in(browser, base_url, watch, device_scale_factor=2) as sharp_page:
        assert sharp_page.evaluate("devicePixelRatio") == 2
        for page in (ready_page, sharp_page):
            assert page.evaluate(BACKING_STORE_FITS)
        for digit in digits:
            readings = []
            for page in (ready_page, sharp_page):
                strokes = to_pixels(page, place(digit.strokes, "fit", rng))
                draw_mouse(page, strokes)
                readings.append((wait_for_strokes(page, len(strokes)), seen(page)))
                page.keyboard.press("Escape")
                wait_for_strokes(page, 0)
            (plain, plain_seen), (sharp, sharp_seen) = readings
            assert plain == sharp, f"a {digit.label} read as {plain} at 1x but {sharp} at 2x"
            assert max_difference(plain_seen, sharp_seen) <= SAME_IMAGE
