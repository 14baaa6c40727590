"""Pen-replay benchmark: real handwriting drawn into the real page with real pointer events.

Digits of the pen writers held out of training are replayed with the mouse, one at a time, then
cleared, at three placements: `fit` (70% of the canvas height, centred), `small` (30%, centred)
and `offcenter` (50%, near a random corner); `fit` is also replayed with sparse events (every 4th
pen point) and dense ones (4 mouse moves per pen point). A fixed seed picks the digits and
corners, so two runs compare like with like. Prints a table and writes a JSON report with
accuracy overall and per digit, confusion matrices, pointer-up to prediction latency measured
inside the page, navigation-to-ready time cold and warm, and bytes transferred.

    python -m tools.bench [--per-digit 10] [--seed 0] [--out reports/bench/bench.json]
"""

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.browser import launch_options
from tools.replay import PREDICTION, clear, draw_mouse, place, sparse, to_pixels, wait_for_strokes
from tools.serve import start_server, url_of
from trainer.pendigits import HELD_OUT_WRITERS, load_pendigits

RUNS = [  # (name, placement, every n-th pen point, mouse moves per point)
    ("fit", "fit", 1, 1),
    ("small", "small", 1, 1),
    ("offcenter", "offcenter", 1, 1),
    ("fit-sparse", "fit", 4, 1),
    ("fit-dense", "fit", 1, 4),
]
READY = "() => document.body.dataset.state === 'ready'"
BYTES = """() => performance.getEntriesByType('navigation').concat(
    performance.getEntriesByType('resource')).reduce((sum, e) => sum + e.transferSize, 0)"""


def pick_digits(per_digit: int, seed: int) -> list:
    """`per_digit` digits of each class from the held-out writers, chosen by `seed`."""
    rng = random.Random(seed)
    held_out = [d for d in load_pendigits() if d.writer in HELD_OUT_WRITERS]
    chosen = []
    for label in range(10):
        of_label = [d for d in held_out if d.label == label]
        chosen += rng.sample(of_label, min(per_digit, len(of_label)))
    rng.shuffle(chosen)
    return chosen


def measure_loading(playwright, url: str, warm_runs: int = 3) -> dict:
    """Navigation to ready, cold (empty cache) then warm (reloads), and bytes transferred.

    A persistent profile has a disk cache like a person's browser; a plain Playwright context's
    in-memory cache is too small to keep Pyodide's 9 MB of WebAssembly.
    """
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, **launch_options(playwright)
        )
        try:
            return _measure_loading(context, url, warm_runs)
        finally:
            context.close()


def _measure_loading(context, url: str, warm_runs: int) -> dict:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(READY, timeout=120_000)
    cold_ms = float(page.evaluate("document.body.dataset.readyMs"))
    cold_bytes = page.evaluate(BYTES)
    warm = []
    for _ in range(warm_runs):
        page.reload()
        page.wait_for_function(READY, timeout=120_000)
        warm.append((float(page.evaluate("document.body.dataset.readyMs")), page.evaluate(BYTES)))
    return {
        "cold_ready_ms": cold_ms,
        "cold_bytes": cold_bytes,
        "warm_ready_ms": statistics.median(ms for ms, _ in warm),
        "warm_bytes": statistics.median(size for _, size in warm),
    }


def replay(page, digits: list, placement: str, every: int, steps: int, seed: int) -> dict:
    """Replay digits at a placement; return accuracy, confusion matrix and latencies."""
    rng = random.Random(seed)
    confusion = [[0] * 10 for _ in range(10)]  # [true][predicted]
    totals = [0] * 10
    latencies, ink_times = [], []
    for digit in digits:
        strokes = sparse(digit.strokes, every) if every > 1 else digit.strokes
        pixels = to_pixels(page, place(strokes, placement, rng))
        for count, stroke in enumerate(pixels, 1):
            draw_mouse(page, [stroke], steps=steps)
            text = wait_for_strokes(page, count)
            timing = page.eval_on_selector(
                PREDICTION, "e => [e.dataset.latencyMs, e.dataset.inkMs]"
            )
            latencies.append(float(timing[0]))
            ink_times.append(float(timing[1]))
        totals[digit.label] += 1
        if text:
            confusion[digit.label][int(text)] += 1
        clear(page)
    correct = sum(confusion[d][d] for d in range(10))
    per_digit = {str(d): confusion[d][d] / max(1, totals[d]) for d in range(10)}
    return {
        "accuracy": correct / len(digits),
        "per_digit": per_digit,
        "confusion": confusion,
        "latency_ms": percentiles(latencies),
        "ink_ms": percentiles(ink_times),
    }


def percentiles(values: list[float]) -> dict:
    return {
        "p50": statistics.median(values),
        "p95": statistics.quantiles(values, n=20)[-1],
        "count": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--per-digit", type=int, default=10, help="digits per class per run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("reports/bench/bench.json"))
    args = parser.parse_args()

    digits = pick_digits(args.per_digit, args.seed)
    server = start_server()
    url = url_of(server)
    report = {
        "digits_per_run": len(digits),
        "held_out_writers": list(HELD_OUT_WRITERS),
        "seed": args.seed,
    }
    started = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(playwright))
        report["browser"] = browser.version
        report["loading"] = measure_loading(playwright, url)
        page = browser.new_page(viewport={"width": 900, "height": 800})
        page.goto(url)
        page.wait_for_function(READY, timeout=120_000)
        report["runs"] = {}
        for name, placement, every, steps in RUNS:
            run_started = time.perf_counter()
            result = replay(page, digits, placement, every, steps, args.seed)
            result["seconds"] = round(time.perf_counter() - run_started, 1)
            report["runs"][name] = result
            print(f"  {name:<11} {result['accuracy']:.1%}  ({result['seconds']} s)", flush=True)
        browser.close()
    server.shutdown()
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nReport: {args.out}")


def print_table(report: dict) -> None:
    loading = report["loading"]
    print(
        f"\nPen-replay benchmark: {report['digits_per_run']} held-out digits per run, "
        f"writers {report['held_out_writers']}, seed {report['seed']}, {report['browser']}"
    )
    print("latency: pointer-up to prediction shown; ink: strokes to 28x28 (both in the page)")
    print(f"{'run':<11} {'accuracy':>8}  latency p50/p95 ms  ink p50/p95 ms  per digit 0-9 (%)")
    for name, run in report["runs"].items():
        per_digit = " ".join(f"{100 * run['per_digit'][str(d)]:3.0f}" for d in range(10))
        latency, ink = run["latency_ms"], run["ink_ms"]
        print(
            f"{name:<11} {run['accuracy']:>8.1%}  {latency['p50']:>8.1f} {latency['p95']:>6.1f}"
            f"      {ink['p50']:>6.1f} {ink['p95']:>6.1f}   {per_digit}"
        )
    print(
        f"navigation to ready: cold {loading['cold_ready_ms']:.0f} ms "
        f"({loading['cold_bytes'] / 1e6:.1f} MB), warm {loading['warm_ready_ms']:.0f} ms "
        f"({loading['warm_bytes'] / 1e6:.2f} MB)"
    )


if __name__ == "__main__":
    main()
