"""Digits joined without lifting the pen, and the labelled pieces the trainer makes of them."""

import math
import random

import numpy as np
import pytest

from tools.numbers import fit_number, joined_strokes, load_real_numbers
from tools.replay import NUMBER_HEIGHT
from trainer.joins import (
    CONNECTOR,
    NOT_A_DIGIT,
    connector,
    cut_pieces,
    join,
    label_of,
    labelled_candidates,
    letter_pieces,
    natural,
)
from trainer.pendigits import PenDigit


def points(x0, y0, x1, y1, count=12) -> list:
    return [
        (x0 + (x1 - x0) * t / (count - 1), y0 + (y1 - y0) * t / (count - 1)) for t in range(count)
    ]


def oval(cx, cy, r, count=40) -> list:
    """A 0 from its top, anticlockwise on screen (y down)."""
    return [
        (
            cx - 0.7 * r * math.sin(math.tau * t / (count - 1)),
            cy - r * math.cos(math.tau * t / (count - 1)),
        )
        for t in range(count)
    ]


ONE = [points(0, 0, 0, 10)]
ZERO = [oval(5, 5, 5)]
FOUR = [points(3, 0, 0, 6) + points(0, 6, 6, 6)[1:], points(4, 2, 4, 10)]


def test_join_runs_one_digit_into_the_next_through_a_connector():
    strokes, owners = join([ONE, ZERO], [True])
    assert len(strokes) == 1 and strokes[0][:12] == ONE[0] and strokes[0][-40:] == ZERO[0]
    assert owners[0][:12] == [0] * 12 and owners[0][-40:] == [1] * 40
    link = strokes[0][12:-40]
    assert link and all(o == CONNECTOR for o in owners[0][12:-40])
    assert all(math.dist(a, b) < 1.2 for a, b in zip(link, link[1:], strict=False))


def test_join_keeps_the_other_strokes_of_a_digit_and_unjoined_neighbours():
    """A 4 of two strokes: its last stroke (the stem) runs into the 1; the 0 after stays apart."""
    strokes, owners = join([FOUR, ONE, ZERO], [True, False])
    assert len(strokes) == 3
    assert strokes[0] == FOUR[0] and owners[0] == [0] * len(FOUR[0])
    assert strokes[1][: len(FOUR[1])] == FOUR[1] and strokes[1][-12:] == ONE[0]
    assert strokes[2] == ZERO[0] and set(owners[2]) == {2}


def test_the_connector_is_spaced_like_the_strokes():
    link = connector([(0, 0), (1, 0)], [(5, 0), (6, 0)])
    assert link == [(1.0 + i, 0.0) for i in range(1, 4)]


def test_a_writer_joins_only_when_the_next_digit_starts_ahead_and_near():
    near = [ONE, [[(x + 3, y) for x, y in s] for s in ZERO]]  # the 0 starts at (3, 0)
    far_back = [[[(x + 9, y) for x, y in s] for s in ONE], [[(x - 2, y) for x, y in ZERO[0]]]]
    far_ahead = [ONE, [[(x + 30, y) for x, y in s] for s in ZERO]]
    assert natural(near) == [True]
    assert natural(far_back) == [False] and natural(far_ahead) == [False]


def test_labels_follow_whose_ink_a_candidate_holds():
    totals = {0: 10.0, 1: 20.0}
    assert label_of({0: 10.0, CONNECTOR: 3.0}, totals) == 0  # a digit with a stub
    assert label_of({0: 10.0, CONNECTOR: 8.0}, totals) is None  # a stub longer than STUB
    assert label_of({0: 10.0, 1: 0.5}, totals) == 0  # a crumb of its neighbour
    assert label_of({0: 10.0, 1: 10.0}, totals) == NOT_A_DIGIT  # half of the next one too
    assert label_of({1: 8.0}, totals) == NOT_A_DIGIT  # part of a digit
    assert label_of({1: 17.0}, totals) is None  # nearly all of it: might pass for it
    assert label_of({CONNECTOR: 5.0}, totals) is None  # no digit's ink at all


