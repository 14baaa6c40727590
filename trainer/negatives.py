"""Drawings that are not one digit, for the model's 11th class ("not a digit").

A number is read by scoring groups of strokes (see site/segment.py): a group that holds two digits,
a digit and a piece of its neighbour, a piece of a digit alone, a letter or a scribble must score
as "not a digit", so that only splits into whole digits score well. All made from strokes, from
the training writers' own digits and letters where they can be, and rendered by the same ink
path. Coordinates: canvas convention (y down), any unit.
"""

import math

import numpy as np

from .letters import TAUGHT, PenLetter
from .page import ink
from .pendigits import PenDigit

Stroke = list[tuple[float, float]]
NOT_A_DIGIT = 10
"""The class index of "not a digit"."""
LETTER_SHARE = 0.25
"""The share of the "not a digit" class made of real letters (`real_letters`); `not_digits` makes
the rest."""
PIECE_HEIGHT = 0.5
"""A stroke less tall than this fraction of its digit is a piece (flag, bar, base), not a digit."""

# Letters and signs that do not look like digits, in a unit box (y down), drawn as a program
# would. The trainer learns TRAINING_LETTERS beside the real letters (no A: an A may pass for a 4,
# see letters.LOOK_ALIKES); CHECK_LETTERS are never drawn so for training and measure how often
# such drawings are rejected.
LETTERS = {
    "E": [[(0.9, 0), (0.1, 0), (0.1, 1), (0.9, 1)], [(0.1, 0.5), (0.7, 0.5)]],
    "H": [[(0.1, 0), (0.1, 1)], [(0.9, 0), (0.9, 1)], [(0.1, 0.5), (0.9, 0.5)]],
    "K": [[(0.1, 0), (0.1, 1)], [(0.9, 0), (0.15, 0.55), (0.9, 1)]],
    "M": [[(0, 1), (0.1, 0), (0.5, 0.7), (0.9, 0), (1, 1)]],
    "X": [[(0, 0), (1, 1)], [(1, 0), (0, 1)]],
    "#": [
        [(0.35, 0), (0.25, 1)],
        [(0.75, 0), (0.65, 1)],
        [(0, 0.35), (1, 0.35)],
        [(0, 0.7), (1, 0.7)],
    ],
    "+": [[(0.5, 0), (0.5, 1)], [(0, 0.5), (1, 0.5)]],
    "F": [[(0.9, 0), (0.1, 0), (0.1, 1)], [(0.1, 0.5), (0.7, 0.5)]],
    "N": [[(0.1, 1), (0.1, 0), (0.9, 1), (0.9, 0)]],
    "R": [
        [(0.1, 1), (0.1, 0), (0.7, 0), (0.9, 0.15), (0.9, 0.35), (0.7, 0.5), (0.1, 0.5)],
        [(0.4, 0.5), (0.9, 1)],
    ],
    "W": [[(0, 0), (0.25, 1), (0.5, 0.3), (0.75, 1), (1, 0)]],
    "Y": [[(0, 0), (0.5, 0.5)], [(1, 0), (0.5, 0.5), (0.5, 1)]],
}
TRAINING_LETTERS = "EHKMX#+"
CHECK_LETTERS = "FNRWY"


def _placed(strokes: list[Stroke], scale: float, dx: float, dy: float) -> list[Stroke]:
    """Strokes scaled by `scale` about their box's top left, which then goes to (dx, dy)."""
    x0, y0, _, _ = ink.bounding_box(strokes)
    return [[((x - x0) * scale + dx, (y - y0) * scale + dy) for x, y in s] for s in strokes]


def _unit(strokes: list[Stroke]) -> list[Stroke]:
    """Scaled to height 1 (or width 1 if flat), top left at the origin."""
    x0, y0, x1, y1 = ink.bounding_box(strokes)
    return _placed(strokes, 1 / max(y1 - y0, (x1 - x0) / 2, 1e-9), 0, 0)


