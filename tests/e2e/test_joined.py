"""Digits written without lifting the pen are read one by one; a digit written in one stroke is
never cut; a letter whose strokes look like 1s is not read as digits."""

import math
import random

from helpers import draw

from tools.replay import lay_out_number, pad_aspect, wait_for_strokes
from trainer.joins import join


def _line(corners: list, step: float = 0.03) -> list:
    """Points along straight lines through `corners`, about `step` apart, as a mouse gives."""
    points = [corners[0]]
    for a, b in zip(corners, corners[1:], strict=False):
        count = max(2, int(math.dist(a, b) / step))
        points += [
            (a[0] + (b[0] - a[0]) * i / count, a[1] + (b[1] - a[1]) * i / count)
            for i in range(1, count + 1)
        ]
    return points


# Digits in a unit box (y down), one stroke each, drawn as most people draw them.
ONE = [_line([(0.5, 0.0), (0.5, 1.0)])]
ZERO = [
    [
        (0.5 - 0.4 * math.sin(math.tau * t / 60), 0.5 - 0.5 * math.cos(math.tau * t / 60))
        for t in range(61)
    ]
]
"""From the top, anticlockwise."""
EIGHT = [
    [
        (0.5 + 0.3 * math.sin(2 * math.tau * t / 80), 0.5 - 0.5 * math.cos(math.tau * t / 80))
        for t in range(81)
    ]
]
"""From the top, down through the middle and round the bottom loop, back up to the top."""
TWO = [
    [
        (0.5 - 0.35 * math.cos(math.pi * t / 20), 0.3 - 0.3 * math.sin(math.pi * t / 20))
        for t in range(21)
    ]
    + _line(
        [(0.85, 0.3), (0.2, 0.9), (0.08, 0.82), (0.15, 0.72), (0.27, 0.82), (0.3, 1.0), (0.95, 1.0)]
    )[1:]
]
"""Over the top, down to the left, a small loop, then the base."""
LETTER_H = [
    _line([(0.1, 0.0), (0.1, 1.0)]),
    _line([(0.7, 0.0), (0.7, 1.0)]),
    _line([(0.1, 0.5), (0.7, 0.5)]),
]


def write(page, digits: list, joined: list[bool]) -> int:
    """Write digits (unit boxes) across the pad as one number, running each into the next where
    `joined` says (the pen not lifted); returns the number of strokes drawn."""
    aspect = pad_aspect(page)
    placed = lay_out_number(digits, aspect, random.Random(0), gap=(0.15, 0.3))
    square = [[[(x * aspect, y) for x, y in s] for s in digit] for digit in placed]
    strokes, _ = join(square, joined)
    draw(page, [[(x / aspect, y) for x, y in s] for s in strokes], steps=1, wide=True)
    return len(strokes)


def test_ten_and_double_zero_each_in_one_stroke(ready_page):
    page = ready_page
    assert write(page, [ONE, ZERO], [True]) == 1
    assert wait_for_strokes(page, 1) == "10"
    page.keyboard.press("Escape")
    wait_for_strokes(page, 0)
    assert write(page, [ZERO, ZERO], [True]) == 1
    assert wait_for_strokes(page, 1) == "00"


def test_a_hundred_in_two_strokes(ready_page):
    """The 1 alone, then both zeros in one stroke."""
    page = ready_page
    assert write(page, [ONE, ZERO, ZERO], [False, True]) == 2
    assert wait_for_strokes(page, 2) == "100"


def test_a_digit_in_one_stroke_is_not_cut(ready_page):
    page = ready_page
    assert write(page, [EIGHT], []) == 1
    assert wait_for_strokes(page, 1) == "8"
    page.keyboard.press("Escape")
    wait_for_strokes(page, 0)
    assert write(page, [TWO], []) == 1
    assert wait_for_strokes(page, 1) == "2"


def test_an_h_in_three_strokes_is_not_a_digit(ready_page):
    page = ready_page
    assert write(page, [LETTER_H], []) == 3
    assert wait_for_strokes(page, 3) == "?"
