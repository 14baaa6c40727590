"""Digit pad: write a digit or a number on the canvas and see what the model reads, live.

Wiring only: `pad` captures and draws strokes, `segment` splits them into digits (each rendered by
`ink` into the model's 28x28 input), `classifier` runs the TF.js model, and `teach` adjusts its
readings by the examples the person taught and keeps those in the browser. The page's test
contract lives here: body[data-state] is "ready" once a drawing can be read, and the prediction
element's text (the digits read, "?" for a part that is not a digit) and data-stroke-count are
always set together, in the same task; each digit read is a button [data-testid="digit"], and
once one is chosen [data-testid="teach-D"] teaches that it is D, shown in the same task.
"""

from classifier import Classifier, ModelError, uint8_array
from ink import to_mnist
from pad import Pad
from pyscript import document, when, window
from pyscript.ffi import create_proxy, to_js
from segment import NOT_A_DIGIT, NumberReader
from teach import FILE_NAME, StorageError, Teacher

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
COACH_PAUSE_MS = 1500
"""In "teach me", how long after the pen lifts the drawing is taken as the digit asked for."""
READ_BATCH = 8
"""Examples the model reads again in one task (after a new model, or a file loaded): the page
keeps answering in between."""
MAX_FILE_BYTES = 20_000_000
"""Largest examples file the page reads."""
STROKE = "stroke"
"""An action Undo takes back: a stroke (the others are examples taught, `teach.Taught`)."""
STORAGE_OFF = (
    "This browser does not let the page keep your examples (storage off or full): they count "
    "for this visit only."
)

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
teach_hint = document.getElementById("teach-hint")
answers = document.getElementById("answers")
coach_box = document.getElementById("coach")
coach_prompt = document.getElementById("coach-prompt")
examples_count = document.getElementById("examples")
teach_note = document.getElementById("teach-note")
forget_ask = document.getElementById("forget-ask")
load_input = document.getElementById("load")

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


def note(message: str, error: bool = False) -> None:
    """A line about the examples (stored, loaded, refused), under the teaching controls."""
    teach_note.textContent = message
    teach_note.classList.toggle("error", error)


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
            f'<button type="button" class="chip {kind}" data-testid="digit">'
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
    show_answers()


def chosen_digit():
    """The digit chosen with its button (segment.Group), or None."""
    if selected is None or selected >= len(shown_digits):
        return None
    return shown_digits[selected]


class TeachRow:
    """What the teaching row shows, to change only what changed: "hint", "answers" or "coach";
    the answer that is the chosen digit's reading."""

    row = "hint"
    current = None


teach_row = TeachRow()


def show_answers() -> None:
    """The answer buttons while a digit is chosen (its reading marked), the prompt in "teach
    me", a hint otherwise."""
    digit = chosen_digit()
    row = "coach" if coach.digit is not None else "hint" if digit is None else "answers"
    if row != teach_row.row:
        teach_row.row = row
        teach_hint.hidden = row != "hint"
        answers.hidden = row != "answers"
        coach_box.hidden = row != "coach"
    reading = digit.choice if row == "answers" and digit.choice != NOT_A_DIGIT else None
    if reading != teach_row.current:
        if teach_row.current is not None:
            answers.children[teach_row.current + 1].classList.remove("current")
        if reading is not None:
            answers.children[reading + 1].classList.add("current")
        teach_row.current = reading


def _spoken(label: str) -> str:
    return "not a digit" if label == "?" else label


def read_drawing(include_current: bool) -> None:
    """Read the strokes (the one being drawn too if asked) as a number and show it."""
    global selected
    gestures = pad.drawing.gesture_list(include_current)
    if not gestures:
        selected = None
        show_reading([], pad.drawing.stroke_count)
        say(coach.message() if coach.digit is not None else "Write a digit or a number in the box.")
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
    if coach.digit is not None:
        say(coach.message())
    elif any(d.label == "?" for d in digits):
        say("Part of this does not look like a digit (marked ?). Undo, or write digits 0-9.")
    else:
        say("Write more, undo, or clear to start again.")


