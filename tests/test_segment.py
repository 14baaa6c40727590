"""Splitting a number's strokes into digits (site/segment.py), with stand-in model outputs."""

import math

import pytest
import segment
from ink import bounding_box, to_mnist
from segment import (
    CUT_SURE,
    CUT_WIDTH,
    MAX_STROKES,
    MAX_WIDTH,
    MIN_PART,
    NARROWEST,
    NOT_A_DIGIT,
    REJECT_ODDS,
    SURE,
    TALL,
    TALL_OVERLAP,
    NumberReader,
    best_split,
    candidates,
    crossing,
    cut_parts,
    cuts,
    is_link,
    line_height,
    mark_letters,
    overlap,
    parts_in_order,
    reading_order,
    touches,
    upward,
    wide_cuts,
)

from tools.numbers import load_real_numbers
from trainer.joins import join


def probabilities(label: int, p: float) -> list[float]:
    """11 probabilities with `p` on `label` and the rest shared evenly."""
    rest = (1 - p) / 10
    return [p if index == label else rest for index in range(11)]


def points(x0, y0, x1, y1, count=12) -> list:
    """Points along a straight line, both ends included."""
    return [
        (x0 + (x1 - x0) * t / (count - 1), y0 + (y1 - y0) * t / (count - 1)) for t in range(count)
    ]


def line(x0, y0, x1, y1, count=12) -> list:
    """One gesture: a single piece along a straight line."""
    return [points(x0, y0, x1, y1, count)]


def circle(cx, cy, r, count=24) -> list:
    angles = [math.tau * t / (count - 1) for t in range(count)]
    return [[(cx + 0.7 * r * math.sin(a), cy - r * math.cos(a)) for a in angles]]


def oval(cx, cy, r, count=24) -> list:
    """Points of a 0 drawn from its top, anticlockwise on screen (y down), as most people do."""
    angles = [math.tau * t / (count - 1) for t in range(count)]
    return [(cx - 0.7 * r * math.sin(a), cy - r * math.cos(a)) for a in angles]


def whole(gestures) -> tuple:
    """The parts (each gesture whole) and line height of a drawing."""
    boxes = [bounding_box(g) for g in gestures]
    return parts_in_order(gestures, boxes, {}), line_height(boxes)


def read_groups(gestures, outputs, at=None):
    """best_split over `gestures` (cut at `at`), each candidate given outputs[members] for whole
    gestures or outputs[(start, size)] for runs of parts, else not a digit."""
    boxes = [bounding_box(g) for g in gestures]
    height = line_height(boxes)
    groups = candidates(parts_in_order(gestures, boxes, at or {}), height)
    for start, here in enumerate(groups):
        for group in here:
            key = (start, group.size) if at else group.members
            group.probabilities = outputs.get(key, probabilities(NOT_A_DIGIT, 0.9))
    return best_split(groups, height)


def test_reading_order_is_left_to_right_whatever_the_drawing_order():
    gestures = [line(5, 0, 5, 10), line(1, 0, 1, 10), line(3, 0, 3, 10)]
    assert reading_order([bounding_box(g) for g in gestures]) == [1, 2, 0]


def test_candidates_stop_at_wide_gaps_and_at_max_strokes():
    apart = [line(x, 0, x, 10) for x in (0, 10, 20)]  # gaps of a whole line height
    groups = candidates(*whole(apart))
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)], [(2,)]]
    close = [line(x, 0, x + 6, 10) for x in range(6)]  # overlapping: any run up to MAX_STROKES
    groups = candidates(*whole(close))
    assert [len(here) for here in groups] == [min(MAX_STROKES, 6 - i) for i in range(6)]
    assert groups[1][2].members == (1, 2, 3) and groups[1][2].box == (1, 0, 9, 10)


