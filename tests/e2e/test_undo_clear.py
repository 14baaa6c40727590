"""The prediction's text and stroke count follow strokes, undo and clear (buttons and keys)."""

import time

import pytest
from helpers import CLEAR, ONE, SEVEN, UNDO, draw, seen, shown

from tools.replay import to_pixels, wait_for_strokes

BAR = [[(0.25, 0.2), (0.75, 0.2)]]
"""A bar across the top of ONE: the two together read differently from ONE alone."""
STEM = [[(0.5, 0.15), (0.5, 0.85)]]
LIVE_INTERVAL_MS = 150
"""Longer than the page's least time between two live predictions (100 ms)."""


@pytest.mark.both_interpreters
def test_undo_and_clear_by_button_and_by_key(ready_page):
    page = ready_page
    ways = {
        "buttons": (lambda: page.click(UNDO), lambda: page.click(CLEAR)),
        "Control+z and Escape": (
            lambda: page.keyboard.press("Control+z"),
            lambda: page.keyboard.press("Escape"),
        ),
        "Meta+z and Escape": (
            lambda: page.keyboard.press("Meta+z"),
            lambda: page.keyboard.press("Escape"),
        ),
    }
    for way, (undo, clear) in ways.items():
        draw(page, ONE)
        first = wait_for_strokes(page, 1)
        first_seen = seen(page)
        draw(page, BAR)
        both = wait_for_strokes(page, 2)
        assert first and both and both != first, f"{way}: strokes read {first!r}, {both!r}"

        undo()
        assert wait_for_strokes(page, 1) == first, way
        assert seen(page) == first_seen, f"{way}: undo did not bring back the first stroke alone"
        undo()
        assert wait_for_strokes(page, 0) == "", way
        assert page.is_disabled(UNDO) and page.is_disabled(CLEAR), way

        draw(page, ONE)
        draw(page, BAR)
        wait_for_strokes(page, 2)
        clear()
        assert wait_for_strokes(page, 0) == "", way
        assert page.is_disabled(UNDO) and page.is_disabled(CLEAR), way


def test_clear_right_after_a_stroke_wins_and_drawing_goes_on(ready_page):
    """Clear sent at once after pointer-up: no late prediction of the cleared stroke shows."""
    page = ready_page
    for clear in (lambda: page.keyboard.press("Escape"), lambda: page.click(CLEAR)):
        draw(page, SEVEN)
        clear()
        wait_for_strokes(page, 0)
        time.sleep(0.3)  # time for a stale prediction to land, if one were still coming
        assert shown(page) == ("", 0)
    draw(page, SEVEN)
    assert wait_for_strokes(page, 1) == "7"


def test_a_live_prediction_does_not_count_the_stroke_being_drawn(ready_page):
    page = ready_page
    for count, strokes in enumerate((STEM, BAR)):
        before = seen(page)
        (start, end), *_ = to_pixels(page, strokes)
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move(*end, steps=10)
        page.wait_for_timeout(LIVE_INTERVAL_MS)
        page.mouse.move(end[0] + 1, end[1])  # the page predicts live at most every 100 ms
        text, shown_count = shown(page)
        assert text != "" and seen(page) != before, "no live prediction of the stroke"
        assert shown_count == count, "the stroke being drawn was counted"
        page.mouse.up()
        assert wait_for_strokes(page, count + 1) != ""
