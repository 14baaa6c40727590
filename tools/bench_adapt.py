"""Adaptation in the real page: held-out writers' digits written with real mouse events, every
misread corrected through the page's buttons, as a person would.

For each held-out writer of each pen source (trainer.pens.load_sources()), on a fresh page (a new
browser context: nothing stored):
1. write the second half of the writer's digits (tools.adaptation.halves), one at a time, and
   count the misreads (a digit read as anything but itself, several parts included);
2. write the first half, correcting every misread through the buttons: the digit's button, then
   "It's a D" (a digit read as several parts cannot be corrected so: counted, not taught);
3. write the second half again, and count the misreads;
and, on another fresh page, "teach me": the first sample of each digit 0-9 of the first half
taught through the page's "Teach me" mode, then the second half written. Then pointer-up to
answer (data-latency-ms, pen digits of tools.bench.pick_digits) with 0 and with 200 stored
examples, and the time the page takes to load 1,000 stored examples after a reload
(data-load-ms). Stored examples are loaded through "Load examples" from a file of training
writers' digits, labelled with their own digit, or with `--offline` also with their second
likeliest one (all corrections: the slowest case).

`--offline` also runs tools.adaptation's protocol (CPython, the exported model in Keras) on the
same digits, to compare.

    python -m tools.bench_adapt [--per-digit 3] [--writer pendigits:21 ...] [--offline]
                                [--latency-per-digit 5] [--no-latency] [--out FILE]
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.adaptation import halves
from tools.bench import pick_digits, replay
from tools.browser import launch_options
from tools.replay import draw_mouse, place, to_pixels, wait_for_strokes
from tools.serve import start_server, url_of
from trainer.pens import load_sources

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))
import examples  # noqa: E402  (the page's own examples file format, site/examples.py)

READY = "() => document.body?.dataset.state === 'ready'"
DIGIT = '[data-testid="digits"] [data-testid="digit"]'
EXAMPLES = '[data-testid="examples"]'
LOADED = """n => {
    const shown = document.querySelector('[data-testid="examples"]');
    return shown.dataset.count === String(n) && !shown.textContent.includes('left');
}"""
VIEWPORT = {"width": 900, "height": 800}
STORED = 200
"""Examples stored for the latency with examples."""
LOAD_COUNT = 1000
"""Examples stored for the load time."""
EXAMPLE_SIZE = 0.2
"""A stored example's height, in canvas widths (the page renders any size alike)."""


class Page:
    """A fresh page in a browser context of its own (nothing stored), and how to write on it."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        self.page = self.context.new_page()
        self.page.goto(url)
        self.page.wait_for_function(READY, timeout=180_000)
        self.rng = random.Random(0)

    def write(self, digit) -> str:
        """Write a pen digit on the clear pad; what the page reads (the pad left as it is)."""
        self.page.evaluate("() => window.scrollTo(0, 0)")  # back to the pad from the buttons
        strokes = to_pixels(self.page, place(digit.strokes, "fit", self.rng))
        draw_mouse(self.page, strokes)
        return wait_for_strokes(self.page, len(strokes))

    def clear(self) -> None:
        self.page.keyboard.press("Escape")
        wait_for_strokes(self.page, 0)

    def misreads(self, digits: list) -> list:
        """Write each digit; the (digit, reading) of each misread."""
        wrong = []
        for digit in digits:
            text = self.write(digit)
            if text != str(digit.label):
                wrong.append((digit.label, text))
            self.clear()
        return wrong

    def correct(self, label: int) -> None:
        """Teach that the one digit read is `label`, through its button and the answer's."""
        self.page.locator(DIGIT).first.click()
        self.page.click(f'[data-testid="teach-{label}"]')
        text = self.page.text_content('[data-testid="prediction"]')
        assert text == str(label), f"taught {label}, reads {text!r}"

    def teach_me(self, first: list) -> int:
        """ "Teach me": the first sample of each digit in `first`, a digit missing skipped."""
        self.page.click('[data-testid="teach-me"]')
        taught = 0
        for label in range(10):
            digit = next((d for d in first if d.label == label), None)
            if digit is not None:
                self.write(digit)
                taught += 1
            self.page.click('[data-testid="coach-next"]')
            wait_for_strokes(self.page, 0)
        self.page.wait_for_function(f"() => ({LOADED})({taught})")
        return taught

    def load_file(self, path: Path, count: int) -> None:
        """Load an examples file; wait until the page has read its `count` examples."""
        self.page.set_input_files('[data-testid="load"]', path)
        self.page.wait_for_function(LOADED, arg=count, timeout=1_200_000)

    def close(self) -> None:
        self.context.close()


