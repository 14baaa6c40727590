"""Splitting a number's strokes into digits (site/segment.py), with stand-in model outputs."""

import math

import pytest
import segment
from ink import bounding_box, to_mnist
from segment import (
    MAX_STROKES,
    MAX_WIDTH,
    NARROWEST,
    NOT_A_DIGIT,
    REJECT_ODDS,
    TALL,
    TALL_OVERLAP,
    NumberReader,
    best_split,
    candidates,
    crossing,
    line_height,
    overlap,
    reading_order,
)


def probabilities(label: int, p: float) -> list[float]:
    """11 probabilities with `p` on `label` and the rest shared evenly."""
    rest = (1 - p) / 10
    return [p if index == label else rest for index in range(11)]


def line(x0, y0, x1, y1, points=12) -> list:
    """One gesture: a single piece along a straight line."""
    return [
        [
            (x0 + (x1 - x0) * t / (points - 1), y0 + (y1 - y0) * t / (points - 1))
            for t in range(points)
        ]
    ]


def circle(cx, cy, r, points=24) -> list:
    angles = [math.tau * t / (points - 1) for t in range(points)]
    return [[(cx + 0.7 * r * math.sin(a), cy - r * math.cos(a)) for a in angles]]


def read_groups(gestures, outputs):
    """best_split over `gestures`, each candidate given outputs[members] (else not a digit)."""
    boxes = [bounding_box(g) for g in gestures]
    groups = candidates(gestures, boxes)
    for here in groups:
        for group in here:
            group.probabilities = outputs.get(group.members, probabilities(NOT_A_DIGIT, 0.9))
    return best_split(groups, line_height(boxes))


def test_reading_order_is_left_to_right_whatever_the_drawing_order():
    gestures = [line(5, 0, 5, 10), line(1, 0, 1, 10), line(3, 0, 3, 10)]
    assert reading_order([bounding_box(g) for g in gestures]) == [1, 2, 0]


def test_candidates_stop_at_wide_gaps_and_at_max_strokes():
    apart = [line(x, 0, x, 10) for x in (0, 10, 20)]  # gaps of a whole line height
    groups = candidates(apart, [bounding_box(g) for g in apart])
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)], [(2,)]]
    close = [line(x, 0, x + 6, 10) for x in range(6)]  # overlapping: any run up to MAX_STROKES
    groups = candidates(close, [bounding_box(g) for g in close])
    assert [len(here) for here in groups] == [min(MAX_STROKES, 6 - i) for i in range(6)]
    assert groups[1][2].members == (1, 2, 3) and groups[1][2].box == (1, 0, 9, 10)


def test_a_tall_gesture_right_of_a_tall_one_starts_the_next_digit():
    """Two 1s a tenth of a line height apart are two digits, never one candidate, and so are
    two tall strokes whose boxes barely overlap (by a little of a line height, if one is thin);
    a tall stroke crossing the other (a 4's stem) or a short bar (a 7's crossbar, a 5's flag)
    may still join the tall stroke before it."""
    ones = [line(0, 0, 0, 10), line(1, 0, 1, 10)]
    groups = candidates(ones, [bounding_box(g) for g in ones])
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)]]
    touching = [line(0, 0, 5, 10), line(4.5, 0, 9.5, 10)]  # overlap: 0.1 of the narrower
    assert overlap(bounding_box(touching[0]), bounding_box(touching[1])) < TALL_OVERLAP
    groups = candidates(touching, [bounding_box(g) for g in touching])
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)]]
    # A thin 1 a little into the next digit's box: most of the 1's width, little of a line.
    one, zero = line(0, 0, 0.8, 10), circle(3.1, 5, 4)  # the zero from 0.3 to 5.9 across
    assert overlap(bounding_box(one), bounding_box(zero)) > TALL_OVERLAP
    assert crossing(bounding_box(one), bounding_box(zero), NARROWEST * 10) < TALL_OVERLAP
    groups = candidates([one, zero], [bounding_box(one), bounding_box(zero)])
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)]]
    four = [line(0, 0, 0, 7) + line(0, 7, 6, 7), line(4, 0, 4, 10)]  # bend, then stem
    assert crossing(bounding_box(four[0]), bounding_box(four[1]), NARROWEST * 10) == 1
    groups = candidates(four, [bounding_box(g) for g in four])
    assert [[g.members for g in here] for here in groups] == [[(0,), (0, 1)], [(1,)]]
    flag = [line(0, 0, 0, 10), line(1, 0, 4, 0)]
    groups = candidates(flag, [bounding_box(g) for g in flag])
    assert [[g.members for g in here] for here in groups] == [[(0,), (0, 1)], [(1,)]]
    assert TALL * 10 > 4  # the flag is not tall


