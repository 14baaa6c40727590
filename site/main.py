"""Digit pad: draw a digit on the canvas and see what the model reads, live.

Wiring only: `pad` captures and draws strokes, `ink` turns them into the model's 28x28 input,
`classifier` runs the TF.js model. The page's test contract lives here: body[data-state] is
"ready" once a drawing can be read, and the prediction element's text and data-stroke-count are
always set together, in the same task.
"""

from classifier import Classifier, ModelError
from ink import to_mnist
from pad import Pad
from pyscript import document, when, window
from pyscript.ffi import create_proxy, to_js

MODEL_URL = "model/model.json"
WASM_DIR = "vendor/tfjs/"
UNSURE_BELOW = 0.6
"""Below this probability the page says it is not sure."""
LIVE_INTERVAL_MS = 100
"""Least time between two live predictions while a stroke is being drawn."""

body = document.body
status = document.getElementById("status")
prediction = document.getElementById("prediction")
confidence = document.getElementById("confidence")
answer = prediction.parentElement
seen_canvas = document.getElementById("seen")
undo_button = document.getElementById("undo")
clear_button = document.getElementById("clear")


def say(message: str, error: bool = False) -> None:
    status.textContent = message
    status.classList.toggle("error", error)


def build_bars() -> list:
    """One bar per digit; returns the <li> elements in digit order."""
    bars = document.getElementById("bars")
    items = []
    for digit in range(10):
        item = document.createElement("li")
        item.innerHTML = (
            f'<span class="label">{digit}</span>'
            '<span class="track"><span class="fill"></span></span><span class="value"></span>'
        )
        bars.appendChild(item)
        items.append(item)
    return items


GREY_PIXELS = [level * 0x010101 - 0x1000000 for level in range(256)]
"""Opaque grey RGBA pixels as signed 32-bit ints, little-endian (bytes: level, level, level, 255).
One list of 784 ints crosses to JS in one call: bytes would cross as 3,136 calls on MicroPython."""


def show_seen(pixels: list[float]) -> None:
    """Paint the 28x28 input the model saw."""
    rgba = window.Int32Array.new(to_js([GREY_PIXELS[int(value * 255 + 0.5)] for value in pixels]))
    data = window.Uint8ClampedArray.new(rgba.buffer)
    seen_canvas.getContext("2d").putImageData(window.ImageData.new(data, 28, 28), 0, 0)


def show_prediction(probabilities: list[float] | None, stroke_count: int) -> None:
    """Show a prediction, or none; text and stroke count change together."""
    if probabilities is None:
        prediction.textContent = ""
        confidence.textContent = ""
        answer.classList.remove("unsure")
        for item in bar_items:
            item.classList.remove("top")
            item.style.setProperty("--p", "0")
            item.lastElementChild.textContent = ""
        seen_canvas.getContext("2d").clearRect(0, 0, 28, 28)
    else:
        best = max(range(10), key=lambda digit: probabilities[digit])
        sure = probabilities[best] >= UNSURE_BELOW
        prediction.textContent = str(best)
        percent = round(probabilities[best] * 100)
        confidence.textContent = f"{percent}% sure" if sure else f"Not sure ({percent}%)"
        answer.classList.toggle("unsure", not sure)
        for digit, item in enumerate(bar_items):
            item.classList.toggle("top", digit == best)
            item.style.setProperty("--p", f"{probabilities[digit]:.4f}")
            item.lastElementChild.textContent = f"{probabilities[digit] * 100:.0f}%"
    prediction.dataset.strokeCount = str(stroke_count)
    has_ink = bool(pad.drawing.gestures)
    undo_button.disabled = not has_ink
    clear_button.disabled = not has_ink and not pad.drawing.is_drawing


def read_drawing(include_current: bool) -> None:
    """Predict from the strokes (the one being drawn too if asked) and show the result."""
    pieces = pad.drawing.pieces(include_current)
    if not pieces:
        show_prediction(None, pad.drawing.stroke_count)
        say("Draw a digit in the box.")
        return
    started = window.performance.now()
    pixels = to_mnist(pieces)
    prediction.dataset.inkMs = f"{window.performance.now() - started:.2f}"
    try:
        probabilities = classifier.predict(pixels)
    except Exception as error:  # a JS error from TF.js: say so, keep the drawing
        say(f"Prediction failed: {error}", error=True)
        return
    show_seen(pixels)
    show_prediction(probabilities, pad.drawing.stroke_count)
    say("Draw more, undo, or clear to start again.")


last_live_ms = 0.0


def on_move() -> None:
    """While drawing: a live prediction, at most every LIVE_INTERVAL_MS."""
    global last_live_ms
    now = window.performance.now()
    if now - last_live_ms >= LIVE_INTERVAL_MS:
        last_live_ms = now
        read_drawing(include_current=True)


def on_stroke_end(event) -> None:
    """After each stroke: predict at once and note how long pointer-up to prediction took."""
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


bar_items = build_bars()
classifier = await start()  # noqa: F704 - PyScript runs this module with top-level await
if classifier is not None:
    pad = Pad(document.getElementById("pad"), on_move=on_move, on_end=on_stroke_end)
    key_proxy = create_proxy(on_key)
    document.addEventListener("keydown", key_proxy)
    say(f"Ready ({classifier.backend}). Draw a digit in the box.")
    body.dataset.readyMs = f"{window.performance.now():.0f}"
    body.dataset.state = "ready"
