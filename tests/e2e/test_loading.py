"""While the page loads, the pad is there and the status line says what it is waiting for."""

import pytest
from conftest import READY_TIMEOUT_MS, page_path
from helpers import STATUS

RUNTIME = {
    "micropython": ("**/micropython.wasm", "MicroPython"),
    "pyodide": ("**/pyodide.asm.wasm", "Pyodide"),
}
READY = "() => document.body.dataset.state === 'ready'"


def hold(page, pattern: str) -> list:
    """Keep requests for `pattern` unanswered; returns the held routes, to let them go later."""
    held = []
    page.route(pattern, lambda route: held.append(route))
    return held


def wait_until_held(page, held: list, timeout_ms: int = 30_000) -> None:
    for _ in range(timeout_ms // 50):
        if held:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the file was never asked for")


@pytest.mark.both_interpreters
def test_the_pad_shows_while_the_runtime_loads(page, interpreter):
    pattern, name = RUNTIME[interpreter]
    held = hold(page, pattern)
    page.goto(page_path(interpreter), wait_until="domcontentloaded")
    wait_until_held(page, held)
    assert page.is_visible('[data-testid="pad"]')
    assert page.locator('[data-testid="pad"]').bounding_box()["width"] > 100
    assert page.text_content(STATUS) == f"Loading {name} and the model…"
    assert page.evaluate("document.body.dataset.state") == "loading"
    held[0].continue_()
    page.wait_for_function(READY, timeout=READY_TIMEOUT_MS)


@pytest.mark.both_interpreters
def test_the_status_says_when_python_is_ready_before_the_model(page, interpreter):
    held = hold(page, "**/model/model.json")
    page.goto(page_path(interpreter), wait_until="domcontentloaded")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"status\"]').textContent"
        ".startsWith('Python is ready')",
        timeout=READY_TIMEOUT_MS,
    )
    assert page.text_content(STATUS) == "Python is ready; loading the model…"
    assert page.evaluate("document.body.dataset.state") == "loading"
    wait_until_held(page, held)
    held[0].continue_()
    page.wait_for_function(READY, timeout=READY_TIMEOUT_MS)
