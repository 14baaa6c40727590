"""Real handwriting from pen writers the model never saw, drawn with real mouse events."""

import random

import pytest

from tools.bench import pick_digits
from tools.replay import clear, draw_mouse, place, to_pixels, wait_for_strokes

SEED = 0
MIN_ACCURACY = 0.95


@pytest.mark.parametrize(("placement", "per_digit"), [("fit", 5), ("small", 2), ("offcenter", 2)])
def test_held_out_pen_digits_are_read_with_95_percent_accuracy(ready_page, placement, per_digit):
    """Single digits (fixed seed) where a person writes one, at each placement of the bench,
    cleared between digits: the wide pad reads one digit as the square one did."""
    page = ready_page
    digits = pick_digits(per_digit, SEED)
    assert len(digits) == 10 * per_digit
    rng = random.Random(SEED)
    misread = []
    for digit in digits:
        strokes = to_pixels(page, place(digit.strokes, placement, rng))
        draw_mouse(page, strokes)
        text = wait_for_strokes(page, len(strokes))
        if text != str(digit.label):
            misread.append(f"{digit.label} as {text or 'nothing'}")
        clear(page)
    accuracy = 1 - len(misread) / len(digits)
    print(f"held-out pen digits: {accuracy:.0%} of {len(digits)} read right")
    assert accuracy >= MIN_ACCURACY, f"{accuracy:.0%} read right; misread: {', '.join(misread)}"
