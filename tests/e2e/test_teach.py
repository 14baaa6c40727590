"""Teaching the page a person's handwriting: a correction is learnt at once, kept in the browser
across reloads and offline, taken back by Undo, forgotten on request, saved to a file the trainer
reads and loaded from it; where the browser keeps nothing, it still counts for the visit.

The handwriting is a held-out writer's: pendigits writer 21 writes a 1 that the model reads as 7
(two such 1s, which look alike), and a 2 and a 5 it reads right.
"""

import random

import pytest
from conftest import open_ready, page_path
from helpers import STATUS, UNDO, ready_page_in, shown

from tools.replay import (
    draw_mouse,
    lay_out_number,
    pad_aspect,
    place,
    to_pixels,
    to_pixels_wide,
    wait_for_strokes,
)
from trainer.pendigits import load_pendigits, parse_unipen
from trainer.penfile import load_pen_files

WRITER = 21
TAUGHT, AGAIN, TWO, FIVE = 128, 162, 4, 13
"""Indices among the writer's digits: a 1 read as 7, taught; another 1 read as 7; a 2; a 5."""
DIGIT = '[data-testid="digits"] [data-testid="digit"]'
EXAMPLES = '[data-testid="examples"]'
NOTE = '[data-testid="teach-note"]'
FORGET, FORGET_CONFIRM = '[data-testid="forget"]', '[data-testid="forget-confirm"]'
SAVE, LOAD = '[data-testid="save"]', '[data-testid="load"]'
STORAGE_THROWS = """
Storage.prototype.setItem = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""


@pytest.fixture(scope="module")
def writer() -> list:
    digits = [d for d in load_pendigits() if d.writer == WRITER]
    assert [digits[i].label for i in (TAUGHT, AGAIN, TWO, FIVE)] == [1, 1, 2, 5]
    return digits


def write(page, digit) -> str:
    """Write a pen digit in the middle of the pad, on a clear pad; the reading."""
    page.evaluate("() => window.scrollTo(0, 0)")  # back to the pad from the buttons under it
    strokes = to_pixels(page, place(digit.strokes, "fit", random.Random(0)))
    draw_mouse(page, strokes)
    return wait_for_strokes(page, len(strokes))


def rewrite(page, digit) -> str:
    """Clear the pad, then write a pen digit; the reading."""
    page.keyboard.press("Escape")
    wait_for_strokes(page, 0)
    return write(page, digit)


def teach(page, label: int, index: int = 0) -> None:
    """Choose the digit read at `index`, then teach that it is `label`."""
    page.locator(DIGIT).nth(index).click()
    page.click(f'[data-testid="teach-{label}"]')


def count(page) -> int:
    return int(page.get_attribute(EXAMPLES, "data-count"))


def wait_for_count(page, expected: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('[data-testid=\"examples\"]').dataset.count === String(n)"
        " && !document.querySelector('[data-testid=\"examples\"]').textContent.includes('left')",
        arg=expected,
    )


@pytest.mark.both_interpreters
def test_a_correction_shows_at_once_and_the_next_reading_uses_it(page, interpreter, writer):
    open_ready(page, page_path(interpreter))
    assert write(page, writer[TAUGHT]) == "7"
    teach(page, 1)
    assert shown(page) == ("1", 1)  # in the task that handled the click
    assert count(page) == 1
    assert rewrite(page, writer[AGAIN]) == "1"


def test_a_correction_is_kept_after_a_reload_and_forgotten_on_request(page, writer):
    open_ready(page)
    assert write(page, writer[AGAIN]) == "7"
    assert rewrite(page, writer[TAUGHT]) == "7"
    teach(page, 1)
    assert rewrite(page, writer[AGAIN]) == "1"

    # A number holding it reads right: the splitter reads with what was taught.
    page.keyboard.press("Escape")
    wait_for_strokes(page, 0)
    number = [writer[TWO], writer[AGAIN], writer[FIVE]]
    placed = lay_out_number([d.strokes for d in number], pad_aspect(page), random.Random(1))
    strokes = to_pixels_wide(page, [stroke for digit in placed for stroke in digit])
    draw_mouse(page, strokes)
    assert wait_for_strokes(page, len(strokes)) == "215"

    open_ready(page)  # a reload
    assert count(page) == 1
    assert write(page, writer[AGAIN]) == "1"

    page.click(FORGET)
    assert count(page) == 1, "forgotten before it was confirmed"
    page.click(FORGET_CONFIRM)
    assert count(page) == 0
    assert shown(page) == ("7", len(writer[AGAIN].strokes)), "the drawing is read as before"
    open_ready(page)
    assert count(page) == 0
    assert write(page, writer[AGAIN]) == "7"


def test_undo_takes_back_a_correction_then_a_stroke(page, writer):
    open_ready(page)
    strokes = len(writer[TAUGHT].strokes)
    assert write(page, writer[TAUGHT]) == "7"
    teach(page, 1)
    assert shown(page) == ("1", strokes)
    page.keyboard.press("Control+z")
    assert shown(page) == ("7", strokes)
    assert count(page) == 0
    teach(page, 1)
    teach(page, 4)  # changing one's mind replaces the example
    assert shown(page) == ("4", strokes) and count(page) == 1
    page.click(UNDO)
    assert shown(page) == ("1", strokes) and count(page) == 1
    page.click(UNDO)
    assert shown(page) == ("7", strokes) and count(page) == 0
    page.click(UNDO)
    assert wait_for_strokes(page, strokes - 1) is not None

    # A right reading confirmed is an example too, and reads the same.
    assert rewrite(page, writer[TWO]) == "2"
    teach(page, 2)
    assert shown(page) == ("2", len(writer[TWO].strokes)) and count(page) == 1


def test_storage_that_throws_still_reads_and_learns_for_the_visit(page, writer):
    page.add_init_script(STORAGE_THROWS)
    open_ready(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"teach-note\"]')"
        ".textContent.includes('does not let the page keep your examples')"
    )
    assert write(page, writer[TAUGHT]) == "7"
    teach(page, 1)
    assert shown(page)[0] == "1" and count(page) == 1
    assert rewrite(page, writer[AGAIN]) == "1"
    assert "error" not in page.get_attribute(STATUS, "class").split()
    open_ready(page)
    assert count(page) == 0


def test_saved_examples_are_a_file_the_trainer_reads_and_load_into_a_fresh_page(
    page, browser, base_url, watch, writer, tmp_path
):
    open_ready(page)
    write(page, writer[TAUGHT])
    teach(page, 1)
    rewrite(page, writer[TWO])
    teach(page, 2)
    with page.expect_download() as download:
        page.click(SAVE)
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    text = path.read_text()

    saved = parse_unipen(text.splitlines())
    assert [d.label for d in saved] == [1, 2]
    assert len({d.writer for d in saved}) == 1
    for saved_digit, drawn in zip(saved, (writer[TAUGHT], writer[TWO]), strict=True):
        assert len(saved_digit.strokes) == len(drawn.strokes)
        assert _same_shape(saved_digit.strokes, drawn.strokes)
    assert [d.label for d in load_pen_files([path]).digits] == [1, 2]

    with ready_page_in(browser, base_url, watch) as fresh:
        assert write(fresh, writer[AGAIN]) == "7"
        fresh.set_input_files(LOAD, path)
        wait_for_count(fresh, 2)
        assert shown(fresh)[0] == "1", "the drawing on the pad is read again with them"
        assert rewrite(fresh, writer[AGAIN]) == "1"

        broken = text.replace('"2"', '"x"')
        fresh.set_input_files(
            LOAD,
            files=[{"name": "broken.txt", "mimeType": "text/plain", "buffer": broken.encode()}],
        )
        fresh.wait_for_function(
            "() => document.querySelector('[data-testid=\"teach-note\"]')"
            ".textContent.includes('not an examples file')"
        )
        assert count(fresh) == 2
        assert "error" in fresh.get_attribute(NOTE, "class").split()


def test_teach_me_asks_for_each_digit_once(page, writer):
    open_ready(page)
    page.click('[data-testid="teach-me"]')
    firsts = [next(d for d in writer if d.label == label) for label in range(10)]
    for label, digit in enumerate(firsts):
        assert page.text_content('[data-testid="coach-prompt"]') == f"Write a {label}"
        write(page, digit)
        if label < 9:
            page.click('[data-testid="coach-next"]')
        wait_for_count(page, label + 1)  # the last one is taken when the pen rests
        wait_for_strokes(page, 0)
    assert page.is_hidden('[data-testid="coach-prompt"]')
    assert "learnt your digits" in page.text_content(STATUS)


def test_what_was_taught_is_read_offline_after_a_reload(browser, base_url, watch, writer):
    context = browser.new_context(base_url=base_url, service_workers="allow")
    try:
        page = context.new_page()
        watch.attach(page)
        open_ready(page)
        assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        write(page, writer[TAUGHT])
        teach(page, 1)
        context.set_offline(True)
        watch.expected_errors.append("Failed to load resource")  # the service worker's update
        open_ready(page)
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
        assert count(page) == 1
        assert write(page, writer[AGAIN]) == "1"
    finally:
        context.close()


def _same_shape(saved: list, drawn: list, tolerance: float = 0.03) -> bool:
    """Whether every point of the drawn strokes lies near the saved ones, both scaled to a unit
    box (the page samples more points than the pen did, and the file's y points down again)."""
    saved, drawn = _unit_box(saved), _unit_box(drawn)
    return all(
        min(abs(x - sx) + abs(y - sy) for sx, sy in saved_stroke) < tolerance
        for saved_stroke, drawn_stroke in zip(saved, drawn, strict=True)
        for x, y in drawn_stroke
    )


def _unit_box(strokes: list) -> list:
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    size = max(max(xs) - min(xs), max(ys) - min(ys))
    return [[((x - min(xs)) / size, (y - min(ys)) / size) for x, y in stroke] for stroke in strokes]
