"""Stroke bookkeeping: gestures, pieces inside the canvas, undo."""

import pytest
from strokes import Drawing, clip_segment


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0.2, 0.2), (0.8, 0.8), ((0.2, 0.2), (0.8, 0.8))),  # inside
        ((0.5, 0.5), (1.5, 0.5), ((0.5, 0.5), (1.0, 0.5))),  # leaves on the right
        ((0.5, -1.0), (0.5, 0.5), ((0.5, 0.0), (0.5, 0.5))),  # enters from the top
        ((-1.0, 0.5), (2.0, 0.5), ((0.0, 0.5), (1.0, 0.5))),  # crosses from side to side
        ((-1.0, -1.0), (-0.5, 2.0), None),  # stays outside
        ((1.5, 0.2), (1.5, 0.8), None),  # parallel to an edge, outside
    ],
)
def test_clip_segment(a, b, expected):
    result = clip_segment(a, b, 1.0, 1.0)
    if expected is None:
        assert result is None
    else:
        assert result == (pytest.approx(expected[0]), pytest.approx(expected[1]))


def draw(drawing, points):
    drawing.begin(points[0])
    for point in points[1:]:
        drawing.extend(point)
    return drawing.end()


def test_a_gesture_that_leaves_and_comes_back_is_one_stroke_of_two_pieces():
    drawing = Drawing()
    draw(drawing, [(0.5, 0.5), (0.9, 0.5), (1.4, 0.5), (1.4, 0.8), (0.9, 0.8), (0.5, 0.8)])
    assert drawing.stroke_count == 1
    pieces = drawing.pieces()
    assert len(pieces) == 2
    assert pieces[0][-1] == pytest.approx((1.0, 0.5))
    assert pieces[1][0] == pytest.approx((1.0, 0.8))
    assert all(0 <= x <= 1 and 0 <= y <= 1 for piece in pieces for x, y in piece)


def test_a_tap_is_a_stroke_of_one_point():
    drawing = Drawing()
    assert draw(drawing, [(0.3, 0.4)])
    assert drawing.pieces() == [[(0.3, 0.4)]]


def test_a_gesture_that_starts_outside_and_never_enters_is_not_a_stroke():
    drawing = Drawing()
    assert not draw(drawing, [(1.2, 0.5), (1.5, 0.6)])
    assert drawing.stroke_count == 0
    assert drawing.pieces() == []


def test_the_stroke_being_drawn_is_read_only_when_asked():
    drawing = Drawing()
    draw(drawing, [(0.1, 0.1), (0.2, 0.2)])
    drawing.begin((0.5, 0.5))
    drawing.extend((0.6, 0.6))
    assert drawing.is_drawing
    assert drawing.stroke_count == 1
    assert len(drawing.pieces(include_current=True)) == 2
    assert len(drawing.pieces(include_current=False)) == 1


def test_undo_removes_the_whole_last_gesture_and_clear_everything():
    drawing = Drawing()
    draw(drawing, [(0.1, 0.1), (0.2, 0.2)])
    draw(drawing, [(0.5, 0.5), (1.5, 0.5), (1.5, 0.7), (0.5, 0.7)])
    assert len(drawing.pieces()) == 3
    assert drawing.undo()
    assert drawing.pieces() == [[(0.1, 0.1), (0.2, 0.2)]]
    assert drawing.undo()
    assert not drawing.undo()
    draw(drawing, [(0.1, 0.1), (0.2, 0.2)])
    drawing.clear()
    assert drawing.stroke_count == 0 and drawing.pieces() == []


def test_a_canvas_taller_than_wide_keeps_ink_below_one_width():
    drawing = Drawing()
    drawing.height = 1.5
    draw(drawing, [(0.5, 0.5), (0.5, 1.4), (0.5, 1.7)])
    assert drawing.pieces()[0][-1] == pytest.approx((0.5, 1.5))