def test_a_tall_gesture_right_of_a_tall_one_starts_the_next_digit():
    """Two 1s a tenth of a line height apart are two digits, never one candidate, and so are
    two tall strokes whose boxes barely overlap (by a little of a line height, if one is thin);
    a tall stroke crossing the other (a 4's stem) or a short bar (a 7's crossbar, a 5's flag)
    may still join the tall stroke before it."""
    ones = [line(0, 0, 0, 10), line(1, 0, 1, 10)]
    groups = candidates(*whole(ones))
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)]]
    touching = [line(0, 0, 5, 10), line(4.5, 0, 9.5, 10)]  # overlap: 0.1 of the narrower
    assert overlap(bounding_box(touching[0]), bounding_box(touching[1])) < TALL_OVERLAP
    groups = candidates(*whole(touching))
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)]]
    # A thin 1 a little into the next digit's box: most of the 1's width, little of a line.
    one, zero = line(0, 0, 0.8, 10), circle(3.1, 5, 4)  # the zero from 0.3 to 5.9 across
    assert overlap(bounding_box(one), bounding_box(zero)) > TALL_OVERLAP
    assert crossing(bounding_box(one), bounding_box(zero), NARROWEST * 10) < TALL_OVERLAP
    groups = candidates(*whole([one, zero]))
    assert [[g.members for g in here] for here in groups] == [[(0,)], [(1,)]]
    four = [line(0, 0, 0, 7) + line(0, 7, 6, 7), line(4, 0, 4, 10)]  # bend, then stem
    assert crossing(bounding_box(four[0]), bounding_box(four[1]), NARROWEST * 10) == 1
    groups = candidates(*whole(four))
    assert [[g.members for g in here] for here in groups] == [[(0,), (0, 1)], [(1,)]]
    flag = [line(0, 0, 0, 10), line(1, 0, 4, 0)]
    groups = candidates(*whole(flag))
    assert [[g.members for g in here] for here in groups] == [[(0,), (0, 1)], [(1,)]]
    assert TALL * 10 > 4  # the flag is not tall


def test_candidates_stop_where_they_would_be_wider_than_a_digit():
    """Gestures 0.8 line heights wide, each overlapping the one before by 0.2: runs of two (1.4
    wide), never three (2.0 > MAX_WIDTH); a single gesture is a candidate however wide (a long
    dash)."""
    assert 1.4 <= MAX_WIDTH[2] < 2.0 and MAX_WIDTH[3] < 2.0
    gestures = [line(x, 0, x + 8, 10) for x in (0, 6, 12)] + [line(20, 5, 50, 5)]
    groups = candidates(*whole(gestures))
    assert [[g.members for g in here] for here in groups] == [
        [(0,), (0, 1)],
        [(1,), (1, 2)],
        [(2,)],
        [(3,)],
    ]


def test_three_gestures_must_be_narrower_than_two():
    """Gestures 0.6 line heights wide, each overlapping the one before by 0.15: runs of two (1.05
    wide) but none of three (1.5: a 1 with flag and base, or a crossed 7, is narrower than
    MAX_WIDTH[3])."""
    assert MAX_WIDTH[3] < 1.5 <= MAX_WIDTH[2]
    gestures = [line(x, 0, x + 6, 10) for x in (0, 4.5, 9)]
    groups = candidates(*whole(gestures))
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


# Cuts inside a gesture.


def ten() -> list:
    """A 1 and a 0 in one stroke: down the 1, straight up and right to the 0's top, round it."""
    return [points(0, 0, 0, 10) + points(0, 10, 4, 0)[1:] + oval(4, 5, 5)[1:]]


def test_a_corner_is_a_cut_and_a_round_or_straight_stroke_has_none():
    vee = [points(0, 0, 5, 10) + points(5, 10, 10, 0)[1:]]
    assert cuts(vee, bounding_box(vee)) == [(0, 11)]
    for smooth in (circle(5, 5, 5, count=60), line(0, 0, 3, 10), [oval(5, 5, 5, count=60)]):
        assert cuts(smooth, bounding_box(smooth)) == []


def test_a_kink_between_two_straight_lines_is_a_cut_but_a_sparse_curve_is_not():
    """A straight line that bends by 45 degrees is cut there; a 0 drawn with few points turns by
    as much at each, but not between straight stretches of several points."""
    bent = [points(0, 10, 6, 10, 20) + points(6, 10, 12, 4, 20)[1:]]
    assert cuts(bent, bounding_box(bent)) == [(0, 19)]
    sparse = circle(5, 5, 5, count=13)  # 30 to 42 degrees at each point
    assert cuts(sparse, bounding_box(sparse)) == []


def test_cuts_leave_min_part_of_ink_at_each_end_and_between_them():
    """A zigzag with teeth far shorter than MIN_PART: cuts at most every MIN_PART of ink, and
    none within MIN_PART of either end."""
    zigzag = [[(x * 0.5, 10.0 * (x % 2)) for x in range(21)]]  # 20 teeth, each 10 long
    found = cuts(zigzag, bounding_box(zigzag))
    ink = [10.0125 * index for _, index in found]  # each tooth is about 10.0125 long
    assert found and all(b - a >= MIN_PART * 10 for a, b in zip(ink, ink[1:], strict=False))
    assert ink[0] >= MIN_PART * 10 and 20 * 10.0125 - ink[-1] >= MIN_PART * 10


