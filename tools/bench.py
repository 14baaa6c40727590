"""Pen-replay benchmark: real handwriting drawn into the real page with real pointer events.

Digits of the pen writers held out of training are replayed with the mouse, one at a time, then
cleared, at three placements: `fit` (70% of the canvas height, centred), `small` (30%, centred)
and `offcenter` (50%, near a random corner); `fit` is also replayed with sparse events (every 4th
pen point) and dense ones (4 mouse moves per pen point). A fixed seed picks the digits and
corners, so two runs compare like with like. Prints a table and writes a JSON report with
accuracy overall and per digit, confusion matrices, pointer-up to prediction latency measured
inside the page (on the page's default interpreter, MicroPython), and loading figures: navigation
to ready and bytes over the wire, cold and warm, on localhost and on emulated 4G networks, for
MicroPython and Pyodide side by side.

    python -m tools.bench [--per-digit 10] [--seed 0] [--loads 5] [--loading-only]
                          [--out reports/bench/bench.json]
"""

import argparse
import json
import random
import statistics
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
READY = "() => document.body?.dataset.state === 'ready'"
INTERPRETERS = ("micropython", "pyodide")
"""The page's default first."""
NETWORKS = {
    "localhost": None,
    # Chrome DevTools' presets: latency in ms, throughput in bytes per second.
    "fast 4G": {"latency": 60, "downloadThroughput": 9e6 / 8, "uploadThroughput": 1.5e6 / 8},
    "slow 4G": {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8},
}
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


def measure_loading(browser, url: str, loads: int = 5) -> dict:
    """Navigation to ready and bytes over the wire, medians of `loads` loads, for each interpreter
    and network: cold, in a new browser context (a first visit: empty cache, no service worker),
    and warm, the reload after it (served by the service worker it installed).

    Networks are emulated with the DevTools protocol (a latency per request, shared bandwidth).
    """
    results = {}
    for interpreter in INTERPRETERS:
        page_url = url if interpreter == INTERPRETERS[0] else f"{url}?interpreter={interpreter}"
        for network, conditions in NETWORKS.items():
            samples = [_load_cold_then_warm(browser, page_url, conditions) for _ in range(loads)]
            results.setdefault(interpreter, {})[network] = {
                key: statistics.median(sample[key] for sample in samples) for key in samples[0]
            }
            print(
                f"  loading: {interpreter}, {network}: {results[interpreter][network]}", flush=True
            )
    return results


def _load_cold_then_warm(browser, url: str, conditions: dict | None) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        if conditions:
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
        cold = _load(page, page.goto, url)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        warm = _load(page, page.reload)
    finally:
        context.close()
    return {
        "cold_ready_ms": cold[0],
        "cold_bytes": cold[1],
        "warm_ready_ms": warm[0],
        "warm_bytes": warm[1],
    }


def _load(page, navigate, *args) -> tuple[float, int]:
    """Navigate; return the page's own time to ready and the bytes it received."""
    navigate(*args, wait_until="commit")
    page.wait_for_function(READY, timeout=180_000)
    return float(page.evaluate("document.body.dataset.readyMs")), page.evaluate(BYTES)


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
    parser.add_argument("--loads", type=int, default=5, help="loads per loading figure")
    parser.add_argument("--loading-only", action="store_true", help="measure only loading")
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
        report["loads"] = args.loads
        report["loading"] = measure_loading(browser, url, args.loads)
        page = browser.new_page(viewport={"width": 900, "height": 800})
        page.goto(url)
        page.wait_for_function(READY, timeout=120_000)
        report["runs"] = {}
        for name, placement, every, steps in [] if args.loading_only else RUNS:
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
    print(f"\nHeadless Chromium {report['browser']}")
    if report["runs"]:
        print_runs(report)
    print_loading(report["loading"], report["loads"])


def print_runs(report: dict) -> None:
    print(
        f"Pen-replay benchmark: {report['digits_per_run']} held-out digits per run, "
        f"writers {report['held_out_writers']}, seed {report['seed']}"
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


def print_loading(loading: dict, loads: int) -> None:
    """The loading figures, one line per interpreter and network."""
    print(
        f"\nnavigation to ready, medians of {loads} loads: cold = a first visit (new browser"
        " context), warm = the reload after it; bytes over the wire"
    )
    columns = ("cold ms", "cold MB", "warm ms", "warm MB")
    print(f"{'interpreter':<12} {'network':<10}" + "".join(f" {column:>8}" for column in columns))
    for interpreter, networks in loading.items():
        for network, figures in networks.items():
            print(
                f"{interpreter:<12} {network:<10} {figures['cold_ready_ms']:>8.0f}"
                f" {figures['cold_bytes'] / 1e6:>8.2f} {figures['warm_ready_ms']:>8.0f}"
                f" {figures['warm_bytes'] / 1e6:>8.2f}"
            )


if __name__ == "__main__":
    main()
