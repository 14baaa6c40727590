"""Numbers written on one line are read digit by digit, left to right; parts that are not digits
are marked "?"; undo, clear and choosing a digit work on numbers too."""

import math
import random

from helpers import CLEAR, UNDO, draw, shown

from tools.numbers import edit_distance, writers_digits
from tools.replay import draw_mouse, lay_out_number, pad_aspect, to_pixels_wide, wait_for_strokes

# Clean digits in a unit box (y down); a 4 of two strokes.
ONE = [[(0.45, 0.0), (0.5, 0.5), (0.5, 1.0)]]
ZERO = [
    [
        (0.5 + 0.35 * math.sin(math.tau * s / 24), 0.5 - 0.5 * math.cos(math.tau * s / 24))
        for s in range(25)
    ]
]
FOUR = [[(0.55, 0.0), (0.05, 0.65), (0.8, 0.65)], [(0.6, 0.3), (0.6, 1.0)]]
SEVEN = [[(0.0, 0.0), (0.75, 0.0), (0.3, 1.0)]]
LETTER_H = [[(0.1, 0.0), (0.1, 1.0)], [(0.7, 0.0), (0.7, 1.0)], [(0.1, 0.5), (0.7, 0.5)]]
"""A letter taught as not a digit (an A, say, may pass for a 4: docs/training.md)."""
DIGITS = '[data-testid="digits"] button'
MARKS = '[data-testid="marks"] .mark'


def write(page, digits, seed: int = 0, gap=(0.15, 0.3)) -> int:
    """Write `digits` (strokes in unit boxes) as one number across the pad; returns the number
    of strokes drawn."""
    aspect = pad_aspect(page)
    placed = lay_out_number(digits, aspect, random.Random(seed), gap)
    strokes = [stroke for digit in placed for stroke in digit]
    draw(page, strokes, steps=3, wide=True)
    return len(strokes)


def test_ten_and_eleven(ready_page):
    page = ready_page
    assert wait_for_strokes(page, write(page, [ONE, ZERO])) == "10"
    assert page.locator(DIGITS).count() == 2 and page.locator(MARKS).count() == 2
    page.click(CLEAR)
    assert wait_for_strokes(page, write(page, [ONE, ONE])) == "11"


def test_a_two_stroke_four_beside_a_one_is_41(ready_page):
    assert wait_for_strokes(ready_page, write(ready_page, [FOUR, ONE])) == "41"


def test_digits_whose_boxes_overlap_are_still_two(ready_page):
    """The 7's top bar reaches over the 4 beside it."""
    page = ready_page
    count = write(page, [SEVEN, FOUR], gap=(-0.12, -0.1))
    assert wait_for_strokes(page, count) == "74"
    boxes = [page.locator(MARKS).nth(i).bounding_box() for i in range(2)]
    assert boxes[0]["x"] + boxes[0]["width"] > boxes[1]["x"], "the boxes do not overlap"


def test_undo_and_clear_a_number(ready_page):
    page = ready_page
    count = write(page, [FOUR, ONE, ZERO])
    assert wait_for_strokes(page, count) == "410"
    page.click(UNDO)
    assert wait_for_strokes(page, count - 1) == "41"
    page.keyboard.press("Control+z")
    assert wait_for_strokes(page, count - 2) == "4"
    page.click(CLEAR)
    assert wait_for_strokes(page, 0) == ""
    assert page.locator(DIGITS).count() == 0 and page.locator(MARKS).count() == 0


def test_choosing_a_digit_shows_its_probabilities(ready_page):
    """Click, or Tab to a digit and press Enter: the bars and the image follow that digit."""
    page = ready_page
    wait_for_strokes(page, write(page, [SEVEN, ONE]))
    chips = page.locator(DIGITS)
    assert chips.nth(1).get_attribute("aria-pressed") == "true"  # the last digit by default
    assert page.text_content("#bars li.top .label") == "1"
    chips.nth(0).click()
    assert chips.nth(0).get_attribute("aria-pressed") == "true"
    assert chips.nth(1).get_attribute("aria-pressed") == "false"
    assert page.text_content("#bars li.top .label") == "7"
    assert page.locator(MARKS + ".selected").text_content() == "7"
    chips.nth(1).focus()
    page.keyboard.press("Enter")
    assert page.text_content("#bars li.top .label") == "1"
    assert chips.nth(0).get_attribute("aria-pressed") == "false"
    assert page.locator(MARKS + ".selected").text_content() == "1"


def test_a_letter_is_not_a_digit_alone_or_in_a_number(ready_page):
    page = ready_page
    assert wait_for_strokes(page, write(page, [LETTER_H])) == "?"
    assert "not a digit" in page.text_content('[data-testid="confidence"]').lower()
    assert page.locator(MARKS + ".rejected").count() == 1
    page.click(CLEAR)
    count = write(page, [ONE, LETTER_H, SEVEN], gap=(0.25, 0.35))
    assert wait_for_strokes(page, count) == "1?7"


def test_a_fifteen_digit_number_is_read(ready_page):
    """One held-out writer's digits, small enough to fit: every stroke is taken in and the
    answer has the number's length, give or take a misread."""
    page = ready_page
    writer = writers_digits("held-out")[0]
    digits = random.Random(1).sample(writer, 15)
    aspect = pad_aspect(page)
    placed = lay_out_number([d.strokes for d in digits], aspect, random.Random(1))
    strokes = [stroke for digit in placed for stroke in digit]
    draw_mouse(page, to_pixels_wide(page, strokes))
    text = wait_for_strokes(page, len(strokes), timeout=60_000)
    truth = "".join(str(d.label) for d in digits)
    assert edit_distance(truth, text) <= 2, (truth, text)
    assert shown(page) == (text, len(strokes))
