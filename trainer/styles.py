"""School styles the pen writers rarely show, added to their strokes before rendering.

Each style adds a stroke where a person would: a slash through a zero (Ø), a flag and sometimes a
base on a plain 1, a crossbar on a 7 drawn without one. The result goes through the same ink path
as every other drawing. Coordinates: canvas convention (y down), any unit.
"""

import math

import numpy as np

from .page import ink

Stroke = list[tuple[float, float]]
STRAIGHT_ONE = 0.25
"""A 1 narrower than this fraction of its height has no flag yet."""


def _line(a: tuple[float, float], b: tuple[float, float], bend: float, points: int = 8) -> Stroke:
    """A slightly bowed line from a to b: `bend` is the bow's depth as a fraction of its length."""
    (ax, ay), (bx, by) = a, b
    nx, ny = -(by - ay), bx - ax  # normal, as long as the line
    line = []
    for step in range(points):
        t = step / (points - 1)
        bow = 4 * t * (1 - t) * bend
        line.append((ax + t * (bx - ax) + bow * nx, ay + t * (by - ay) + bow * ny))
    return line


def slash_zero(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """Ø: a slash from beyond the bottom left to beyond the top right."""
    x0, y0, x1, y1 = ink.bounding_box(strokes)
    w, h = x1 - x0, y1 - y0
    start = (x0 + rng.uniform(-0.2, 0.15) * w, y1 + rng.uniform(-0.05, 0.2) * h)
    end = (x1 + rng.uniform(-0.15, 0.2) * w, y0 - rng.uniform(-0.05, 0.2) * h)
    if rng.random() < 0.5:
        start, end = end, start
    return [*strokes, _line(start, end, rng.uniform(-0.05, 0.05))]


def flag_one(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """A 1 with a flag from its top down to the left, and half the time a base."""
    x0, y0, x1, y1 = ink.bounding_box(strokes)
    h = y1 - y0
    points = [p for stroke in strokes for p in stroke]
    top = min(points, key=lambda p: p[1])
    bottom = max(points, key=lambda p: p[1])
    length = rng.uniform(0.25, 0.6) * h
    angle = math.radians(rng.uniform(10, 60))  # below the horizontal
    flag_start = (top[0] - length * math.cos(angle), top[1] + length * math.sin(angle))
    styled = [_line(flag_start, top, rng.uniform(-0.08, 0.08), 6), *strokes]
    if rng.random() < 0.5:
        half = rng.uniform(0.15, 0.35) * h
        tilt = rng.uniform(-0.04, 0.04) * h
        base = _line((bottom[0] - half, bottom[1] - tilt), (bottom[0] + half, bottom[1] + tilt), 0)
        styled.append(base)
    return styled


def cross_seven(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """A 7 with a short crossbar through its stem, a little above half height."""
    x0, y0, x1, y1 = ink.bounding_box(strokes)
    h = y1 - y0
    level = y0 + rng.uniform(0.4, 0.6) * h
    stem = _crossing(strokes, level)
    half = rng.uniform(0.2, 0.35) * h
    tilt = rng.uniform(-0.06, 0.03) * h
    bar = _line((stem - half, level - tilt), (stem + half, level + tilt), 0)
    return [*strokes, bar]


def _crossing(strokes: list[Stroke], level: float) -> float:
    """x where the ink first crosses the height `level` (the nearest point's x if it never does)."""
    for stroke in strokes:
        for (ax, ay), (bx, by) in zip(stroke, stroke[1:], strict=False):
            if (ay - level) * (by - level) <= 0 and ay != by:
                return ax + (bx - ax) * (level - ay) / (by - ay)
    return min((p for s in strokes for p in s), key=lambda p: abs(p[1] - level))[0]


def eligible(label: int, strokes: list[Stroke]) -> bool:
    """Whether `style` can be added: zeros, plain one-stroke 1s and 7s."""
    if label == 0:
        return True
    if label not in (1, 7) or len(strokes) != 1:
        return False
    x0, y0, x1, y1 = ink.bounding_box(strokes)
    return label == 7 or x1 - x0 < STRAIGHT_ONE * (y1 - y0)


def style(label: int, strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """The strokes with the style of their digit added (see `eligible`)."""
    return {0: slash_zero, 1: flag_one, 7: cross_seven}[label](strokes, rng)