class Writer:
    """One writer's digits as the protocol uses them, and what happened to them."""

    def __init__(self, source: str, writer: int, digits: list, per_digit: int | None) -> None:
        self.source, self.writer = source, writer
        first, second = halves(digits)
        self.first, self.second = _capped(first, per_digit), _capped(second, per_digit)
        chosen = {id(d) for d in self.first + self.second}
        self.digits = [d for d in digits if id(d) in chosen]
        """Both halves in the writer's order: halves() splits them back into the same two."""
        self.before = self.after = self.taught_me = None  # misreads: (digit, reading)
        self.corrections = 0
        self.split = 0  # first-half misreads read as several parts: not corrected
        self.offline = None  # tools.adaptation.Result on the same digits


def _capped(digits: list, per_digit: int | None) -> list:
    """At most `per_digit` samples of each digit, the first ones."""
    if per_digit is None:
        return digits
    kept, seen = [], {}
    for digit in digits:
        seen[digit.label] = seen.get(digit.label, 0) + 1
        if seen[digit.label] <= per_digit:
            kept.append(digit)
    return kept


def held_out_writers(chosen: list) -> list:
    """(source name, writer, its digits) of every held-out writer, or of those `chosen`
    ("source:writer")."""
    found = []
    for source in load_sources():
        writers = {}
        for digit in source.held_out:
            writers.setdefault(digit.writer, []).append(digit)
        for writer in sorted(writers):
            if not chosen or f"{source.name}:{writer}" in chosen:
                found.append((source.name, writer, writers[writer]))
    return found


def run_writer(browser, url: str, writer: Writer, teach_me: bool) -> None:
    """The protocol (module docstring) for one writer, each part on a fresh page."""
    page = Page(browser, url)
    try:
        writer.before = page.misreads(writer.second)
        for digit in writer.first:
            text = page.write(digit)
            if text != str(digit.label):
                if len(text) == 1:
                    page.correct(digit.label)
                    writer.corrections += 1
                else:
                    writer.split += 1
            page.clear()
        writer.after = page.misreads(writer.second)
    finally:
        page.close()
    if teach_me:
        page = Page(browser, url)
        try:
            page.teach_me(writer.first)
            writer.taught_me = page.misreads(writer.second)
        finally:
            page.close()


def example_file(digits: list, labels: list, folder: Path, name: str) -> Path:
    """An examples file (site/examples.py's format) of pen digits with these labels."""
    taught = []
    for digit, label in zip(digits, labels, strict=True):
        xs = [x for stroke in digit.strokes for x, _ in stroke]
        ys = [y for stroke in digit.strokes for _, y in stroke]
        scale = EXAMPLE_SIZE / max(max(ys) - min(ys), max(xs) - min(xs), 1e-9)
        strokes = [[(x * scale, y * scale) for x, y in stroke] for stroke in digit.strokes]
        taught.append(examples.Example(strokes, label))
    path = folder / name
    path.write_text(examples.to_unipen(taught))
    return path


