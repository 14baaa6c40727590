"""Serve site/ as static files on the loopback interface (what any static host would do).

Where the browser accepts brotli or gzip, a file's precompressed twin (`main.py.br`, made by
tools/vendor.py) is sent instead, as long as it carries the file's own modification time: an
edited file is sent as it is until the next `nox -s vendor`.
"""

import argparse
import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "site"


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, precompressed where possible, with the MIME types module scripts, WebAssembly
    and the web app manifest need; quiet log."""

    protocol_version = "HTTP/1.1"  # keep connections open, as static hosts do
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".py": "text/plain",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
    }
    encodings = {"br": ".br", "gzip": ".gz"}
    """Content-Encoding: suffix of the twin, in order of preference."""
    content_encoding = None
    """The encoding of the file being sent, if a twin."""

    def translate_path(self, path):
        """The file for `path`, or its precompressed twin if the browser accepts it."""
        local = super().translate_path(path)
        self.content_encoding = None
        if os.path.isdir(local) and path.split("?")[0].endswith("/"):
            local = os.path.join(local, "index.html")
        if not os.path.isfile(local):
            return local
        accepted = _accepted(self.headers.get("Accept-Encoding", ""))
        for encoding, suffix in self.encodings.items():
            twin = local + suffix
            if (
                encoding in accepted
                and os.path.isfile(twin)
                and os.stat(twin).st_mtime == os.stat(local).st_mtime
            ):
                self.content_encoding = encoding
                return twin
        return local

    def guess_type(self, path):
        if self.content_encoding:
            path = path.removesuffix(self.encodings[self.content_encoding])
        return super().guess_type(path)

    def end_headers(self):
        # Always revalidate (a 304 when unchanged): the service worker, not the HTTP cache, keeps
        # the page for fast and offline loads, and it must never be handed a stale file.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Vary", "Accept-Encoding")
        if self.content_encoding:
            self.send_header("Content-Encoding", self.content_encoding)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def _accepted(header: str) -> set[str]:
    """The encodings an Accept-Encoding header accepts ("br;q=0" refuses one)."""
    accepted = set()
    for token in header.split(","):
        name, *parameters = (part.strip() for part in token.split(";"))
        if "q=0" not in parameters:
            accepted.add(name)
    return accepted


class SiteServer(ThreadingHTTPServer):
    """A threaded server that does not print a traceback when a browser drops a connection."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_server(host: str = "127.0.0.1", port: int = 0, directory: Path = SITE):
    """Start serving `directory` in a daemon thread; port 0 picks a free one. Returns the server."""
    handler = functools.partial(SiteHandler, directory=str(directory))
    server = SiteServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def url_of(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = start_server(args.host, args.port)
    print(f"Serving {SITE} at {url_of(server)}  (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
