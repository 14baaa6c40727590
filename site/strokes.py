"""The strokes of one drawing, kept the way the ink module needs them.

Pure Python (tested in CPython). Points are in canvas units: x and y divided by the canvas's CSS
width, so a drawing keeps its shape when the canvas is resized. A gesture is what one pointer
draws between pointer-down and pointer-up. Only the part of a gesture inside the canvas is kept:
a gesture that leaves the canvas and comes back becomes several pieces of one gesture, so what the
model reads is what the person sees, and undo removes the whole gesture.
"""

try:  # the types in annotations: MicroPython lacks them but never evaluates annotations
    from collections.abc import Iterator

    Point = tuple[float, float]
except ImportError:
    Point = tuple  # pad.py imports the name


class Drawing:
    """Gestures of one drawing, each a list of pieces (polylines inside the canvas)."""

    def __init__(self) -> None:
        self.gestures: list[list[list[Point]]] = []
        self.current: list[list[Point]] | None = None
        self.height = 1.0  # canvas height in canvas units (height / width)
        self._last: Point | None = None  # last point of the current gesture, inside or not
        self._piece_open = False  # whether the current gesture's last piece ends at _last

    @property
    def stroke_count(self) -> int:
        """Completed gestures."""
        return len(self.gestures)

    @property
    def is_drawing(self) -> bool:
        return self.current is not None

    def begin(self, point: Point) -> None:
        """Start a gesture at `point` (a gesture still open is completed first)."""
        if self.current is not None:
            self.end()
        self.current = []
        self._last = point
        self._piece_open = False
        if self._inside(point):
            self.current.append([point])
            self._piece_open = True

    def extend(self, point: Point) -> None:
        """Continue the current gesture to `point`, keeping only what lies inside the canvas."""
        if self.current is None or self._last is None:
            return
        clipped = clip_segment(self._last, point, 1.0, self.height)
        if clipped is None:
            self._piece_open = False
        else:
            start, end = clipped
            if self._piece_open and start == self._last:
                self.current[-1].append(end)
            else:
                self.current.append([start, end])
            self._piece_open = end == point
        self._last = point

    def end(self) -> bool:
        """Complete the current gesture; False (and nothing kept) if it left no ink inside."""
        gesture, self.current, self._last = self.current, None, None
        if not gesture:
            return False
        self.gestures.append(gesture)
        return True

    def undo(self) -> bool:
        """Remove the last completed gesture; False if there was none."""
        if not self.gestures:
            return False
        self.gestures.pop()
        return True

    def clear(self) -> None:
        self.gestures = []
        self.current = None
        self._last = None

    def gesture_list(self, include_current: bool = True) -> list[list[list[Point]]]:
        """Every gesture as its pieces, in drawing order: what a number is read from."""
        gestures = list(self.gestures)
        if include_current and self.current:
            gestures.append(self.current)
        return gestures

    def pieces(self, include_current: bool = True) -> list[list[Point]]:
        """Every piece of ink, in drawing order: what the ink module renders."""
        return list(self._pieces(include_current))

    def _pieces(self, include_current: bool) -> Iterator[list[Point]]:
        for gesture in self.gestures:
            yield from gesture
        if include_current and self.current:
            yield from self.current

    def _inside(self, point: Point) -> bool:
        x, y = point
        return 0.0 <= x <= 1.0 and 0.0 <= y <= self.height


def clip_segment(a: Point, b: Point, width: float, height: float) -> tuple[Point, Point] | None:
    """The part of segment a-b inside the rectangle [0, width] x [0, height], or None.

    Liang-Barsky clipping; an end that lies inside is returned unchanged (the same tuple).
    """
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax), (dx, width - ax), (-dy, ay), (dy, height - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0.0 else (ax + t0 * dx, ay + t0 * dy)
    end = b if t1 == 1.0 else (ax + t1 * dx, ay + t1 * dy)
    return start, end