def second_likeliest(digits: list, keras_model) -> list:
    """Each digit's second likeliest digit (0-9) as the exported model reads its image."""
    import numpy as np
    from ink import to_mnist

    from trainer.render import as_model_input

    images = [bytes(to_mnist([s for s in d.strokes if s])) for d in digits]
    probabilities, _ = keras_model.predict_on_batch(as_model_input(images)[..., None])
    return [int(np.argsort(p[:10])[-2]) for p in probabilities]


def measure_latency(browser, url: str, args, keras_model, folder: Path) -> dict:
    """Pointer-up to answer over the same pen digits with 0 and STORED stored examples, and the
    time to load LOAD_COUNT stored examples after a reload."""
    digits = pick_digits(args.latency_per_digit, args.seed)
    stored = [d for source in load_sources() for d in source.train]
    random.Random(args.seed).shuffle(stored)
    cases = {"0 examples": None}
    cases[f"{STORED} examples, own labels"] = example_file(
        stored[:STORED], [d.label for d in stored[:STORED]], folder, "own.txt"
    )
    if keras_model is not None:
        labels = second_likeliest(stored[:STORED], keras_model)
        cases[f"{STORED} examples, all corrections"] = example_file(
            stored[:STORED], labels, folder, "corrections.txt"
        )
    results = {}
    for name, path in cases.items():
        page = Page(browser, url)
        try:
            if path is not None:
                page.load_file(path, STORED)
            run = replay(page.page, digits, "fit", 1, 1, args.seed)
        finally:
            page.close()
        results[name] = {"latency_ms": run["latency_ms"], "accuracy": run["accuracy"]}
        print(f"  latency, {name}: {run['latency_ms']}", flush=True)
    path = example_file(
        stored[:LOAD_COUNT], [d.label for d in stored[:LOAD_COUNT]], folder, "many.txt"
    )
    page = Page(browser, url)
    try:
        page.load_file(path, LOAD_COUNT)
        loads = []
        for _ in range(args.loads):
            page.page.reload()
            page.page.wait_for_function(READY, timeout=180_000)
            assert page.page.get_attribute(EXAMPLES, "data-count") == str(LOAD_COUNT)
            loads.append(float(page.page.get_attribute(EXAMPLES, "data-load-ms")))
    finally:
        page.close()
    results["load_ms"] = {"examples": LOAD_COUNT, "median": statistics.median(loads), "all": loads}
    print(f"  load of {LOAD_COUNT} stored examples: {loads} ms", flush=True)
    return results


def run_offline(writers: list, keras_model) -> None:
    """tools.adaptation's protocol on the same digits, in CPython."""
    from tools import adaptation

    model = adaptation.Model(keras_model)
    for writer in writers:
        drawings = adaptation.prepare(writer.digits, model)
        writer.offline = adaptation.run_writer(drawings, writer.source, adaptation.Knn, False)


def print_report(writers: list, latency: dict | None) -> None:
    offline = writers[0].offline is not None
    print(
        f"\n{'source':<11} {'writer':>6} {'digits':>9} {'before':>6} {'after':>5} "
        f"{'corrected':>9} {'split':>5} {'teach me':>8}"
        + ("  offline: before after teach-me" if offline else "")
        + "  misreads before > after"
    )
    for w in writers:
        row = (
            f"{w.source:<11} {w.writer:>6} {len(w.first):>4}+{len(w.second):<4} "
            f"{len(w.before):>6} {len(w.after):>5} {w.corrections:>9} {w.split:>5} "
            f"{_count(w.taught_me):>8}"
        )
        if offline:
            o = w.offline
            row += f"  {o.before:>15} {o.corrected:>5} {o.taught:>8}"
        before = " ".join(f"{d}:{r}" for d, r in w.before)
        after = " ".join(f"{d}:{r}" for d, r in w.after)
        print(f"{row}  {before or '-'} > {after or '-'}")
    for source in sorted({w.source for w in writers}) + ["all"]:
        chosen = [w for w in writers if source in ("all", w.source)]
        print(f"{source:<11} total: {_totals(chosen)}")
    worst = max(writers, key=lambda w: (len(w.after) - len(w.before), len(w.after)))
    print(
        f"worst writer after corrections: {worst.source} {worst.writer} "
        f"({len(worst.before)} -> {len(worst.after)} misreads of {len(worst.second)})"
    )
    if latency:
        print("\npointer-up to answer, ms (MicroPython):")
        for name, result in latency.items():
            if name != "load_ms":
                ms = result["latency_ms"]
                print(f"  {name:<34} p50 {ms['p50']:6.1f}  p95 {ms['p95']:6.1f}  ({ms['count']})")
        load = latency["load_ms"]
        print(f"load of {load['examples']} stored examples: median {load['median']:.1f} ms")


