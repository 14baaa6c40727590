"""Turn a person's pen strokes into the 28x28 image that MNIST-trained models expect.

MNIST digits were scaled to fit a 20x20 box keeping their aspect ratio, anti-aliased, and placed in
a 28x28 image so that their centre of mass falls on the centre pixel; white ink on black, strokes
about 2-3 px wide. `to_mnist` brings strokes into that form: whatever size and place a person
draws at, the model sees the same image.

Pure Python on purpose (no numpy, no `js`): the page runs this file in MicroPython or Pyodide on
the user's strokes, and the trainer and the CPython tests import it unchanged to render real pen
data. So it sticks to what MicroPython has too (no `collections.abc`, `math.hypot`, `zip(strict=)`).

Coordinates: x grows to the right, y grows downwards (canvas convention), any unit. In the output,
pixel (row, col) has its centre at (x=col, y=row).
"""

from math import ceil, floor, sqrt

try:
    from math import hypot
except ImportError:  # MicroPython

    def hypot(x: float, y: float) -> float:
        return sqrt(x * x + y * y)


SIZE = 28
"""Side of the output image, in pixels."""
BOX = 20
"""Side of the box the ink (pen width included) is scaled to fit, as in MNIST."""
CENTRE = 14.0
"""Where MNIST puts the centre of mass, in pixel coordinates (its mean over the test set)."""
PEN_WIDTH = 2.8
"""Default pen width in output pixels; chosen so that ink statistics match MNIST's."""
SOFT_EDGE = 1.4
"""Width (output pixels) over which ink fades out at a line's edge: MNIST's strokes are soft."""
MIN_STEP = 0.6
"""Points nearer than this (output pixels) to the last kept one are dropped: less work."""

try:  # the types in annotations: MicroPython lacks them but never evaluates annotations
    from collections.abc import Sequence

    Point = tuple[float, float]
    Stroke = Sequence[Point]
except ImportError:
    pass


def to_mnist(strokes: Sequence[Stroke], pen_width: float = PEN_WIDTH) -> list[float]:
    """Render strokes as a 28x28 MNIST-style image: 784 values in 0..1, row by row.

    The strokes' bounding box is scaled, aspect kept, so that the ink fits a 20x20 box; the lines
    are drawn anti-aliased with `pen_width` (output pixels) whatever the drawing's size; the image
    is then placed so that its centre of mass is at the centre pixel. No ink gives all zeros; a
    single point gives a dot.
    """
    strokes = [stroke for stroke in strokes if len(stroke) > 0]
    if not strokes:
        return [0.0] * (SIZE * SIZE)
    x0, y0, x1, y1 = bounding_box(strokes)
    extent = max(x1 - x0, y1 - y0)
    scale = (BOX - SOFT_EDGE - pen_width) / extent if extent > 0 else 0.0
    paths = [
        _simplify([((x - x0) * scale, (y - y0) * scale) for x, y in stroke]) for stroke in strokes
    ]

    # Place the ink's own centre at the centre, render, then correct by what the rendered pixels
    # say: caps and overlaps move the centre of mass a little away from the ink's centre.
    cx, cy = _path_centre(paths)
    dx, dy = CENTRE - cx, CENTRE - cy
    image = _render(paths, dx, dy, pen_width)
    for _ in range(2):
        mx, my = center_of_mass(image)
        if abs(mx - CENTRE) < 0.05 and abs(my - CENTRE) < 0.05:
            break
        dx, dy = dx + CENTRE - mx, dy + CENTRE - my
        image = _render(paths, dx, dy, pen_width)
    return image


def bounding_box(strokes: Sequence[Stroke]) -> tuple[float, float, float, float]:
    """(x_min, y_min, x_max, y_max) over every point of every stroke (at least one point)."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    return min(xs), min(ys), max(xs), max(ys)


def center_of_mass(image: Sequence[float]) -> Point:
    """Intensity-weighted mean (x, y) of a 28x28 image, in pixel coordinates; centre if empty."""
    total = sx = sy = 0.0
    for index, value in enumerate(image):
        if value:
            row, col = divmod(index, SIZE)
            total += value
            sx += value * col
            sy += value * row
    if total == 0:
        return CENTRE, CENTRE
    return sx / total, sy / total


def _simplify(path: list[Point]) -> list[Point]:
    """Drop points within MIN_STEP of the last kept one, keeping both ends of the path."""
    kept = [path[0]]
    for x, y in path[1:-1]:
        lx, ly = kept[-1]
        if (x - lx) ** 2 + (y - ly) ** 2 >= MIN_STEP * MIN_STEP:
            kept.append((x, y))
    if len(path) > 1:
        kept.append(path[-1])
    return kept


def _path_centre(paths: list[list[Point]]) -> Point:
    """Length-weighted centre of the ink's segments; the mean of the points if it has no length."""
    total = sx = sy = 0.0
    for path in paths:
        for (ax, ay), (bx, by) in zip(path, path[1:]):
            length = hypot(bx - ax, by - ay)
            total += length
            sx += length * (ax + bx) / 2
            sy += length * (ay + by) / 2
    if total > 0:
        return sx / total, sy / total
    points = [p for path in paths for p in path]
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def _render(paths: list[list[Point]], dx: float, dy: float, pen_width: float) -> list[float]:
    """Draw the paths shifted by (dx, dy) as anti-aliased lines; overlapping ink takes the max.

    A pixel's value falls linearly from 1 to 0 across SOFT_EDGE pixels centred on the line's
    edge, which approximates a soft pen's coverage of that pixel.
    """
    image = [0.0] * (SIZE * SIZE)
    edge = (pen_width + SOFT_EDGE) / 2  # beyond this distance from the line a pixel gets no ink
    # Compared squared, so that most pixels need no square root: the page runs this in MicroPython,
    # where every float operation costs.
    edge2 = edge * edge
    full2 = (edge - SOFT_EDGE) ** 2 if edge > SOFT_EDGE else -1.0  # nearer than this: full ink
    for path in paths:
        points = [(x + dx, y + dy) for x, y in path]
        segments = zip(points, points[1:]) if len(points) > 1 else [(points[0],) * 2]
        for (ax, ay), (bx, by) in segments:
            sx, sy = bx - ax, by - ay
            length2 = sx * sx + sy * sy
            inverse = 1.0 / length2 if length2 > 0 else 0.0  # a dot: t stays 0
            row_lo = max(0, ceil(min(ay, by) - edge))
            row_hi = min(SIZE - 1, floor(max(ay, by) + edge))
            col_lo = max(0, ceil(min(ax, bx) - edge))
            col_hi = min(SIZE - 1, floor(max(ax, bx) + edge))
            for row in range(row_lo, row_hi + 1):
                py = row - ay
                py_sy = py * sy
                base = row * SIZE
                for col in range(col_lo, col_hi + 1):
                    px = col - ax
                    t = (px * sx + py_sy) * inverse  # the nearest point of the segment
                    if t < 0:
                        t = 0.0
                    elif t > 1:
                        t = 1.0
                    ex = px - t * sx
                    ey = py - t * sy
                    distance2 = ex * ex + ey * ey
                    if distance2 < edge2:
                        value = 1.0 if distance2 <= full2 else (edge - sqrt(distance2)) / SOFT_EDGE
                        if value > image[base + col]:
                            image[base + col] = value
    return image
