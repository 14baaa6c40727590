"""Digits joined without lifting the pen, and what the page's cuts make of them.

A writer in a hurry runs one digit into the next: the pen goes from one digit's last point to
the next one's first. `join` writes laid-out digits so, and `cut_pieces` gives the model what the
page's splitter (site/segment.py) asks it about such ink, labelled by whose ink each candidate
holds: a digit with a stub of its connecting stroke is still that digit; a piece that holds much
of two digits, or only part of one, is not a digit. `letter_pieces` does the same for letters,
whose pieces are never digits. Coordinates: canvas convention (y down),
any unit.
"""

import importlib
import math

import numpy as np

from .page import ink
from .pendigits import PenDigit

segment = importlib.import_module("segment")  # site/segment.py, on the path `page` sets

Stroke = list[tuple[float, float]]
CONNECTOR = -1
"""Owner of the points of a connecting stroke (digits are 0, 1, ...)."""
NOT_A_DIGIT = 10
STRAIGHT = 1.3
"""A piece whose ink is less than this many times the line between its ends is straight."""
LOOP_GAP = 0.5
"""A piece whose ends are closer than this share of its size is a closed loop."""
JOIN_SHARE = 0.7
"""Share of neighbours joined in the numbers `cut_pieces` makes: some digits stay apart, so
that single digits are cut too."""
LENGTHS = (2, 3, 4)
NATURAL = 1.5
"""Longest connecting stroke a writer draws, in heights of the digit it leads to."""
WHOLE = 0.9
"""A candidate holding at least this share of a digit's ink, and little else, is that digit."""
CRUMB = 0.05
"""Ink of other digits, as a share of the digit's own, that a candidate may hold and still be
that digit (where two parts meet)."""
PART = (0.15, 0.75)
"""A candidate holding only this share of one digit (or more than the low end of two) is not a
digit; between these and WHOLE it is left out, as it may pass for the digit."""
STUB = 0.5
"""A digit whose connecting stroke left on it is longer than this share of its own ink is left
out: the page can leave a straight connector out (`segment.is_link`), and such a long stub would
teach the model that a digit with a long line on it is still that digit."""


def join(digits: list[list[Stroke]], joined: list[bool]) -> tuple[list[Stroke], list[list[int]]]:
    """Laid-out digits' strokes, with the last stroke of digit i running on into the first of
    digit i + 1 wherever `joined[i]`: a straight connecting line from the one's last point to the
    other's first, its points spaced like theirs. Returns the strokes, in writing order, and for
    each stroke the owner of each point: the digit's index, or CONNECTOR."""
    strokes: list[Stroke] = []
    owners: list[list[int]] = []
    carry = False  # whether the last stroke continues into the next digit's first
    for index, digit in enumerate(digits):
        for number, stroke in enumerate(digit):
            stroke = [(float(x), float(y)) for x, y in stroke]
            if carry and number == 0:
                link = connector(strokes[-1], stroke)
                strokes[-1] = strokes[-1] + link + stroke
                owners[-1] = owners[-1] + [CONNECTOR] * len(link) + [index] * len(stroke)
            else:
                strokes.append(stroke)
                owners.append([index] * len(stroke))
        carry = index < len(joined) and joined[index]
    return strokes, owners


def natural(digits: list[list[Stroke]]) -> list[bool]:
    """For each neighbour of laid-out digits, whether a writer would run on into it: the pen's
    way from one's last point to the next one's first runs forward (right) and is no longer
    than the next digit is tall. Otherwise the connector would double back over the ink."""
    found = []
    for before, after in zip(digits, digits[1:], strict=False):
        (ax, ay), (bx, by) = before[-1][-1], after[0][0]
        _, y0, _, y1 = ink.bounding_box(after)
        found.append(bx >= ax and math.dist((ax, ay), (bx, by)) <= NATURAL * (y1 - y0))
    return found


