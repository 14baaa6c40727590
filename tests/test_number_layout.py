"""Synthetic numbers for the bench: layout across the pad, scoring by edit distance."""

import random

import pytest

from tools.numbers import (
    LENGTHS,
    PAD_ASPECT,
    edit_distance,
    make_numbers,
    score,
    tilt,
    wilson_interval,
    writers_digits,
)
from tools.replay import lay_out_number

BAR = [[(0, 0), (0, 10)]]
BOX = [[(0, 0), (5, 0), (5, 10), (0, 10), (0, 0)]]


def extent(strokes):
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("123", "123", 0),
        ("123", "13", 1),
        ("123", "1?3", 1),
        ("12", "21", 2),
        ("", "45", 2),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance == edit_distance(b, a)


def test_score_counts_whole_numbers_and_digit_errors():
    result = score([("12", "12"), ("345", "35"), ("6789", "6789")])
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["per_length"] == {2: 1.0, 3: 0.0, 4: 1.0}
    assert result["digit_error_rate"] == pytest.approx(1 / 9)
    low, high = result["accuracy_interval"]
    assert 0 < low < 2 / 3 < high < 1


@pytest.mark.parametrize(
    ("successes", "trials", "interval"),
    [
        (50, 100, (0.4038, 0.5962)),  # as statistics packages give it
        (0, 10, (0.0, 0.2775)),
        (10, 10, (0.7225, 1.0)),
    ],
)
def test_wilson_interval_matches_published_values(successes, trials, interval):
    assert wilson_interval(successes, trials) == pytest.approx(interval, abs=1e-4)


def test_tilt_leans_the_top_right_and_turns_the_line_upwards():
    centre = (0.5, 0.5 / PAD_ASPECT)
    top, right = (0.5, centre[1] - 0.1), (0.6, centre[1])
    assert tilt([top, right], 0.0, 0.0) == [top, right]
    leaning = tilt([top, centre], 0.3, 0.0)
    assert leaning[0] == pytest.approx((0.53, top[1])) and leaning[1] == pytest.approx(centre)
    turned = tilt([right], 0.0, 90.0)
    assert turned[0] == pytest.approx((0.5, centre[1] - 0.1))  # up on screen: y points down


def test_numbers_are_laid_out_left_to_right_inside_the_pad():
    placed = lay_out_number([BOX, BAR, BOX], 3.0, random.Random(0), gap=(0.1, 0.2))
    boxes = [extent(digit) for digit in placed]
    assert all(0 < b[0] and b[2] < 1 and 0 < b[1] and b[3] < 1 for b in boxes)
    assert boxes[0][2] < boxes[1][0] and boxes[1][2] < boxes[2][0]  # gaps, in order
    heights = [b[3] - b[1] for b in boxes]
    assert max(heights) / min(heights) < 1.25  # similar sizes


def test_a_long_number_is_shrunk_to_fit_and_gaps_can_overlap():
    placed = lay_out_number([BOX] * 15, 3.0, random.Random(0), gap=(-0.1, -0.05))
    boxes = [extent(digit) for digit in placed]
    assert boxes[0][0] > 0 and boxes[-1][2] < 1
    assert all(left[2] > right[0] for left, right in zip(boxes, boxes[1:], strict=False))


def test_numbers_are_one_held_out_writers_digits():
    writers = writers_digits("held-out")
    assert len(writers) == 5 + 8 + 27  # held-out writers of pendigits, UNIPEN, UNIPEN more
    numbers = make_numbers(writers, 10, seed=0)
    assert [len(n) for n in numbers] == list(LENGTHS) * 2
    assert all(len({d.writer for d in n}) == 1 for n in numbers)
    assert numbers == make_numbers(writers, 10, seed=0)