def test_cut_parts_share_the_cut_point_and_keep_the_pieces():
    first, second = points(0, 0, 0, 10, 5), points(2, 10, 2, 0, 5)  # left the canvas between
    gesture = [first, second]
    assert cut_parts(gesture, []) == [gesture]
    assert cut_parts(gesture, [(0, 2)]) == [[first[:3]], [first[2:], second]]
    assert cut_parts(gesture, [(0, 2), (1, 3)]) == [
        [first[:3]],
        [first[2:], second[:4]],
        [second[3:]],
    ]


def test_only_gestures_wide_enough_to_hold_two_digits_are_cut():
    boxes = [(0, 0, CUT_WIDTH * 10 - 1, 10), (0, 0, CUT_WIDTH * 10, 10)]
    found = [[(0, 3)], [(0, 3)]]
    assert wide_cuts(boxes, found, 10) == {1: [(0, 3)]}
    assert wide_cuts(boxes, [[], []], 10) == {}


def test_the_parts_of_a_joined_ten_are_candidates_and_the_whole_stroke_too():
    gesture = ten()
    at = cuts(gesture, bounding_box(gesture))
    assert at == [(0, 11), (0, 22)]  # the bottom of the 1 and the top of the 0
    parts = parts_in_order([gesture], [bounding_box(gesture)], {0: at})
    assert [(p.first, p.last) for p in parts] == [(True, False), (False, False), (False, True)]
    assert is_link(parts[1]) and not is_link(parts[0]) and not is_link(parts[2])
    groups = candidates(parts, 10)
    assert [[(g.size, g.link) for g in here] for here in groups] == [
        [(1, False), (2, False), (3, False)],
        [(1, True), (1, False), (2, False)],
        [(1, False)],
    ]
    assert all(g.partial for here in groups for g in here if g.size < 3 and not g.link)


def test_a_joined_ten_reads_10_with_the_link_left_out():
    split = read_groups(
        [ten()],
        {
            (0, 1): probabilities(1, 0.9),
            (2, 1): probabilities(0, 0.9),
            (1, 2): probabilities(0, 0.3),
            (0, 3): probabilities(NOT_A_DIGIT, 0.9),
        },
        at={0: [(0, 11), (0, 22)]},
    )
    assert [(g.label, g.size) for g in split] == [("1", 1), ("0", 1)]


def test_a_part_reads_as_a_digit_only_if_it_is_sure_enough():
    """A part of a cut gesture the model half takes for a 1 is not a 1 (a letter's stroke)."""
    unsure = candidates(parts_in_order([ten()], [bounding_box(ten())], {0: [(0, 11)]}), 10)[0][0]
    unsure.probabilities = probabilities(1, CUT_SURE - 0.1)
    assert unsure.partial and unsure.label == "?"
    unsure.probabilities = probabilities(1, CUT_SURE + 0.1)
    assert unsure.label == "1"


def test_a_thin_part_drawn_upwards_is_never_a_one():
    """An N in one stroke: its uprights are drawn upwards, so neither reads as a 1."""
    letter = [points(0, 10, 0, 0) + points(0, 0, 6, 10)[1:] + points(6, 10, 6, 0)[1:]]
    assert upward([letter[0][:12]]) and not upward([letter[0][11:23]])
    at = cuts(letter, bounding_box(letter))
    assert at == [(0, 11), (0, 22)]
    groups = candidates(parts_in_order([letter], [bounding_box(letter)], {0: at}), 10)
    uprights = [groups[0][0], groups[2][0]]
    assert [g.digit for g in uprights] == [False, False] and groups[1][0].digit


def test_touches_tells_crossing_and_touching_ink_from_ink_apart():
    cross = line(0, 0, 10, 10), line(0, 10, 10, 0)
    assert touches(*cross, 0.1)
    tee = line(0, 5, 10, 5), line(10.05, 0, 10.05, 10)
    assert touches(*tee, 0.1) and not touches(*tee, 0.01)
    assert not touches(line(0, 0, 0, 10), line(3, 0, 3, 10), 0.5)
    assert touches([[(1, 1)]], line(0, 1, 5, 1), 0.1)  # a dot on a line