def connector(before: Stroke, after: Stroke) -> Stroke:
    """The points strictly between `before`'s last point and `after`'s first, on a straight
    line, spaced as the median step of the two strokes."""
    steps = [math.dist(a, b) for s in (before, after) for a, b in zip(s, s[1:], strict=False)]
    steps = sorted(step for step in steps if step > 0) or [1.0]
    step = steps[len(steps) // 2]
    (ax, ay), (bx, by) = before[-1], after[0]
    count = int(math.dist((ax, ay), (bx, by)) / step)
    return [(ax + (bx - ax) * i / count, ay + (by - ay) * i / count) for i in range(1, count)]


def lay_out(digits: list[list[Stroke]], rng: np.random.Generator) -> list[list[Stroke]]:
    """Digits written left to right at about the same height (give or take 10%), with a
    baseline jitter of 5% and gaps of -0.08 to 0.35 heights, as the page's numbers are."""
    placed, x = [], 0.0
    for strokes in digits:
        x0, y0, x1, y1 = ink.bounding_box(strokes)
        height = rng.uniform(0.9, 1.1)
        scale = height / max(y1 - y0, (x1 - x0) / 2, 1e-9)
        top = (1 - height) / 2 + rng.uniform(-0.05, 0.05) * height
        placed.append(
            [[(x + (px - x0) * scale, top + (py - y0) * scale) for px, py in s] for s in strokes]
        )
        x += (x1 - x0) * scale + rng.uniform(-0.08, 0.35)
    return placed


def labelled_candidates(strokes: list[Stroke], owners: list[list[int]]) -> list[tuple]:
    """Every candidate the page's splitter reads in these strokes (one gesture each), as
    (pieces, label): a digit's index in `owners`' numbering, NOT_A_DIGIT, or None where it is
    neither clearly (see WHOLE, CRUMB, PART), or for ink of no digit."""
    gestures = [[stroke] for stroke in strokes]
    boxes = [ink.bounding_box(g) for g in gestures]
    height = segment.line_height(boxes)
    found = [segment.cuts(g, box) for g, box in zip(gestures, boxes, strict=True)]
    parts = segment.parts_in_order(gestures, boxes, segment.wide_cuts(boxes, found, height))
    inks = [_owned_ink(part, owners[part.gesture]) for part in parts]
    totals: dict[int, float] = {}
    for owned in inks:
        for owner, length in owned.items():
            totals[owner] = totals.get(owner, 0.0) + length
    labelled = []
    for start, here in enumerate(segment.candidates(parts, height)):
        for group in here:
            if group.link:
                continue
            held: dict[int, float] = {}
            for owned in inks[start : start + group.size]:
                for owner, length in owned.items():
                    held[owner] = held.get(owner, 0.0) + length
            label = label_of(held, totals)
            if label == NOT_A_DIGIT and _may_be_a_digit(group.pieces, held):
                label = None
            labelled.append((group.pieces, label))
    return labelled


def label_of(held: dict[int, float], totals: dict[int, float]) -> int | None:
    """What a candidate holding `held` ink of each owner is (see `labelled_candidates`)."""
    shares = sorted(
        ((length / totals[owner], owner) for owner, length in held.items() if owner >= 0),
        reverse=True,
    )
    if not shares:
        return None
    share, owner = shares[0]
    others = sum(held.get(o, 0.0) for _, o in shares[1:])
    if share >= WHOLE and others <= CRUMB * totals[owner]:
        return owner if held.get(CONNECTOR, 0.0) <= STUB * totals[owner] else None
    if len(shares) > 1 and shares[1][0] > PART[0] or PART[0] <= share <= PART[1]:
        return NOT_A_DIGIT
    return None


def _may_be_a_digit(pieces: list[Stroke], held: dict[int, float]) -> bool:
    """Whether a piece of one digit may pass for a digit of its own: a straight line (a 1) or a
    closed loop (a 0)."""
    if sum(owner >= 0 for owner in held) > 1:
        return False
    x0, y0, x1, y1 = ink.bounding_box(pieces)
    size = max(x1 - x0, y1 - y0, 1e-9)
    first, last = pieces[0][0], pieces[-1][-1]
    length = sum(held.values())
    return length <= STRAIGHT * math.dist(first, last) or (
        math.dist(first, last) <= LOOP_GAP * size and length >= 2 * size
    )


def _owned_ink(part, owners: list[int]) -> dict[int, float]:
    """Length of a part's ink by owner; a segment that leaves a digit belongs to the
    connector."""
    start = part.span[0][1] if part.span[0] else 0
    points = part.pieces[0]
    owned: dict[int, float] = {}
    for index in range(1, len(points)):
        a, b = owners[start + index - 1], owners[start + index]
        owner = a if a == b else CONNECTOR
        owned[owner] = owned.get(owner, 0.0) + math.dist(points[index - 1], points[index])
    return owned


def cut_pieces(
    digits: list[PenDigit], count: int, seed: int
) -> tuple[list[list[Stroke]], np.ndarray]:
    """About `count` drawings of what the page's cuts make of joined numbers, and their labels:
    half digits that keep a stub of their connecting stroke (or lost a crumb of it), half pieces
    that are not one digit (parts of two digits, part of one). Made from numbers of 2 to 4 of
    one writer's `digits` (training writers only), neighbours joined with JOIN_SHARE."""
    rng = np.random.default_rng([seed, 13])
    by_writer: dict[int, list[PenDigit]] = {}
    for digit in digits:
        by_writer.setdefault(digit.writer, []).append(digit)
    writers = list(by_writer.values())
    stubs: list[tuple] = []
    pieces: list[list[Stroke]] = []
    while len(stubs) < count // 2 or len(pieces) < count - count // 2:
        mine = writers[rng.integers(len(writers))]
        chosen = [mine[i] for i in rng.integers(len(mine), size=LENGTHS[rng.integers(3)])]
        placed = lay_out([d.strokes for d in chosen], rng)
        joined = rng.random(len(chosen) - 1) < JOIN_SHARE
        strokes, owners = join(
            placed, [a and b for a, b in zip(joined, natural(placed), strict=True)]
        )
        for ink_pieces, label in labelled_candidates(strokes, owners):
            if label == NOT_A_DIGIT and len(pieces) < count - count // 2:
                pieces.append(ink_pieces)
            elif label is not None and label != NOT_A_DIGIT and len(stubs) < count // 2:
                if _has_cut(ink_pieces, placed[label]):
                    stubs.append((ink_pieces, chosen[label].label))
    drawings = [s for s, _ in stubs] + pieces
    labels = [label for _, label in stubs] + [NOT_A_DIGIT] * len(pieces)
    return drawings, np.asarray(labels, dtype=np.uint8)


def letter_pieces(letters: list, count: int, seed: int) -> list[list[Stroke]]:
    """About `count` pieces of letters (anything with `strokes`: training writers' letters only)
    as the page's cuts make them, for the "not a digit" class: part of an N or an M, which the
    page would otherwise read as a 1 or a 4. Straight pieces and loops, which may pass for a 1
    or a 0, are left out (see `label_of`, `_may_be_a_digit`)."""
    rng = np.random.default_rng([seed, 14])
    made: list[list[Stroke]] = []
    for index in rng.permutation(len(letters)):
        strokes = letters[index].strokes
        owners = [[0] * len(stroke) for stroke in strokes]
        made += [p for p, label in labelled_candidates(strokes, owners) if label == NOT_A_DIGIT]
        if len(made) >= count:
            break
    return made[:count]


def _has_cut(pieces: list[Stroke], digit: list[Stroke]) -> bool:
    """Whether a candidate's ink differs from the digit's own strokes (a stub, a crumb)."""
    return sum(len(p) for p in pieces) != sum(len(s) for s in digit)
