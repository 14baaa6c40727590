"""A missing or broken model ends loading with a clear message, not a page that hangs."""

import pytest
from conftest import page_path
from helpers import failed_load_message, missing

from tools.replay import PREDICTION

ERROR_TIMEOUT_MS = 60_000
"""Well under the page's own 90 s start-up limit, whose message would not name the model."""


def garbage_json(route):
    route.fulfill(status=200, content_type="application/json", body='{"modelTopology": {"cla')


def truncated(route):
    response = route.fetch()
    body = response.body()
    route.fulfill(response=response, body=body[: len(body) // 2])


@pytest.mark.parametrize(
    ("pattern", "handler", "console_errors", "says"),
    [
        ("**/model/model.json", missing, ["404 (Not Found)"], "model.json answered HTTP 404"),
        ("**/model/model.json", garbage_json, [], "model.json"),
        ("**/model/*.bin", missing, ["404 (Not Found)"], ".bin answered HTTP 404"),
        ("**/model/*.bin", truncated, [], "model.json"),
    ],
    ids=["missing model.json", "garbage model.json", "missing weights", "truncated weights"],
)
@pytest.mark.both_interpreters
def test_a_bad_model_file_shows_an_error_naming_the_model(
    page, watch, interpreter, pattern, handler, console_errors, says
):
    watch.expected_errors += console_errors
    path = page_path(interpreter)
    message = failed_load_message(page, pattern, handler, ERROR_TIMEOUT_MS, path)
    assert "could not load the model" in message.lower(), message
    assert says in message
    assert page.text_content(PREDICTION) == ""