def h_letter() -> list:
    return [line(0, 0, 0, 10), line(0, 5, 6, 5), line(6, 0, 6, 10)]


def test_an_h_whose_strokes_read_as_ones_is_one_letter():
    """Its uprights read as 1s, but the crossbar bridges them and the whole reads surely as not
    a digit: it is one "?", not "11". Two 1s with a bar between them that touches neither stay
    two 1s."""
    outputs = {
        (0,): probabilities(1, 0.9),
        (2,): probabilities(1, 0.9),
        (0, 1): probabilities(1, 0.5),
        (1, 2): probabilities(1, 0.5),
        (0, 1, 2): probabilities(NOT_A_DIGIT, 0.97),
    }

    def read(gestures):
        boxes = [bounding_box(g) for g in gestures]
        height = line_height(boxes)
        groups = candidates(parts_in_order(gestures, boxes, {}), height)
        for here in groups:
            for group in here:
                group.probabilities = outputs.get(group.members, probabilities(NOT_A_DIGIT, 0.9))
        mark_letters(groups, boxes, lambda a, b: touches(gestures[a], gestures[b], 0.2))
        return "".join(g.label for g in best_split(groups, height))

    assert read(h_letter()) == "?"
    bar_apart = [line(0, 0, 0, 10), line(1.2, 5, 4.8, 5), line(6, 0, 6, 10)]
    assert read(bar_apart) == "11"


def test_real_joined_digits_are_cut_where_they_meet():
    """A real writer's 9 and 0 in one stroke (UNIPEN's numbers): cut at both ends of the stroke
    that runs back down from the 9's top to the 0; a real writer's 1 and 0 joined by
    `trainer.joins.join`: cut at both ends of the connecting line."""
    real = load_real_numbers()[54]
    assert real.label == "990" and len(real.strokes) == 2
    gesture = [real.strokes[1]]
    found = [index for _, index in cuts(gesture, bounding_box(gesture))]
    assert any(abs(index - 37) <= 1 for index in found)  # the 9's top (its point 37)
    assert any(abs(index - 49) <= 1 for index in found)  # the 0's start (its point 49)
    one = [points(0, 0, 0.5, 10, 30)]
    zero = [[(x + 4, y) for x, y in oval(0, 5, 5, 60)]]
    strokes, owners = join([one, zero], [True])
    found = [index for _, index in cuts(strokes, bounding_box(strokes))]
    connector = [index for index, owner in enumerate(owners[0]) if owner < 0]
    assert found == [connector[0] - 1, connector[-1] + 1]


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


def test_number_reader_cuts_a_stroke_that_reads_as_no_digit():
    """A 1 and a 0 written in one stroke read 10: the whole reads as no digit, so it is cut,
    and its parts are read in a second batch; the link between them is left out."""
    gesture = ten()
    one, _, zero = cut_parts(gesture, [(0, 11), (0, 22)])
    model = StandIn([(one, 1), (zero, 0)])
    reader = NumberReader(model)
    digits = reader.read([gesture])
    assert "".join(d.label for d in digits) == "10" and model.calls == 2
    assert [d.size for d in digits] == [1, 1] and digits[1].box == bounding_box(zero)


def test_a_stroke_read_surely_as_one_digit_is_never_cut():
    """The same stroke, if the model reads it whole as a digit (at SURE or more), is that digit:
    no part of it is rendered."""
    gesture = ten()
    model = StandIn([(gesture, 6)])
    assert 0.9 >= SURE
    reader = NumberReader(model)
    assert [d.label for d in reader.read([gesture])] == ["6"]
    assert model.calls == 1 and reader.rendered == 1


def test_a_joined_stroke_that_grows_rereads_only_its_new_parts():
    """While a joined number is drawn, the parts before the last cut keep their readings."""
    gesture = ten()
    reader = NumberReader(StandIn([]))
    growing = [list(gesture[0][:40])]  # the 1, the link and most of the 0
    reader.read([growing])
    first = reader.rendered
    growing[0].extend(gesture[0][40:])
    reader.read([growing])
    assert reader.rendered == 3 < first  # the whole, the 0, and the link with the 0


def test_fifteen_digits_stay_cheap():
    """A long number: candidates grow with the strokes, not their combinations."""
    gestures = [line(6 * i, 0, 6 * i + 1, 10) for i in range(15)]
    model = StandIn([])
    digits = NumberReader(model).read(gestures)
    assert len(digits) == 15 and model.calls == 1 and model.images == 15
