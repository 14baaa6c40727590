"""Digit pad: write a digit or a number on the canvas and see what the model reads, live.

Wiring only: `pad` captures and draws strokes, `segment` splits them into digits (each rendered by
`ink` into the model's 28x28 input), `classifier` runs the TF.js model. The page's test contract
lives here: body[data-state] is "ready" once a drawing can be read, and the prediction element's
text (the digits read, "?" for a part that is not a digit) and data-stroke-count are always set
together, in the same task.
"""

from classifier import Classifier, ModelError, uint8_array
from pad import Pad
from pyscript import document, when, window
from pyscript.ffi import create_proxy
from segment import NOT_A_DIGIT, NumberReader

MODEL_URL = "model/model.json"
WASM_DIR = "vendor/tfjs/"
UNSURE_BELOW = 0.6
"""Below this probability a digit is marked as unsure."""
LIVE_INTERVAL_MS = 100
"""Least time between the starts of two live readings while a stroke is being drawn."""
LIVE_SHARE = 0.25
"""Most of the drawing time that live readings may take: on a long number one costs tens of ms
on MicroPython, and a pen lift that comes during one waits for it to end."""
MARK_MARGIN = 0.03
"""Space around a digit's mark on the pad, as a fraction of the pad's height."""

body = document.body
status = document.getElementById("status")
prediction = document.getElementById("prediction")
confidence = document.getElementById("confidence")
answer = prediction.parentElement
digit_list = document.getElementById("digits")
marks = document.getElementById("marks")
seen_canvas = document.getElementById("seen")
seen_caption = document.getElementById("seen-caption")
undo_button = document.getElementById("undo")
clear_button = document.getElementById("clear")

shown_digits = []
"""The digits (segment.Group) of the last reading, left to right."""
selected = None
"""Index of the digit whose probabilities are shown; None: the last one."""
chips_by_image = {}
"""A Chip for each digit shown, by the identity of its image."""
bars = document.getElementById("bars")


def say(message: str, error: bool = False) -> None:
    status.textContent = message
    status.classList.toggle("error", error)


def show_bars(digit) -> None:
    """One bar per class (0-9, then "?" for not a digit) for a digit read, its choice
    highlighted; empty bars for None.

    Two calls across the JS bridge, not three per bar: the items as one string, their lengths as
    custom properties of the list (--p0 to --p10: the page's CSP allows no inline style).
    """
    probabilities, chosen = (digit.probabilities, digit.choice) if digit else (None, None)
    items, lengths = [], []
    for index in range(NOT_A_DIGIT + 1):
        label = "?" if index == NOT_A_DIGIT else str(index)
        title = ' title="not a digit"' if index == NOT_A_DIGIT else ""
        p = probabilities[index] if probabilities else 0.0
        top = ' class="top"' if index == chosen else ""
        value = f"{p * 100:.0f}%" if probabilities else ""
        items.append(
            f'<li{top}{title}><span class="label">{label}</span>'
            f'<span class="track"><span class="fill"></span></span><span class="value">{value}'
            "</span></li>"
        )
        lengths.append(f"--p{index}:{p:.4f}")
    bars.innerHTML = "".join(items)
    bars.style.cssText = ";".join(lengths)


GREY_PIXELS = [bytes((level, level, level, 255)) for level in range(256)]
"""Each grey level as an opaque RGBA pixel."""


def paint(canvas, pixels: bytearray) -> None:
    """Paint a 28x28 image (bytes, 0 to 255) on a 28x28 canvas."""
    rgba = uint8_array(b"".join([GREY_PIXELS[level] for level in pixels]))
    data = window.Uint8ClampedArray.new(rgba.buffer)
    canvas.getContext("2d").putImageData(window.ImageData.new(data, 28, 28), 0, 0)


def kind_of(digit) -> str:
    """ "rejected" (not a digit), "unsure" or "sure"."""
    if digit.label == "?":
        return "rejected"
    return "unsure" if digit.confidence < UNSURE_BELOW else "sure"


def summary(digits: list) -> str:
    """How sure the reading is, in words."""
    percent = round(min(d.confidence for d in digits) * 100)
    kinds = [kind_of(d) for d in digits]
    if len(digits) == 1:
        return {
            "sure": f"{percent}% sure",
            "unsure": f"Not sure ({percent}%)",
            "rejected": f"Not a digit ({percent}%)",
        }[kinds[0]]
    rejected, unsure = kinds.count("rejected"), kinds.count("unsure")
    parts = []
    if rejected:
        parts.append(f"{rejected} not a digit" if rejected == 1 else f"{rejected} not digits")
    if unsure:
        parts.append(f"{unsure} unsure")
    if parts:
        return f"{len(digits)} parts: " + ", ".join(parts)
    return f"{len(digits)} digits, all sure (least {percent}%)"


