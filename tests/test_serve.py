"""The project's static server sends a file's precompressed twin where the browser accepts it."""

import os
import urllib.request

import pytest

from tools.serve import start_server, url_of


@pytest.fixture
def site(tmp_path):
    (tmp_path / "app.js").write_text("plain")
    (tmp_path / "app.js.br").write_text("brotli")
    (tmp_path / "app.js.gz").write_text("gzip")
    stamp = os.stat(tmp_path / "app.js").st_mtime
    for twin in ("app.js.br", "app.js.gz"):
        os.utime(tmp_path / twin, (stamp, stamp))
    server = start_server(directory=tmp_path)
    yield tmp_path, url_of(server)
    server.shutdown()


def get(url: str, accept_encoding: str | None):
    request = urllib.request.Request(url)
    if accept_encoding is not None:
        request.add_header("Accept-Encoding", accept_encoding)
    with urllib.request.urlopen(request) as response:
        return response.read().decode(), response.headers


@pytest.mark.parametrize(
    ("accept_encoding", "body", "encoding"),
    [
        ("gzip, deflate, br, zstd", "brotli", "br"),
        ("gzip", "gzip", "gzip"),
        ("br;q=0, gzip", "gzip", "gzip"),
        (None, "plain", None),
    ],
)
def test_the_best_accepted_twin_is_sent_with_the_original_type(
    site, accept_encoding, body, encoding
):
    _, url = site
    sent, headers = get(url + "app.js", accept_encoding)
    assert sent == body
    assert headers["Content-Encoding"] == encoding
    assert headers["Content-Type"] == "text/javascript"
    assert headers["Vary"] == "Accept-Encoding"


def test_an_edited_file_is_sent_as_it_is_until_its_twins_are_made_again(site):
    folder, url = site
    (folder / "app.js").write_text("edited")
    stamp = os.stat(folder / "app.js.br").st_mtime + 10
    os.utime(folder / "app.js", (stamp, stamp))
    sent, headers = get(url + "app.js", "br, gzip")
    assert sent == "edited"
    assert headers["Content-Encoding"] is None
