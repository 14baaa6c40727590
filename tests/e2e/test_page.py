"""The page loads, reads a drawn digit, and stays on its own origin."""

import pytest
from conftest import open_ready, page_path
from helpers import seen

from tools.replay import draw_mouse, to_pixels, wait_for_strokes

SEVEN = [[(0.3, 0.25), (0.7, 0.25), (0.45, 0.78)]]
RUNTIME = {"micropython": "micropython.wasm", "pyodide": "pyodide.asm.wasm"}


@pytest.mark.both_interpreters
def test_page_becomes_ready_with_a_prompt_and_no_prediction(ready_page):
    assert ready_page.text_content('[data-testid="prediction"]') == ""
    assert "Write a digit or a number" in ready_page.text_content('[data-testid="status"]')
    assert ready_page.is_disabled('[data-testid="clear"]')


@pytest.mark.both_interpreters
def test_a_digit_drawn_with_the_mouse_is_read(ready_page):
    draw_mouse(ready_page, to_pixels(ready_page, SEVEN), steps=8)
    assert wait_for_strokes(ready_page, 1) == "7"
    bars = ready_page.locator("#bars li.top .label")
    assert bars.text_content() == "7"


@pytest.mark.both_interpreters
def test_requests_stay_on_the_page_origin(ready_page, watch, interpreter):
    draw_mouse(ready_page, to_pixels(ready_page, SEVEN), steps=8)
    wait_for_strokes(ready_page, 1)
    loaded = " ".join(watch.requests)
    for needed in (
        RUNTIME[interpreter],
        "model.json",
        "main.py",
        "ink.py",
        "tf-core.es2017.min.js",
    ):
        assert needed in loaded
    assert watch.foreign_requests() == []


@pytest.mark.both_interpreters
def test_a_browser_without_uint8array_from_hex_reads_the_same(ready_page, watch, interpreter):
    """The images cross to TF.js as one hex string where the browser has Uint8Array.fromHex
    (2025 on), else as a list of numbers: both give the model the same input."""
    assert ready_page.evaluate("() => typeof Uint8Array.fromHex") == "function"
    older = ready_page.context.new_page()
    watch.attach(older)
    older.add_init_script("delete Uint8Array.fromHex")
    open_ready(older, page_path(interpreter))
    readings = []
    for page in (ready_page, older):
        draw_mouse(page, to_pixels(page, SEVEN), steps=8)
        readings.append((wait_for_strokes(page, 1), page.text_content("#bars"), seen(page)))
    assert readings[0][0] == "7" and readings[1] == readings[0]