def test_a_joined_ten_gives_the_one_the_zero_and_pieces_that_are_not_digits():
    strokes, owners = join([ONE, ZERO], [True])
    labelled = labelled_candidates(strokes, owners)
    labels = [label for _, label in labelled]
    assert 0 in labels and 1 in labels  # the 1 and the 0 (index 1 in the number)
    for pieces, label in labelled:
        if label == 0:  # the 1 on its own, maybe with the connector: within the 1's height
            assert all(x <= 5 for piece in pieces for x, _ in piece)


def test_cut_pieces_gives_half_digits_with_stubs_half_pieces_and_depends_on_the_seed():
    rng = np.random.default_rng(0)
    digits = []
    for writer in (1, 2):
        for label, strokes in ((1, ONE), (0, ZERO), (4, FOUR)):
            for _ in range(3):
                jitter = rng.normal(0, 0.2, 2)
                digits.append(
                    PenDigit(
                        label,
                        writer,
                        [[(x + jitter[0], y + jitter[1]) for x, y in s] for s in strokes],
                    )
                )
    drawings, labels = cut_pieces(digits, 40, seed=3)
    assert len(drawings) == len(labels) == 40
    assert np.sum(labels == NOT_A_DIGIT) == 20
    assert set(labels[labels != NOT_A_DIGIT].tolist()) <= {0, 1, 4}
    again, labels_again = cut_pieces(digits, 40, seed=3)
    assert again == drawings and np.array_equal(labels, labels_again)
    assert cut_pieces(digits, 40, seed=4)[0] != drawings


@pytest.mark.parametrize("count", [0, 1])
def test_cut_pieces_makes_as_many_as_asked(count):
    digits = [PenDigit(1, 1, ONE), PenDigit(0, 1, ZERO)]
    drawings, labels = cut_pieces(digits, count, seed=0)
    assert len(drawings) == len(labels) == count


def test_letter_pieces_are_the_cut_parts_of_letters_that_may_not_pass_for_digits():
    """An N and an M in one stroke: their pieces are the bends, never a lone upright (a 1)."""
    letter_n = [points(0, 10, 0, 0) + points(0, 0, 6, 10)[1:] + points(6, 10, 6, 0)[1:]]
    letter_m = [
        points(0, 10, 1, 0)
        + points(1, 0, 4, 7)[1:]
        + points(4, 7, 7, 0)[1:]
        + points(7, 0, 8, 10)[1:]
    ]
    letters = [PenDigit("N", 1, letter_n), PenDigit("M", 1, letter_m)]
    pieces = letter_pieces(letters, 10, seed=0)
    assert pieces
    for piece in pieces:
        ends = math.dist(piece[0][0], piece[-1][-1])
        ink = sum(math.dist(a, b) for p in piece for a, b in zip(p, p[1:], strict=False))
        assert ink > 1.3 * ends  # bent: not a 1
    assert len(letter_pieces(letters, 1, seed=0)) == 1


def test_joined_numbers_for_the_bench_run_on_where_a_writer_would():
    """tools.numbers' joined numbers: one stroke where every neighbour is joined, inside the
    pad; none joined with a share of 0."""
    rng = random.Random(0)
    number = [PenDigit(1, 1, ONE), PenDigit(0, 1, ZERO), PenDigit(0, 1, ZERO)]
    strokes = joined_strokes(number, 3.0, rng)
    assert len(strokes) == 1
    assert all(0 < x < 1 and 0 < y < 1 for x, y in strokes[0])
    assert len(joined_strokes(number, 3.0, random.Random(0), share=0.0)) == 3


def test_the_real_numbers_are_fitted_to_the_pad_with_their_strokes_in_order():
    numbers = load_real_numbers()
    assert len(numbers) == 86 and all(n.label.isdigit() and len(n.label) >= 2 for n in numbers)
    fitted = fit_number(numbers[0].strokes, 3.0)
    assert [len(s) for s in fitted] == [len(s) for s in numbers[0].strokes]
    xs = [x for s in fitted for x, _ in s]
    ys = [y for s in fitted for _, y in s]
    assert 0 < min(xs) < max(xs) < 1 and max(ys) - min(ys) == pytest.approx(NUMBER_HEIGHT)