def _count(misreads: list | None) -> str:
    return "-" if misreads is None else str(len(misreads))


def _totals(writers: list) -> str:
    before = sum(len(w.before) for w in writers)
    after = sum(len(w.after) for w in writers)
    worse = sum(len(w.after) > len(w.before) for w in writers)
    fall = f"{(before - after) / before:.0%} fewer" if before else "-"
    text = (
        f"misreads {before} -> {after} ({fall}, {worse} writers worse), "
        f"{sum(w.corrections for w in writers)} corrections, {sum(w.split for w in writers)} split"
    )
    if all(w.taught_me is not None for w in writers):
        taught = sum(len(w.taught_me) for w in writers)
        text += f"; teach me {before} -> {taught}"
    if writers[0].offline is not None:
        o_before = sum(w.offline.before for w in writers)
        o_after = sum(w.offline.corrected for w in writers)
        o_taught = sum(w.offline.taught for w in writers)
        text += f"; offline {o_before} -> {o_after}, teach me {o_taught}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--per-digit", type=int, help="most samples of a digit in each half")
    parser.add_argument("--writer", action="append", default=[], help="SOURCE:WRITER (repeatable)")
    parser.add_argument("--no-teach-me", action="store_true", help="skip the teach-me pass")
    parser.add_argument("--offline", action="store_true", help="compare with tools.adaptation")
    parser.add_argument("--latency-per-digit", type=int, default=5, help="digits per class")
    parser.add_argument("--no-latency", action="store_true", help="skip latency and load time")
    parser.add_argument("--loads", type=int, default=3, help="reloads for the load time")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("reports/bench/adapt.json"))
    args = parser.parse_args()

    writers = [
        Writer(source, writer, digits, args.per_digit)
        for source, writer, digits in held_out_writers(args.writer)
    ]
    keras_model = None
    if args.offline:
        from trainer.export import load_exported_model  # imports TensorFlow: only here

        keras_model = load_exported_model(ROOT / "site" / "model", features=True)
        run_offline(writers, keras_model)
    server = start_server()
    url = url_of(server)
    started = time.perf_counter()
    latency = None
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(**launch_options(playwright))
        for writer in writers:
            run_writer(browser, url, writer, not args.no_teach_me)
            print(
                f"  {writer.source} {writer.writer}: {len(writer.before)} -> {len(writer.after)}"
                f" ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        if not args.no_latency:
            latency = measure_latency(browser, url, args, keras_model, Path(folder))
        browser.close()
    server.shutdown()
    print_report(writers, latency)
    report = {
        "per_digit": args.per_digit,
        "seconds": round(time.perf_counter() - started, 1),
        "writers": [
            {
                "source": w.source,
                "writer": w.writer,
                "first": len(w.first),
                "second": len(w.second),
                "before": w.before,
                "after": w.after,
                "teach_me": w.taught_me,
                "corrections": w.corrections,
                "split": w.split,
                "offline": None
                if w.offline is None
                else {
                    "before": w.offline.before,
                    "corrected": w.offline.corrected,
                    "teach_me": w.offline.taught,
                },
            }
            for w in writers
        ],
        "latency": latency,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"\nReport: {args.out}")


if __name__ == "__main__":
    main()