def side_by_side(left: list[Stroke], right: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """`right` after `left` as in a written number: similar size, a gap or a slight overlap."""
    left, right = _unit(left), _unit(right)
    width = ink.bounding_box(left)[2]
    scale = math.exp(rng.uniform(-0.2, 0.2))
    return left + _placed(right, scale, width + rng.uniform(-0.15, 0.45), rng.uniform(-0.15, 0.15))


def pairs(digits: list[PenDigit], count: int, rng: np.random.Generator) -> list[list[Stroke]]:
    """Two digits of one writer, written next to each other."""
    by_writer = _by_writer(digits)
    made = []
    for _ in range(count):
        mine = by_writer[rng.integers(len(by_writer))]
        a, b = (mine[i] for i in rng.integers(len(mine), size=2))
        made.append(side_by_side(a.strokes, b.strokes, rng))
    return made


def digit_and_piece(
    digits: list[PenDigit], count: int, rng: np.random.Generator
) -> list[list[Stroke]]:
    """A whole digit with one stroke of a neighbouring several-stroke digit, either side."""
    by_writer = _by_writer(digits)
    several = [[d for d in mine if len(d.strokes) > 1] for mine in by_writer]
    made = []
    while len(made) < count:
        index = rng.integers(len(by_writer))
        if not several[index]:
            continue
        whole = by_writer[index][rng.integers(len(by_writer[index]))]
        other = several[index][rng.integers(len(several[index]))]
        piece = _unit(other.strokes)[rng.integers(len(other.strokes))]
        x0, y0, x1, y1 = ink.bounding_box([piece])
        if y1 - y0 < 0.3:  # a dot or a short bar: too little to matter
            continue
        if rng.random() < 0.5:
            made.append(side_by_side(whole.strokes, [piece], rng))
        else:
            made.append(side_by_side([piece], whole.strokes, rng))
    return made


def pieces(digits: list[PenDigit]) -> list[list[Stroke]]:
    """Each stroke of a several-stroke digit that is much less tall than the digit: flags, bars,
    bases, hooks. Taller strokes (a 4's L, a zero's slash) may pass for digits and are left out."""
    made = []
    for digit in digits:
        if len(digit.strokes) < 2:
            continue
        _, y0, _, y1 = ink.bounding_box(digit.strokes)
        for stroke in digit.strokes:
            _, s0, _, s1 = ink.bounding_box([stroke])
            if s1 - s0 < PIECE_HEIGHT * (y1 - y0):
                made.append([stroke])
    return made


def scribble(rng: np.random.Generator) -> list[Stroke]:
    """A random wandering line that turns back on itself many times (ink far longer than its
    box is wide), in one to three strokes."""
    while True:
        strokes, x, y, heading, turn = [], 0.0, 0.0, rng.uniform(0, math.tau), 0.0
        length = 0.0
        for _ in range(rng.integers(1, 4)):
            stroke = [(x, y)]
            for _ in range(rng.integers(40, 120)):
                turn = 0.8 * turn + rng.normal(0, 0.35)
                heading += turn
                x, y = x + math.cos(heading), y + math.sin(heading)
                stroke.append((x, y))
                length += 1
            strokes.append(stroke)
            x, y = x + rng.normal(0, 3), y + rng.normal(0, 3)
        x0, y0, x1, y1 = ink.bounding_box(strokes)
        if length > 7 * max(x1 - x0, y1 - y0):
            return strokes


def letter(name: str, rng: np.random.Generator) -> list[Stroke]:
    """A hand-drawn looking `name` from LETTERS: corners moved, lines slightly bowed."""
    template = LETTERS[name]
    width = math.exp(rng.uniform(-0.3, 0.2))
    strokes = []
    for corners in template:
        moved = [(x * width + rng.normal(0, 0.04), y + rng.normal(0, 0.04)) for x, y in corners]
        stroke = [moved[0]]
        for (ax, ay), (bx, by) in zip(moved, moved[1:], strict=False):
            steps = max(2, int(math.dist((ax, ay), (bx, by)) / 0.05))
            bow = rng.normal(0, 0.04)
            for step in range(1, steps + 1):
                t = step / steps
                lift = 4 * t * (1 - t) * bow
                stroke.append(
                    (ax + t * (bx - ax) - lift * (by - ay), ay + t * (by - ay) + lift * (bx - ax))
                )
        strokes.append(stroke)
    return strokes


def not_digits(digits: list[PenDigit], count: int, seed: int) -> list[list[Stroke]]:
    """Drawings that are not one digit, made from `digits` (training writers only) and the
    training letters and signs, for a part `count` of the class: pairs 35%, digit and piece 15%,
    scribbles 10%, drawn letters and signs 4%, dots (a tap) 1%, pieces of digits (all of them, at
    most 10%). The real letters, LETTER_SHARE of the class, come from `real_letters`."""
    rng = np.random.default_rng([seed, 10])
    made = pairs(digits, int(count * 0.35), rng) + digit_and_piece(digits, int(count * 0.15), rng)
    made += [[[(0.0, 0.0)]] for _ in range(int(count * 0.01))]
    made += [scribble(rng) for _ in range(int(count * 0.10))]
    made += [
        letter(TRAINING_LETTERS[i % len(TRAINING_LETTERS)], rng) for i in range(int(count * 0.04))
    ]
    found = pieces(digits)
    chosen = rng.permutation(len(found))[: int(count * 0.1)]
    return made + [found[i] for i in chosen]


def real_letters(letters: list[PenLetter], count: int, seed: int) -> list[list[Stroke]]:
    """`count` real letters of the TAUGHT kinds among `letters` (training writers only): the
    kinds in turn, each time a random writer of that kind and one of that writer's at random, so
    that neither frequent letters nor prolific writers crowd out the others."""
    rng = np.random.default_rng([seed, 13])
    by_kind: dict[str, dict[int, list[PenLetter]]] = {}
    for sample in letters:
        if sample.label in TAUGHT:
            by_kind.setdefault(sample.label, {}).setdefault(sample.writer, []).append(sample)
    kinds = [by_kind[kind] for kind in sorted(by_kind)]
    made = []
    for index in range(count if kinds else 0):
        writers = list(kinds[index % len(kinds)].values())
        mine = writers[rng.integers(len(writers))]
        made.append(mine[rng.integers(len(mine))].strokes)
    return made


def _by_writer(digits: list[PenDigit]) -> list[list[PenDigit]]:
    groups: dict[int, list[PenDigit]] = {}
    for digit in digits:
        groups.setdefault(digit.writer, []).append(digit)
    return list(groups.values())
