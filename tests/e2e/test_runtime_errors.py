"""A runtime file that fails to load ends loading with a message naming it, never a silent hang."""

import pytest
from helpers import failed_load_message, missing

ERROR_TIMEOUT_MS = 30_000
"""Well under the page's own 90 s start-up limit, whose message names no file."""


@pytest.mark.parametrize(
    ("pattern", "says", "console_errors"),
    [
        (
            "**/vendor/pyodide/pyodide.asm.wasm",
            "pyodide.asm.wasm (HTTP 404)",
            ["404 (Not Found)", "wasm instantiation failed", "HTTP status code is not ok"],
        ),
        ("**/vendor/pyscript/core.js", "core.js", ["404 (Not Found)"]),
        # The WebAssembly backend's script then fails too, lacking TF.js.
        ("**/vendor/tfjs/tf.min.js", "tf.min.js", ["404 (Not Found)", "RowPartitionType"]),
        ("**/ink.py", "ink.py", ["404 (Not Found)", "Unable to fetch"]),
    ],
    ids=["pyodide", "pyscript", "tfjs", "page module"],
)
def test_a_missing_runtime_file_is_named_in_the_page(page, watch, pattern, says, console_errors):
    watch.expected_errors += console_errors
    message = failed_load_message(page, pattern, missing, ERROR_TIMEOUT_MS)
    assert says in message, message