class Timing:
    """Time spent in the model during a reading (the rest is ink and splitting)."""

    model_ms = 0.0


timing = Timing()


def predict(images: list) -> list:
    """The classifier's readings adjusted by what was taught, timed."""
    started = window.performance.now()
    try:
        return teacher.predict(images)
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
    actions.append(STROKE)
    read_drawing(include_current=False)
    latency = window.performance.now() - event.timeStamp
    prediction.dataset.latencyMs = f"{latency:.2f}"
    if coach.digit is not None:
        coach.wait()


actions = []
"""What Undo takes back, the last last: STROKE, or an example taught (`teach.Taught`)."""


def clear() -> None:
    del actions[:]
    pad.clear()
    read_drawing(include_current=False)


def undo() -> None:
    """Take back the last stroke, or the last example taught."""
    if actions and actions[-1] != STROKE:
        teacher.undo(actions.pop())
        store()
        read_again()
        say("Taken back: the page reads this as it did before.")
    elif pad.undo():
        if actions:
            actions.pop()
        read_drawing(include_current=False)


def read_again() -> None:
    """Read the drawing again from scratch: what was taught changed, and the reader keeps the
    readings of what it read before."""
    global reader
    reader = NumberReader(predict)
    read_drawing(include_current=False)


def teach_chosen(label: int) -> None:
    """Teach that the chosen digit is `label`, and show the drawing read with it at once."""
    digit = chosen_digit()
    if digit is None:
        return
    try:
        taught = teacher.teach(digit.pieces, digit.pixels, label)
    except ValueError as error:  # too many points for one example
        say(f"This drawing cannot be learnt: {error}.", error=True)
        return
    actions.append(taught)
    store()
    read_again()
    confirmed = "Confirmed" if taught.reading == label else "Learnt"
    say(f"{confirmed}: that is a {label}. Undo takes it back.")


def store() -> None:
    """Keep the examples in the browser; where it refuses, say so and go on for the visit."""
    try:
        teacher.save()
    except StorageError:
        note(STORAGE_OFF, error=True)
    show_count()


def show_count() -> None:
    """How many examples the page has learnt (and still reads, after a new model or a file)."""
    count = teacher.count
    examples_count.dataset.count = str(count)
    if teacher.pending:
        text = f"Reading your examples: {len(teacher.pending)} of {count} left…"
    elif count:
        text = f"Learnt from {count} example{'s' if count != 1 else ''}"
    else:
        text = "No examples yet"
    examples_count.textContent = text
    save_button.disabled = forget_button.disabled = not count


class Coach:
    """ "Teach me": the page asks for each digit 0 to 9 once, and learns each drawing as the
    digit asked for when the pen has rested COACH_PAUSE_MS, or on Next."""

    def __init__(self) -> None:
        self.digit = None  # the digit asked for; None when not teaching
        self.timer = None
        self.proxy = create_proxy(self._on_pause)

    def message(self) -> str:
        return (
            f"Write a {self.digit} ({self.digit + 1} of 10): it is learnt when you pause, or "
            "press Next (Next on an empty pad skips it)."
        )

    def start(self) -> None:
        self.digit = 0
        forget_ask.hidden = True
        clear()
        self.show()

    def stop(self) -> None:
        self.digit = None
        self._cancel()
        show_answers()
        say("Write a digit or a number in the box.")

    def show(self) -> None:
        coach_prompt.textContent = f"Write a {self.digit}"
        show_answers()
        say(self.message())

    def wait(self) -> None:
        """After a stroke: take the drawing once the pen rests."""
        self._cancel()
        self.timer = window.setTimeout(self.proxy, COACH_PAUSE_MS)

    def take(self) -> None:
        """Teach the drawing as the digit asked for (on an empty pad, skip that digit), then ask
        for the next."""
        self._cancel()
        if self.digit is None or pad.drawing.is_drawing:
            return
        pieces = pad.drawing.pieces(include_current=False)
        if pieces:
            try:
                teacher.teach(pieces, to_mnist(pieces), self.digit)
            except ValueError as error:
                say(f"This drawing cannot be learnt: {error}.", error=True)
                return
            store()
        self.digit += 1
        del actions[:]
        pad.clear()
        read_again()
        if self.digit == 10:
            self.stop()
            say("Thank you: the page has learnt your digits 0 to 9.")
        else:
            self.show()

    def _on_pause(self, *_) -> None:
        self.timer = None
        if pad.drawing.gestures:
            self.take()

    def _cancel(self) -> None:
        if self.timer is not None:
            window.clearTimeout(self.timer)
            self.timer = None


