"""The drawing pad: pointer input on a canvas, kept in a `Drawing` and drawn as smooth lines.

Pointer Events cover mouse, touch and pen alike. Pointer capture keeps a gesture's events coming
when it leaves the canvas; coalesced events give every sampled point at any pointer speed; lines
are drawn as quadratic curves through the midpoints between points, so sparse events still give a
continuous, smooth line. The canvas's backing store follows its CSS size times devicePixelRatio,
so lines stay crisp on high-DPI screens and a resize redraws everything.
"""

import math

from pyscript import window
from pyscript.ffi import create_proxy
from strokes import Drawing, Point

try:  # the type in annotations: MicroPython lacks it but never evaluates annotations
    from collections.abc import Callable
except ImportError:
    pass

LINE_WIDTH = 0.035
"""Width of the drawn line, as a fraction of the canvas height (the height of a written line)."""


class Pad:
    """Draws on `canvas` with one pointer at a time and reports each gesture's progress."""

    def __init__(self, canvas, on_move: Callable[[], None], on_end: Callable[[object], None]):
        self.canvas = canvas
        self.context = canvas.getContext("2d")
        self.drawing = Drawing()
        self.on_move = on_move
        self.on_end = on_end
        self._pointer_id = None
        self._rect = None
        self._drawn = 0  # points of the current piece already drawn
        # JS keeps calling these: keep a reference to every proxy for the page's lifetime.
        self._proxies = {
            "pointerdown": create_proxy(self._pointer_down),
            "pointermove": create_proxy(self._pointer_move),
            "pointerup": create_proxy(self._pointer_up),
            "pointercancel": create_proxy(self._pointer_up),
            "lostpointercapture": create_proxy(self._pointer_up),
        }
        for event_type, proxy in self._proxies.items():
            canvas.addEventListener(event_type, proxy)
        self._resize_proxy = create_proxy(lambda *_: self.resize())
        self._observer = window.ResizeObserver.new(self._resize_proxy)
        self._observer.observe(canvas)
        self.resize()

    def resize(self) -> None:
        """Match the backing store to the CSS size and device pixels, then redraw."""
        rect = self.canvas.getBoundingClientRect()
        if rect.width <= 0 or rect.height <= 0:
            return
        ratio = window.devicePixelRatio or 1
        self.canvas.width = round(rect.width * ratio)
        self.canvas.height = round(rect.height * ratio)
        self.drawing.height = rect.height / rect.width
        self.redraw()

    def clear(self) -> None:
        self.drawing.clear()
        self._pointer_id = None
        self.redraw()

    def undo(self) -> bool:
        changed = self.drawing.undo()
        if changed:
            self.redraw()
        return changed

    def redraw(self) -> None:
        """Draw every piece of the drawing from scratch."""
        context = self.context
        scale = self.canvas.width
        context.setTransform(1, 0, 0, 1, 0, 0)
        context.clearRect(0, 0, self.canvas.width, self.canvas.height)
        context.setTransform(scale, 0, 0, scale, 0, 0)
        context.lineWidth = self._line_width()
        context.lineCap = "round"
        context.lineJoin = "round"
        colour = window.getComputedStyle(self.canvas).getPropertyValue("--ink").strip()
        context.strokeStyle = colour or "#fff"
        context.fillStyle = context.strokeStyle
        for piece in self.drawing.pieces():
            self._draw_piece(piece, 0, final=True)
        current = self.drawing.current
        self._drawn = len(current[-1]) if current else 0

    def _line_width(self) -> float:
        """LINE_WIDTH in canvas units (fractions of the canvas width)."""
        return LINE_WIDTH * self.drawing.height

    def _draw_piece(self, piece: list[Point], start: int, final: bool) -> None:
        """Draw `piece` from point `start` on: curves through midpoints, closed off if final."""
        context = self.context
        if len(piece) == 1:
            x, y = piece[0]
            context.beginPath()
            context.arc(x, y, self._line_width() / 2, 0, math.tau)
            context.fill()
            return
        context.beginPath()
        first = max(start, 1)
        if first == 1:
            context.moveTo(*piece[0])
        else:
            context.moveTo(*_midpoint(piece[first - 2], piece[first - 1]))
        for index in range(first, len(piece)):
            control = piece[index - 1]
            if index == 1:
                context.lineTo(*_midpoint(piece[0], piece[1]))
            else:
                context.quadraticCurveTo(*control, *_midpoint(control, piece[index]))
        if final:
            context.lineTo(*piece[-1])
        context.stroke()

    def _draw_new_points(self, final: bool = False) -> None:
        """Draw what the current gesture added since the last call."""
        current = self.drawing.current
        if not current:
            return
        piece = current[-1]
        if len(piece) > self._drawn or final:
            self._draw_piece(piece, self._drawn, final)
            self._drawn = len(piece)

    def _point(self, event) -> Point:
        rect = self._rect
        return (
            (event.clientX - rect.left) / rect.width,
            (event.clientY - rect.top) / rect.width,
        )

    def _pointer_down(self, event) -> None:
        """Start a gesture with the primary button, finger or pen; ignore other pointers."""
        if self._pointer_id is not None or (event.pointerType == "mouse" and event.button != 0):
            return
        event.preventDefault()
        self._pointer_id = event.pointerId
        self.canvas.setPointerCapture(event.pointerId)
        self._rect = self.canvas.getBoundingClientRect()
        self.drawing.begin(self._point(event))
        self._drawn = 0
        self._draw_new_points()

    def _pointer_move(self, event) -> None:
        """Extend the gesture with every coalesced point of this event."""
        if event.pointerId != self._pointer_id:
            return
        get_coalesced = getattr(event, "getCoalescedEvents", None)
        samples = list(get_coalesced()) if get_coalesced else []
        for sample in samples or [event]:
            self._extend(self._point(sample))
        self.on_move()

    def _extend(self, point: Point) -> None:
        pieces_before = len(self.drawing.current)
        self.drawing.extend(point)
        if len(self.drawing.current) != pieces_before:  # back inside: close the piece that left
            if pieces_before:
                self._draw_piece(self.drawing.current[pieces_before - 1], self._drawn, final=True)
            self._drawn = 0
        self._draw_new_points()

    def _pointer_up(self, event) -> None:
        """Complete the gesture (pointer up, cancelled, or capture lost)."""
        if event.pointerId != self._pointer_id:
            return
        self._pointer_id = None
        if event.type == "pointerup":
            self._extend(self._point(event))
        self._draw_new_points(final=True)
        if self.drawing.end():
            self.on_end(event)


def _midpoint(a: Point, b: Point) -> Point:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