def show_reading(digits: list, stroke_count: int) -> None:
    """Show what was read; the answer's text and stroke count change together."""
    global shown_digits
    shown_digits = digits
    text = "".join(d.label for d in digits)
    prediction.textContent = text
    prediction.style.setProperty("--digits", str(len(text)))  # its type shrinks to fit
    confidence.textContent = summary(digits) if digits else ""
    answer.classList.toggle("unsure", any(kind_of(d) != "sure" for d in digits))
    prediction.dataset.strokeCount = str(stroke_count)
    show_digit_list()
    show_selected()
    has_ink = bool(pad.drawing.gestures)
    undo_button.disabled = not has_ink
    clear_button.disabled = not has_ink and not pad.drawing.is_drawing


class Chip:
    """A digit's button (its image, what was read, how sure) and its mark on the pad."""

    def __init__(self, digit, index: int, height: float) -> None:
        kind = kind_of(digit)
        percent = round(digit.confidence * 100)
        self.pixels = digit.pixels  # holding the image keeps its id unique
        self.item = document.createElement("li")
        self.item.innerHTML = (
            f'<button type="button" class="chip {kind}">'
            f'<canvas width="28" height="28"></canvas><span class="label">{digit.label}</span>'
            f'<span class="value">{percent}%</span></button>'
        )
        self.title = f"{_spoken(digit.label)}, {percent}% sure"
        self.item.title = self.title
        self.button = self.item.firstElementChild
        self.canvas = self.button.firstElementChild
        paint(self.canvas, digit.pixels)
        self.mark = document.createElement("div")
        self.mark.className = f"mark {kind}"
        self.mark.innerHTML = f"<span>{digit.label}</span>"
        self.index = self.height = self.selection = None
        self.place(digit, index, height)

    def place(self, digit, index: int, height: float) -> None:
        """Number the button and put the mark on the digit, where that changed."""
        if index != self.index:
            self.index = index
            self.button.dataset.index = str(index)
            self.button.setAttribute("aria-label", f"Digit {index + 1}: {self.title}")
        if height != self.height:
            self.height = height
            margin = MARK_MARGIN * height
            x0, y0, x1, y1 = digit.box
            self.mark.style.cssText = (
                f"left:{(x0 - margin) * 100:.2f}%;top:{(y0 - margin) / height * 100:.2f}%;"
                f"width:{(x1 - x0 + 2 * margin) * 100:.2f}%;"
                f"height:{(y1 - y0 + 2 * margin) / height * 100:.2f}%"
            )

    def select(self, selected: bool, marked: bool) -> None:
        """Show whether this is the digit whose probabilities are shown (its button pressed, its
        mark on the pad highlighted), where that changed."""
        if (selected, marked) != self.selection:
            self.selection = (selected, marked)
            self.button.setAttribute("aria-pressed", "true" if selected else "false")
            self.mark.classList.toggle("selected", marked)


def show_digit_list() -> None:
    """A button per digit and its mark on the pad.

    A digit read before keeps its button and mark, changed only where its place changed: on a
    slow interpreter, painting an image or crossing the JS bridge a few times per digit would
    cost more than the rest of a reading.
    """
    global chips_by_image
    height = pad.drawing.height
    chips = {}
    for index, digit in enumerate(shown_digits):
        chip = chips_by_image.get(id(digit.pixels))
        if chip is None:
            chip = Chip(digit, index, height)
        else:
            chip.place(digit, index, height)
        chips[id(digit.pixels)] = chip
    chips_by_image = chips
    shown = shown_chips()
    digit_list.replaceChildren(*[chip.item for chip in shown])
    digit_list.scrollLeft = digit_list.scrollWidth  # the row scrolls: keep the newest in view
    marks.replaceChildren(*[chip.mark for chip in shown])


def shown_chips() -> list:
    """The Chips of the digits shown, left to right."""
    return [chips_by_image[id(digit.pixels)] for digit in shown_digits]


def show_selected() -> None:
    """The selected digit's probabilities and 28x28 image (the last digit unless one was
    chosen); empty bars and image when nothing is read."""
    count = len(shown_digits)
    index = count - 1 if selected is None or selected >= count else selected
    chips = shown_chips()
    for position, chip in enumerate(chips):
        chip.select(position == index, position == index and count > 1)
    if not count:
        show_bars(None)
        seen_canvas.getContext("2d").clearRect(0, 0, 28, 28)
        seen_caption.textContent = "What the model sees (28×28)"
        return
    show_bars(shown_digits[index])
    seen_canvas.getContext("2d").drawImage(chips[index].canvas, 0, 0)  # its image
    which = f"digit {index + 1} of {count}" if count > 1 else "the drawing"
    seen_caption.textContent = f"What the model sees of {which} (28×28)"