coach = Coach()


class Pending:
    """Examples the model reads again, READ_BATCH in each task (see `read_pending`)."""

    running = False
    proxy = None


pending = Pending()


def read_pending(*_) -> None:
    """Let the model read the examples it has not read yet, a batch per task; then keep them and
    read the drawing with them."""
    pending.running = bool(teacher.pending)
    if not pending.running:
        return
    teacher.read_pending(READ_BATCH)
    show_count()
    if teacher.pending:
        window.setTimeout(pending.proxy, 0)
        return
    pending.running = False
    store()
    read_again()
    note(f"Ready: learnt from {teacher.count} example{'s' if teacher.count != 1 else ''}.")


def start_reading_pending() -> None:
    if not pending.running:
        read_pending()


class Saved:
    """The address of the last file saved, freed at the next save."""

    url = None


saved = Saved()


def save_examples() -> None:
    """Download every example as one UNIPEN text file, made in the page: nothing is sent."""
    blob = window.Blob.new(to_js([teacher.to_unipen()]), window.JSON.parse('{"type":"text/plain"}'))
    if saved.url is not None:
        window.URL.revokeObjectURL(saved.url)
    saved.url = window.URL.createObjectURL(blob)
    link = document.createElement("a")
    link.href = saved.url
    link.download = FILE_NAME
    link.click()
    note(f"Saved {teacher.count} examples as {FILE_NAME}.")


def on_file_read(event) -> None:
    """A file chosen with Load examples: add its examples, or say why it is not one."""
    load_input.value = ""  # the same file may be chosen again
    try:
        added = teacher.add_file(str(event.target.result))
    except ValueError as error:
        note(f"That file is not an examples file ({error}). Nothing was changed.", error=True)
        return
    if not added:
        note("Every example in that file is known already.")
        return
    note(f"Loading {added} example{'s' if added != 1 else ''}…")
    show_count()
    start_reading_pending()


file_read_proxy = None


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
    """A digit's button (click, tap, Enter or Space): show its probabilities and image, and the
    answers that teach what it is."""
    global selected
    chip = event.target.closest("button")
    if chip and chip.hasAttribute("data-index"):
        selected = int(chip.dataset.index)
        show_selected()


@when("click", "#answers")
def on_answer_click(event) -> None:
    """An answer ("It's a 7"): teach that the chosen digit is it."""
    button = event.target.closest("button")
    if button and button.hasAttribute("data-label"):
        teach_chosen(int(button.dataset.label))


@when("click", "#teach-me")
def on_teach_me_click(event) -> None:
    coach.start()


@when("click", "#coach-next")
def on_coach_next_click(event) -> None:
    coach.take()


@when("click", "#coach-stop")
def on_coach_stop_click(event) -> None:
    coach.stop()


@when("click", "#save")
def on_save_click(event) -> None:
    save_examples()


@when("change", "#load")
def on_load_change(event) -> None:
    """Load examples: read the chosen file in the page."""
    global file_read_proxy
    files = load_input.files
    if not files or not files.length:
        return
    file = files.item(0)
    if file.size > MAX_FILE_BYTES:
        load_input.value = ""
        note(f"That file is too big for an examples file ({file.size} bytes).", error=True)
        return
    if file_read_proxy is None:
        file_read_proxy = create_proxy(on_file_read)
    file_reader = window.FileReader.new()
    file_reader.onload = file_read_proxy
    file_reader.readAsText(file)


