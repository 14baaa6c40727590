"""A runtime file that fails to load ends loading with a message naming it, never a silent hang,
on both interpreters."""

import pytest
from conftest import page_path
from helpers import failed_load_message, missing

ERROR_TIMEOUT_MS = 30_000
"""Well under the page's own 90 s start-up limit, whose message names no file."""

SHARED = [
    # (pattern of the missing file, what the message says, console errors it brings)
    ("**/pyscript/core.js", "core.js", ["404 (Not Found)"]),
    # TF.js's other parts then fail too, lacking its core.
    (
        "**/vendor/tfjs/tf-core.es2017.min.js",
        "tf-core.es2017.min.js",
        ["404 (Not Found)", "Cannot read properties of undefined"],
    ),
    ("**/ink.py", "ink.py", ["404 (Not Found)", "Unable to fetch"]),
]
OWN = {
    "micropython": [
        (
            "**/micropython/micropython.wasm",
            "micropython.wasm (HTTP 404)",
            [
                "404 (Not Found)",
                "HTTP status code is not ok",
                "falling back to ArrayBuffer",
                "fetching of the wasm failed",
            ],
        ),
        (
            "**/micropython/micropython.mjs",
            "micropython.mjs (HTTP 404)",
            ["404 (Not Found)", "Failed to fetch dynamically imported module"],
        ),
    ],
    "pyodide": [
        (
            "**/pyodide/pyodide.asm.wasm",
            "pyodide.asm.wasm (HTTP 404)",
            ["404 (Not Found)", "wasm instantiation failed", "HTTP status code is not ok"],
        ),
    ],
}
CASES = [
    pytest.param(interpreter, *case, id=f"{interpreter}-{case[0].rsplit('/', 1)[-1]}")
    for interpreter, own in OWN.items()
    for case in SHARED + own
]


@pytest.mark.parametrize(("interpreter", "pattern", "says", "console_errors"), CASES)
def test_a_missing_runtime_file_is_named_in_the_page(
    page, watch, interpreter, pattern, says, console_errors
):
    watch.expected_errors += console_errors
    path = page_path(interpreter)
    message = failed_load_message(page, pattern, missing, ERROR_TIMEOUT_MS, path)
    assert says in message, message
