"""Serve site/ as static files on the loopback interface (what any static host would do)."""

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "site"


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the MIME types module scripts and WebAssembly need; quiet log."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".py": "text/plain",
        ".toml": "text/plain",
        ".json": "application/json",
    }

    def end_headers(self):
        # The vendored runtimes are pinned: let browsers keep them. Everything else (the page, its
        # Python, the model) is revalidated on each load, so a new model is seen at once.
        immutable = self.path.startswith("/vendor/")
        self.send_header("Cache-Control", "max-age=86400" if immutable else "no-cache")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


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