@when("click", "#forget")
def on_forget_click(event) -> None:
    """Forget my handwriting: ask first, in the page."""
    count = teacher.count
    which = "your example" if count == 1 else f"all {count} examples"
    question = document.getElementById("forget-question")
    question.textContent = f"Forget {which}? The page will read as it did before."
    forget_ask.hidden = False
    document.getElementById("forget-confirm").focus()


@when("click", "#forget-cancel")
def on_forget_cancel_click(event) -> None:
    forget_ask.hidden = True


@when("click", "#forget-confirm")
def on_forget_confirm_click(event) -> None:
    """Delete every example, stored ones too, and read as before."""
    forget_ask.hidden = True
    actions[:] = [action for action in actions if action == STROKE]
    try:
        teacher.clear()
        note("Your handwriting is forgotten: the page reads as it did before.")
    except StorageError:
        note(STORAGE_OFF, error=True)
    show_count()
    read_again()


def on_key(event) -> None:
    """Escape clears; Ctrl+Z (Cmd+Z on a Mac) undoes the last stroke or example taught; a digit
    key, while a digit is chosen, teaches that it is that digit."""
    if event.key == "Escape":
        clear()
    elif event.key.lower() == "z" and (event.ctrlKey or event.metaKey) and not event.shiftKey:
        event.preventDefault()
        undo()
    elif (
        teach_row.row == "answers"
        and len(event.key) == 1
        and event.key in "0123456789"
        and not (event.ctrlKey or event.metaKey or event.altKey)
    ):
        teach_chosen(int(event.key))


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


class BrowserStorage:
    """localStorage for `teach.Teacher`, each write made after the Python that asked for it.

    A write the browser refuses (storage full, or off) throws in JS, and a JS exception thrown
    into MicroPython cannot be caught there: each write runs as a promise callback, where a throw
    becomes a rejection, reported to `refused`.
    """

    def __init__(self, storage, refused) -> None:
        self._storage = storage
        self._refused = create_proxy(lambda *_: refused())

    def getItem(self, key: str):  # the Web Storage API's names
        return self._storage.getItem(key)

    def setItem(self, key: str, value: str) -> None:
        self._later(self._storage.setItem.bind(self._storage, key, value))

    def removeItem(self, key: str) -> None:
        self._later(self._storage.removeItem.bind(self._storage, key))

    def _later(self, write) -> None:
        window.Promise.resolve().then(write).catch(self._refused)


def local_storage():
    """The browser's localStorage, or None where it gives none: with cookies off, merely reading
    window.localStorage throws."""
    if not window.navigator.cookieEnabled:
        return None
    storage = window.localStorage
    return None if storage is None else BrowserStorage(storage, storage_refused)


def storage_refused() -> None:
    note(STORAGE_OFF, error=True)


def load_examples() -> None:
    """The examples stored in this browser; the time it took goes in data-load-ms."""
    started = window.performance.now()
    try:
        teacher.load()
    except StorageError:
        note(STORAGE_OFF, error=True)
    examples_count.dataset.loadMs = f"{window.performance.now() - started:.1f}"
    show_count()
    if teacher.pending:
        note("A new model: reading your examples again.")


save_button = document.getElementById("save")
forget_button = document.getElementById("forget")
show_bars(None)
classifier = await start()  # noqa: F704 - PyScript runs this module with top-level await
if classifier is not None:
    teacher = Teacher(classifier, local_storage())
    load_examples()
    reader = NumberReader(predict)
    pad = Pad(document.getElementById("pad"), on_move=on_move, on_end=on_stroke_end)
    key_proxy = create_proxy(on_key)
    document.addEventListener("keydown", key_proxy)
    pending.proxy = create_proxy(read_pending)
    document.getElementById("teach-me").disabled = False
    load_input.disabled = False
    say(f"Ready ({classifier.backend}). Write a digit or a number in the box.")
    body.dataset.readyMs = f"{window.performance.now():.0f}"
    body.dataset.state = "ready"
    start_reading_pending()
