"""Turn a person's pen strokes into the 28x28 image that MNIST-trained models expect.

MNIST digits were scaled to fit a 20x20 box keeping their aspect ratio, anti-aliased, and placed in
a 28x28 image so that their centre of mass falls on the centre pixel; white ink on black, strokes
about 2-3 px wide, one byte per pixel. `to_mnist` brings strokes into that form: whatever size and
place a person draws at, the model sees the same image.

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
LEVELS = 255 / SOFT_EDGE
"""Grey levels per pixel of distance across the soft edge."""
MIN_STEP = 0.6
"""Points nearer than this (output pixels) to the last kept one are dropped: less work."""

try:  # the types in annotations: MicroPython lacks them but never evaluates annotations
    from collections.abc import Sequence

    Point = tuple[float, float]
    Stroke = Sequence[Point]
except ImportError:
    pass


def to_mnist(strokes: Sequence[Stroke], pen_width: float = PEN_WIDTH) -> bytearray:
    """Render strokes as a 28x28 MNIST-style image: 784 bytes (0 to 255), row by row.

    The strokes' bounding box is scaled, aspect kept, so that the ink fits a 20x20 box; the lines
    are drawn anti-aliased with `pen_width` (output pixels) whatever the drawing's size; the image
    is then moved by whole pixels so that its centre of mass is within half a pixel of the centre,
    each way: MNIST's centres of mass spread evenly over that square (a whole-pixel shift), and one
    rendering costs half of rendering again at the exact place. No ink gives all zeros; a single
    point gives a dot.

    Bytes as in MNIST's files, not floats: bytes cross to JavaScript (TF.js, the canvas) as one
    string, where MicroPython converts floats one by one (about 1.5 ms per image).
    """
    strokes = [stroke for stroke in strokes if len(stroke) > 0]
    if not strokes:
        return bytearray(SIZE * SIZE)
    x0, y0, x1, y1 = bounding_box(strokes)
    extent = max(x1 - x0, y1 - y0)
    scale = (BOX - SOFT_EDGE - pen_width) / extent if extent > 0 else 0.0
    paths = [
        _simplify([((x - x0) * scale, (y - y0) * scale) for x, y in stroke]) for stroke in strokes
    ]

    # Render once with the ink's own centre at the centre, then do what MNIST did: move the image
    # by whole pixels so that its centre of mass is within half a pixel of the centre pixel.
    cx, cy = _path_centre(paths)
    image = _render(paths, CENTRE - cx, CENTRE - cy, pen_width)
    mx, my = center_of_mass(image)
    return _shift(image, round(CENTRE - mx), round(CENTRE - my))


def bounding_box(strokes: Sequence[Stroke]) -> tuple[float, float, float, float]:
    """(x_min, y_min, x_max, y_max) over every point of every stroke (at least one point)."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    return min(xs), min(ys), max(xs), max(ys)


def center_of_mass(image: Sequence[float]) -> Point:
    """Intensity-weighted mean (x, y) of a 28x28 image, in pixel coordinates; centre if empty."""
    rows = [sum(image[row * SIZE : (row + 1) * SIZE]) for row in range(SIZE)]
    total = sum(rows)
    if total == 0:
        return CENTRE, CENTRE
    values = list(image)  # MicroPython slices a bytearray only with step 1
    cols = [sum(values[col::SIZE]) for col in range(SIZE)]
    mean_x = sum(col * weight for col, weight in enumerate(cols)) / total
    mean_y = sum(row * weight for row, weight in enumerate(rows)) / total
    return mean_x, mean_y


def _shift(image: bytearray, dx: int, dy: int) -> bytearray:
    """The image moved right by dx and down by dy whole pixels; what leaves the frame is lost."""
    if not dx and not dy:
        return image
    blank = bytearray(SIZE)
    shifted = bytearray()
    for source in range(-dy, SIZE - dy):  # the row of `image` that lands on each row
        line = image[source * SIZE : (source + 1) * SIZE] if 0 <= source < SIZE else blank
        if dx >= 0:
            shifted += blank[:dx] + line[: SIZE - dx]
        else:
            shifted += line[-dx:] + blank[:-dx]
    return shifted


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


def _render(paths: list[list[Point]], dx: float, dy: float, pen_width: float) -> bytearray:
    """Draw the paths shifted by (dx, dy) as anti-aliased lines; overlapping ink takes the max.

    A pixel's value falls linearly from 1 to 0 across SOFT_EDGE pixels centred on the line's
    edge, which approximates a soft pen's coverage of that pixel, and is stored as the nearest of
    the 256 levels of a byte (`LEVELS` per pixel of distance). So a pixel's value depends only
    on its distance to the nearest segment: each path's first point is drawn as a disk, then each
    segment where it can be the nearest one (see `_draw_segment`). The step from a pixel's
    squared distance to its ink is written out in each loop: a call per pixel would cost more.
    """
    image = bytearray(SIZE * SIZE)
    edge = (pen_width + SOFT_EDGE) / 2  # beyond this distance from the line a pixel gets no ink
    for path in paths:
        points = [(x + dx, y + dy) for x, y in path]
        _draw_disk(image, points[0][0], points[0][1], edge)
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            _draw_segment(image, ax, ay, bx, by, edge)
    return image


