"""Real handwriting from pen writers the model never saw, drawn with real mouse events."""

import random

from tools.bench import pick_digits
from tools.replay import clear, draw_mouse, place, to_pixels, wait_for_strokes

PER_DIGIT = 5
SEED = 0
MIN_ACCURACY = 0.95


def test_held_out_pen_digits_are_read_with_95_percent_accuracy(ready_page):
    """50 digits (5 per class, fixed seed) at the `fit` placement, cleared between digits."""
    page = ready_page
    digits = pick_digits(PER_DIGIT, SEED)
    assert len(digits) == 10 * PER_DIGIT
    rng = random.Random(SEED)
    misread = []
    for digit in digits:
        strokes = to_pixels(page, place(digit.strokes, "fit", rng))
        draw_mouse(page, strokes)
        text = wait_for_strokes(page, len(strokes))
        if text != str(digit.label):
            misread.append(f"{digit.label} as {text or 'nothing'}")
        clear(page)
    accuracy = 1 - len(misread) / len(digits)
    print(f"held-out pen digits: {accuracy:.0%} of {len(digits)} read right")
    assert accuracy >= MIN_ACCURACY, f"{accuracy:.0%} read right; misread: {', '.join(misread)}"