def test_candidates_stop_where_they_would_be_wider_than_a_digit():
    """Gestures 0.8 line heights wide, each overlapping the one before by 0.2: runs of two (1.4
    wide), never three (2.0 > MAX_WIDTH); a single gesture is a candidate however wide (a long
    dash)."""
    assert 1.4 <= MAX_WIDTH[2] < 2.0 and MAX_WIDTH[3] < 2.0
    gestures = [line(x, 0, x + 8, 10) for x in (0, 6, 12)] + [line(20, 5, 50, 5)]
    groups = candidates(gestures, [bounding_box(g) for g in gestures])
    assert [[g.members for g in here] for here in groups] == [
        [(0,), (0, 1)],
        [(1,), (1, 2)],
        [(2,)],
        [(3,)],
    ]


def test_three_gestures_must_be_narrower_than_two():
    """Gestures 0.6 line heights wide, each overlapping the one before by 0.15: runs of two
    (1.05 wide) but none of three (1.5: a 1 with flag and base, or a crossed 7, is narrower than
    MAX_WIDTH[3])."""
    assert MAX_WIDTH[3] < 1.5 <= MAX_WIDTH[2]
    gestures = [line(x, 0, x + 6, 10) for x in (0, 4.5, 9)]
    groups = candidates(gestures, [bounding_box(g) for g in gestures])
    assert [[g.members for g in here] for here in groups] == [
        [(0,), (0, 1)],
        [(1,), (1, 2)],
        [(2,)],
    ]


def test_overlap_is_a_fraction_of_the_narrower_box():
    assert overlap((0, 0, 10, 1), (12, 0, 20, 1)) == 0
    assert overlap((0, 0, 10, 1), (8, 0, 12, 1)) == pytest.approx(0.5)
    assert overlap((0, 0, 10, 1), (4, 0, 6, 1)) == 1
    assert overlap((0, 0, 10, 1), (10, 0, 12, 1)) == 0  # touching
    assert overlap((0, 0, 10, 1), (4, 0, 4, 1)) == 1  # an upright stroke within
    assert overlap((0, 0, 10, 1), (11, 0, 11, 1)) == 0
    # Against a wider narrowest: a 1 unit wide overlapping a neighbour by 0.8 units.
    assert overlap((0, 0, 1, 1), (0.2, 0, 6, 1)) == pytest.approx(0.8)
    assert overlap((0, 0, 1, 1), (0.2, 0, 6, 1), narrowest=4) == pytest.approx(0.2)
    assert overlap((0, 0, 10, 1), (4, 0, 4, 1), narrowest=4) == 0  # nothing shared


def test_a_crossed_seven_is_one_digit():
    seven, bar = line(0, 0, 6, 0) + line(6, 0, 2, 10), line(1, 5, 6, 5)
    split = read_groups(
        [seven, bar],
        {
            (0,): probabilities(7, 0.8),
            (1,): probabilities(NOT_A_DIGIT, 0.95),
            (0, 1): probabilities(7, 0.9),
        },
    )
    assert [(g.members, g.label) for g in split] == [((0, 1), "7")]


def test_eleven_is_two_ones_when_the_pair_is_not_a_digit():
    split = read_groups(
        [line(0, 0, 0, 10), line(3, 0, 3, 10)],
        {
            (0,): probabilities(1, 0.9),
            (1,): probabilities(1, 0.9),
            (0, 1): probabilities(NOT_A_DIGIT, 0.9),
        },
    )
    assert "".join(g.label for g in split) == "11"


def test_not_a_digit_must_clearly_beat_the_likeliest_digit():
    """A digit the model half takes for "not a digit" reads as that digit, with its own
    probability as the confidence; "not a digit" wins only at REJECT_ODDS to one."""
    group = read_groups([circle(5, 5, 5)], {})[0]
    odd_zero = [0.35] + [0.02] * 9 + [0.45]
    assert 0.45 < REJECT_ODDS * 0.35
    group.probabilities = odd_zero
    assert (group.label, group.confidence) == ("0", 0.35)
    group.probabilities = [0.1] + [0.02] * 9 + [0.72]
    assert 0.72 > REJECT_ODDS * 0.1
    assert (group.label, group.confidence) == ("?", 0.72)


def test_a_letter_is_one_part_that_is_not_a_digit():
    """Two strokes that read as nothing alone and as "not a digit" together: one "?"."""
    split = read_groups(
        [line(0, 10, 5, 0) + line(5, 0, 10, 10), line(2, 6, 8, 6)],
        {(0,): probabilities(7, 0.2), (0, 1): probabilities(NOT_A_DIGIT, 0.95)},
    )
    assert [(g.members, g.label) for g in split] == [((0, 1), "?")]


