"""After one visit the page works with the network off, and a new version replaces the old whole.

The service worker caches what vendor/files.js lists; these tests check that the list is what the
page loads, that a page opens and reads a digit offline, that a new model on the server is picked
up on the visit after its download, never mixed with the old one, and that the page is
installable as an app.
"""

import json
import shutil
import struct
import time
from contextlib import contextmanager

import pytest
from conftest import open_ready, page_path
from helpers import SEVEN, draw

from tools import vendor
from tools.replay import wait_for_strokes
from tools.serve import start_server, url_of

SERVICE_WORKER_READY = "() => navigator.serviceWorker.ready.then(() => true)"
CONTROLLED = "!!navigator.serviceWorker.controller"
NEW_VERSION_WAITING = "navigator.serviceWorker.getRegistration().then(r => Boolean(r.waiting))"
UPDATE_TIMEOUT_S = 30
"""The browser checks for a new worker a few seconds after a navigation, then downloads it."""
FILES = """interpreter => self.SITE_FILES[interpreter].files.map(
    ([path]) => new URL(path, location.href).href)"""
INSTALL_ONLY = ("manifest.webmanifest", "icon-192.png", "icon-512.png")
"""Listed for the installed app; a browser fetches them when it installs the page, not to run it."""


@contextmanager
def offline_capable_page(browser, base_url: str, watch):
    """A page in a context of its own that lets service workers run."""
    context = browser.new_context(base_url=base_url, service_workers="allow")
    try:
        page = context.new_page()
        watch.attach(page)
        yield page
    finally:
        context.close()


@pytest.mark.both_interpreters
def test_the_cached_files_are_the_files_the_page_loads(page, watch, interpreter):
    """Everything the page asks for is listed (so cached); nothing listed goes unused."""
    open_ready(page, page_path(interpreter))
    listed = set(page.evaluate(FILES, interpreter))
    requested = {url.split("?")[0] for url in watch.requests}
    assert requested - listed == set(), "not cached for offline use"
    unused = {url for url in listed - requested if not url.endswith(INSTALL_ONLY)}
    assert unused == set(), "listed but not loaded (so cached, and preloaded, for nothing)"


def test_after_one_visit_the_page_reads_a_digit_offline(browser, base_url, watch):
    with offline_capable_page(browser, base_url, watch) as page:
        open_ready(page)
        assert page.evaluate(SERVICE_WORKER_READY)
        page.context.set_offline(True)
        watch.expected_errors.append("Failed to load resource")  # the service worker's update
        open_ready(page)
        assert page.evaluate(CONTROLLED)
        draw(page, SEVEN)
        assert wait_for_strokes(page, 1) == "7"


@pytest.fixture
def site_copy(tmp_path):
    """A copy of site/ served on its own origin, free to be changed."""
    site = tmp_path / "site"
    shutil.copytree(vendor.SITE, site)
    server = start_server(directory=site)
    yield site, url_of(server)
    server.shutdown()


CLASSES = 11
"""The page's model reads the digits 0-9 and "not a digit"."""


def write_constant_model(model_dir, digit: int) -> None:
    """Replace the model with one that reads every drawing as `digit` (new weights file too),
    with the page's two outputs: the probabilities, and the features they are read from."""
    for old in model_dir.iterdir():
        old.unlink()

    def layer(kind: str, name: str, inbound: str | None, **config) -> dict:
        return {
            "class_name": kind,
            "name": name,
            "config": {"name": name, **config},
            "inbound_nodes": [[[inbound, 0, 0, {}]]] if inbound else [],
        }

    topology = {
        "keras_version": "2.19.0",
        "backend": "tensorflow",
        "model_config": {
            "class_name": "Functional",
            "config": {
                "name": "constant",
                "layers": [
                    layer("InputLayer", "input", None, batch_input_shape=[None, 28, 28, 1]),
                    layer("Flatten", "flatten", "input"),
                    layer("Dense", "dense", "flatten", units=CLASSES, activation="softmax"),
                ],
                "input_layers": [["input", 0, 0]],
                "output_layers": [["dense", 0, 0], ["flatten", 0, 0]],
            },
        },
    }
    weights = [
        {"name": "dense/kernel", "shape": [784, CLASSES], "dtype": "float32"},
        {"name": "dense/bias", "shape": [CLASSES], "dtype": "float32"},
    ]
    model = {
        "format": "layers-model",
        "modelTopology": topology,
        "weightsManifest": [{"paths": ["constant.bin"], "weights": weights}],
    }
    (model_dir / "model.json").write_text(json.dumps(model))
    bias = [10.0 if label == digit else 0.0 for label in range(CLASSES)]
    values = [0.0] * 784 * CLASSES + bias
    (model_dir / "constant.bin").write_bytes(struct.pack(f"<{len(values)}f", *values))


def wait_for_new_version(page) -> None:
    deadline = time.monotonic() + UPDATE_TIMEOUT_S
    while not page.evaluate(NEW_VERSION_WAITING):
        assert time.monotonic() < deadline, "no new version was downloaded"
        page.wait_for_timeout(200)


def test_a_new_model_is_served_whole_on_the_visit_after_the_update(browser, site_copy, watch):
    site, url = site_copy
    watch.origin = url
    with offline_capable_page(browser, url, watch) as page:
        open_ready(page)
        assert page.evaluate(SERVICE_WORKER_READY)
        write_constant_model(site / "model", 3)
        vendor.write_file_list(site)

        # This visit still runs the version it has, whole; it finds the new one and fetches it.
        open_ready(page)
        draw(page, SEVEN)
        assert wait_for_strokes(page, 1) == "7"
        wait_for_new_version(page)

        # The next visit runs the new version, and the old one is gone.
        open_ready(page)
        draw(page, SEVEN)
        assert wait_for_strokes(page, 1) == "3"
        version = page.evaluate("self.SITE_FILES.micropython.version")
        assert page.evaluate("caches.keys()") == [f"digit-pad-micropython-{version}"]


def test_the_page_is_installable(playwright, browser_type_launch_args, base_url, watch, tmp_path):
    """Chromium's own check (a browser profile on disk: an incognito one cannot install)."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", base_url=base_url, **browser_type_launch_args
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        watch.attach(page)
        open_ready(page)
        assert page.evaluate(SERVICE_WORKER_READY)
        session = context.new_cdp_session(page)
        assert session.send("Page.getAppManifest")["errors"] == []
        assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()