def _draw_disk(image: bytearray, cx: float, cy: float, edge: float) -> None:
    """Ink within `edge` of the point (cx, cy)."""
    edge2 = edge * edge
    full2 = _full_ink2(edge)
    top = edge * LEVELS + 0.5  # a pixel's level is int(top - distance * LEVELS), rounded
    for row in range(max(0, ceil(cy - edge)), min(SIZE - 1, floor(cy + edge)) + 1):
        ey2 = (row - cy) * (row - cy)
        base = row * SIZE
        for col in range(max(0, ceil(cx - edge)), min(SIZE - 1, floor(cx + edge)) + 1):
            ex = col - cx
            distance2 = ex * ex + ey2
            if distance2 < edge2:
                level = 255 if distance2 <= full2 else int(top - sqrt(distance2) * LEVELS)
                if level > image[base + col]:
                    image[base + col] = level


def _draw_segment(
    image: bytearray, ax: float, ay: float, bx: float, by: float, edge: float
) -> None:
    """Ink within `edge` of the segment A-B, for the pixels that project onto it or beyond B.

    A pixel that projects before A (t < 0) is nearest to A, which ends the segment before
    (or is the path's first point, drawn as a disk): that one inks it at least as much, so it
    is skipped, which saves about 40% of the pixels. On each row, t = 0 and t = 1 fall on two
    columns: between them the distance is the distance to the line, beyond t = 1 the distance to
    B. So a pixel costs neither the projection nor its clamping, which counts on MicroPython,
    where every float operation costs.
    """
    sx, sy = bx - ax, by - ay
    length2 = sx * sx + sy * sy
    if length2 == 0:
        return  # all of it is at A, already drawn
    inverse = 1.0 / length2
    edge2 = edge * edge
    full2 = _full_ink2(edge)
    top = edge * LEVELS + 0.5  # a pixel's level is int(top - distance * LEVELS), rounded
    col_lo = max(0, ceil(min(ax, bx) - edge))
    col_hi = min(SIZE - 1, floor(max(ax, bx) + edge))
    if sx:
        slope, step = -sy / sx, length2 / sx  # t = 0 at column ax + slope * py, t = 1 `step` on
    row_lo = max(0, ceil(min(ay, by) - edge))
    row_hi = min(SIZE - 1, floor(max(ay, by) + edge))
    for row in range(row_lo, row_hi + 1):
        py = row - ay
        # Columns of the pixels nearest to the line (t in 0..1), then of those nearest to B.
        if sx:
            start = ax + slope * py
            if sx > 0:
                line_lo, line_hi = ceil(start), floor(start + step)
                end_lo, end_hi = line_hi + 1, col_hi
            else:
                line_lo, line_hi = ceil(start + step), floor(start)
                end_lo, end_hi = col_lo, line_lo - 1
        elif py * sy < 0:
            continue  # the whole row projects before A
        elif py * sy <= length2:
            line_lo, line_hi, end_lo, end_hi = col_lo, col_hi, 1, 0
        else:
            line_lo, line_hi, end_lo, end_hi = 1, 0, col_lo, col_hi
        line_lo, end_lo = max(line_lo, col_lo), max(end_lo, col_lo)
        line_hi, end_hi = min(line_hi, col_hi), min(end_hi, col_hi)
        base = row * SIZE
        py_sx = py * sx
        for col in range(line_lo, line_hi + 1):
            cross = (col - ax) * sy - py_sx
            distance2 = cross * cross * inverse
            if distance2 < edge2:
                level = 255 if distance2 <= full2 else int(top - sqrt(distance2) * LEVELS)
                if level > image[base + col]:
                    image[base + col] = level
        ey2 = (row - by) * (row - by)
        for col in range(end_lo, end_hi + 1):
            ex = col - bx
            distance2 = ex * ex + ey2
            if distance2 < edge2:
                level = 255 if distance2 <= full2 else int(top - sqrt(distance2) * LEVELS)
                if level > image[base + col]:
                    image[base + col] = level


def _full_ink2(edge: float) -> float:
    """Squared distance from the line within which a pixel gets full ink (-1: none does)."""
    return (edge - SOFT_EDGE) ** 2 if edge > SOFT_EDGE else -1.0
