"""Drawings that are not one digit (trainer/negatives.py): pairs, pieces, scribbles, drawn
letters, and the real letters taught as "not a digit"."""

import collections

import numpy as np

from trainer import negatives
from trainer.letters import TAUGHT, PenLetter
from trainer.pendigits import PenDigit

ZERO = [[(5 + 5 * np.sin(a), 10 - 10 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 30)]]
ONE = [[(5, 0), (5, 20)]]
SEVEN = [[(0, 0), (10, 0), (4, 20)]]


def box(strokes):
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    return min(xs), min(ys), max(xs), max(ys)


def writer_digits(writer: int) -> list[PenDigit]:
    return [
        PenDigit(1, writer, ONE),
        PenDigit(7, writer, SEVEN + [[(2, 10), (8, 10)]]),
        PenDigit(0, writer, ZERO),
    ]


def test_pairs_are_two_digits_side_by_side():
    """Two zeros (each half as wide as tall) make a drawing wider than one zero."""
    rng = np.random.default_rng(0)
    for drawing in negatives.pairs([PenDigit(0, 1, ZERO)], 20, rng):
        x0, y0, x1, y1 = box(drawing)
        assert len(drawing) == 2 and x1 - x0 > 0.7 * (y1 - y0)


def test_pieces_are_the_short_strokes_of_several_stroke_digits():
    found = negatives.pieces(writer_digits(1))
    assert found == [[[(2, 10), (8, 10)]]]  # the seven's bar, not its body, not the one


def test_digit_and_piece_adds_one_stroke_of_a_neighbour():
    rng = np.random.default_rng(0)
    made = negatives.digit_and_piece(writer_digits(1), 10, rng)
    assert len(made) == 10
    assert all(len(drawing) in (2, 3, 4) for drawing in made)


def test_scribbles_are_far_longer_than_wide():
    rng = np.random.default_rng(0)
    for _ in range(5):
        strokes = negatives.scribble(rng)
        length = sum(np.hypot(*np.diff(np.array(s), axis=0).T).sum() for s in strokes)
        x0, y0, x1, y1 = box(strokes)
        assert length > 7 * max(x1 - x0, y1 - y0)


def test_drawn_letters_checked_are_never_drawn_for_training():
    assert not set(negatives.TRAINING_LETTERS) & set(negatives.CHECK_LETTERS)
    assert set(negatives.TRAINING_LETTERS + negatives.CHECK_LETTERS) == set(negatives.LETTERS)
    assert "A" not in negatives.LETTERS  # a look-alike of 4: not taught, drawn or real


def test_not_digits_leaves_the_real_letters_share_to_real_letters():
    digits = writer_digits(1) + writer_digits(2)
    made = negatives.not_digits(digits, 200, seed=0)
    # 200 * (0.35 + 0.15 + 0.01 + 0.10 + 0.04), then every piece found (at most 10%)
    assert len(made) == 130 + len(negatives.pieces(digits))


def letter_samples() -> list[PenLetter]:
    """Writer 1 wrote many H's, writer 2 one H and one x; an O (a look-alike) by each."""
    stroke = [(0.0, 0.0), (0.0, 10.0)]
    samples = [PenLetter("H", 1, [stroke, [(float(i), 5.0)]]) for i in range(50)]
    samples += [PenLetter("H", 2, [stroke]), PenLetter("x", 2, [stroke, stroke])]
    return samples + [PenLetter("O", w, [stroke]) for w in (1, 2)]


def test_real_letters_are_taught_kinds_in_turn_and_writers_evenly():
    made = negatives.real_letters(letter_samples(), 400, seed=0)
    assert len(made) == 400
    kinds = collections.Counter("x" if len(d) == 2 and d[0] == d[1] else "H" for d in made)
    assert kinds == {"H": 200, "x": 200}  # never the O; kinds in turn, however frequent
    lone_h = sum(1 for d in made if len(d) == 1)  # writer 2's only H
    assert 70 < lone_h < 130  # half of the H's: writers are drawn evenly, not by output
    assert made == negatives.real_letters(letter_samples(), 400, seed=0)
    assert made != negatives.real_letters(letter_samples(), 400, seed=1)


def test_real_letters_of_no_taught_kind_make_nothing():
    assert negatives.real_letters([PenLetter("O", 1, [[(0.0, 0.0)]])], 10, seed=0) == []
    assert set("HxCEKMNW") <= set(TAUGHT)