def _spoken(label: str) -> str:
    return "not a digit" if label == "?" else label


def read_drawing(include_current: bool) -> None:
    """Read the strokes (the one being drawn too if asked) as a number and show it."""
    global selected
    gestures = pad.drawing.gesture_list(include_current)
    if not gestures:
        selected = None
        show_reading([], pad.drawing.stroke_count)
        say("Write a digit or a number in the box.")
        return
    started = window.performance.now()
    timing.model_ms = 0.0
    try:
        digits = reader.read(gestures)
    except Exception as error:  # a JS error from TF.js: say so, keep the drawing
        say(f"Reading failed: {error}", error=True)
        return
    read_ms = window.performance.now() - started
    prediction.dataset.inkMs = f"{read_ms - timing.model_ms:.2f}"
    prediction.dataset.modelMs = f"{timing.model_ms:.2f}"
    prediction.dataset.readMs = f"{read_ms:.2f}"
    prediction.dataset.candidates = str(reader.rendered)
    if len(digits) != len(shown_digits):
        selected = None
    show_reading(digits, pad.drawing.stroke_count)
    if any(d.label == "?" for d in digits):
        say("Part of this does not look like a digit (marked ?). Undo, or write digits 0-9.")
    else:
        say("Write more, undo, or clear to start again.")


class Timing:
    """Time spent in the model during a reading (the rest is ink and splitting)."""

    model_ms = 0.0


timing = Timing()


def predict(images: list) -> list:
    """The classifier, timed."""
    started = window.performance.now()
    try:
        return classifier.predict(images)
    finally:
        timing.model_ms += window.performance.now() - started


next_live_ms = 0.0


def on_move() -> None:
    """While drawing: a live reading, at most every LIVE_INTERVAL_MS, and less often when the
    readings are slow (they take at most LIVE_SHARE of the time)."""
    global next_live_ms
    started = window.performance.now()
    if started >= next_live_ms:
        read_drawing(include_current=True)
        took = window.performance.now() - started
        next_live_ms = started + max(LIVE_INTERVAL_MS, took / LIVE_SHARE)


def on_stroke_end(event) -> None:
    """After each stroke: read at once and note how long pointer-up to answer took, and how much
    of that the pointer-up waited before it was handled (behind a live reading, say)."""
    prediction.dataset.waitMs = f"{window.performance.now() - event.timeStamp:.2f}"
    read_drawing(include_current=False)
    latency = window.performance.now() - event.timeStamp
    prediction.dataset.latencyMs = f"{latency:.2f}"


def clear() -> None:
    pad.clear()
    read_drawing(include_current=False)


def undo() -> None:
    if pad.undo():
        read_drawing(include_current=False)


@when("click", "#clear")
def on_clear_click(event) -> None:
    """Clear button: start again."""
    clear()


@when("click", "#undo")
def on_undo_click(event) -> None:
    """Undo button: remove the last stroke."""
    undo()


@when("click", "#digits")
def on_digit_click(event) -> None:
    """A digit's button (click, tap, Enter or Space): show its probabilities and image."""
    global selected
    chip = event.target.closest("button")
    if chip and chip.hasAttribute("data-index"):
        selected = int(chip.dataset.index)
        show_selected()


def on_key(event) -> None:
    """Escape clears; Ctrl+Z (Cmd+Z on a Mac) undoes the last stroke."""
    if event.key == "Escape":
        clear()
    elif event.key.lower() == "z" and (event.ctrlKey or event.metaKey) and not event.shiftKey:
        event.preventDefault()
        undo()


async def start() -> Classifier | None:
    """Load the model; on failure, say what went wrong in the page."""
    say("Python is ready; loading the model…")
    try:
        return await Classifier.load(MODEL_URL, WASM_DIR)
    except ModelError as error:
        say(str(error), error=True)
    except Exception as error:  # anything else from the runtime: still tell the user
        say(f"The page could not start: {error}", error=True)
    body.dataset.state = "error"
    return None


show_bars(None)
classifier = await start()  # noqa: F704 - PyScript runs this module with top-level await
if classifier is not None:
    reader = NumberReader(predict)
    pad = Pad(document.getElementById("pad"), on_move=on_move, on_end=on_stroke_end)
    key_proxy = create_proxy(on_key)
    document.addEventListener("keydown", key_proxy)
    say(f"Ready ({classifier.backend}). Write a digit or a number in the box.")
    body.dataset.readyMs = f"{window.performance.now():.0f}"
    body.dataset.state = "ready"