def test_overlapping_groups_are_kept_together_unless_both_read_well():
    """Splitting boxes that overlap costs: a weak pair still beats two weak singles on top of
    each other, but two sure digits side by side with a slight overlap stay apart."""
    stacked = [line(0, 0, 4, 10), line(1, 0, 5, 10)]
    outputs = {
        (0,): probabilities(1, 0.5),
        (1,): probabilities(1, 0.5),
        (0, 1): probabilities(4, 0.4),
    }
    assert [g.members for g in read_groups(stacked, outputs)] == [(0, 1)]
    neighbours = [line(0, 0, 5, 10), line(4.5, 0, 9.5, 10)]
    outputs = {
        (0,): probabilities(1, 0.95),
        (1,): probabilities(7, 0.95),
        (0, 1): probabilities(4, 0.3),
    }
    assert "".join(g.label for g in read_groups(neighbours, outputs)) == "17"


def test_a_thin_one_written_into_its_neighbours_box_is_split_from_it():
    """A 1 whose box lies mostly within the next digit's box overlaps it by most of its own
    width, but by little of a line height: the overlap costs little against NARROWEST, and two
    sure digits beat an unsure pair."""
    one, zero = line(0, 0, 0.8, 10), circle(3.1, 5, 4)  # zero from 0.3 to 5.9 across
    assert overlap(bounding_box(one), bounding_box(zero)) > 0.5
    assert overlap(bounding_box(one), bounding_box(zero), NARROWEST * 10) < 0.2
    outputs = {
        (0,): probabilities(1, 0.9),
        (1,): probabilities(0, 0.9),
        (0, 1): probabilities(6, 0.5),
    }
    assert "".join(g.label for g in read_groups([one, zero], outputs)) == "10"


def test_best_split_covers_every_gesture_once():
    gestures = [line(x, 0, x + 1, 10) for x in (0, 1.5, 3, 4.5, 6, 7.5, 9)]
    split = read_groups(gestures, {})
    assert sorted(m for g in split for m in g.members) == list(range(7))


class StandIn:
    """A stand-in model that knows exactly the images of some gestures drawn alone."""

    def __init__(self, known: dict):
        self.known = {tuple(to_mnist(g)): label for g, label in known}
        self.calls, self.images = 0, 0

    def __call__(self, images):
        self.calls += 1
        self.images += len(images)
        return [probabilities(self.known.get(tuple(image), NOT_A_DIGIT), 0.9) for image in images]


def test_number_reader_reads_and_reuses_what_it_read(monkeypatch):
    one, zero = line(1, 0, 1, 10), circle(5, 5, 5)
    model = StandIn([(one, 1), (zero, 0)])
    reader = NumberReader(model)
    assert reader.read([]) == [] and model.calls == 0
    digits = reader.read([one, zero])
    assert "".join(d.label for d in digits) == "10" and model.calls == 1
    assert [d.members for d in digits] == [(0,), (1,)]
    assert all(len(d.pixels) == 784 and d.confidence == pytest.approx(0.9) for d in digits)
    # A third gesture far to the right: only the candidates it is part of are new, and only its
    # extent is measured.
    another = line(13, 0, 13, 10)
    measured = []
    monkeypatch.setattr(segment, "bounding_box", lambda g: measured.append(g) or bounding_box(g))
    assert "".join(d.label for d in reader.read([one, zero, another])) == "101"
    assert reader.rendered == 1 and measured == [another]
    # Undo: nothing new to read.
    calls = model.calls
    assert "".join(d.label for d in reader.read([one, zero])) == "10"
    assert model.calls == calls and reader.rendered == 0


def test_number_reader_rereads_a_gesture_that_grew():
    """The gesture being drawn grows between readings: it must not be served from the cache."""
    seven = [line(0, 0, 6, 0)[0] + line(6, 0, 2, 10)[0][1:]]
    model = StandIn([(seven, 7)])
    reader = NumberReader(model)
    growing = [list(seven[0][:12])]  # the top bar so far
    assert [d.label for d in reader.read([growing])] == ["?"]
    growing[0].extend(seven[0][12:])
    digits = reader.read([growing])
    assert [d.label for d in digits] == ["7"] and digits[0].box == bounding_box(seven)


def test_fifteen_digits_stay_cheap():
    """A long number: candidates grow with the strokes, not their combinations."""
    gestures = [line(6 * i, 0, 6 * i + 1, 10) for i in range(15)]
    model = StandIn([])
    digits = NumberReader(model).read(gestures)
    assert len(digits) == 15 and model.calls == 1 and model.images == 15
