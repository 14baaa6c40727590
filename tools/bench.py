"""Pen-replay benchmark: real handwriting drawn into the real page with real pointer events.

Single digits of the pendigits writers held out of training are replayed with the mouse, one at
a time, then cleared, at three placements: `fit` (70% of the pad's height, centred), `small`
(30%, centred) and `offcenter` (50%, near a corner of the centred square); `fit` is also replayed
with sparse events (every 4th pen point) and dense ones (4 mouse moves per pen point). Then
numbers of 2 to 6 digits, each made of one held-out writer's own digits (pendigits and UNIPEN),
are written left to right with random gaps (some boxes overlapping), size and baseline jitter,
and letters the model never trained on are drawn to count how many are read as not a digit.
A fixed seed picks everything, so two runs compare like with like. Prints tables and writes a
JSON report: accuracy overall and per digit, how often a real digit was read as not a digit,
confusion matrices, whole-number accuracy per length and digit error rate, pointer-up to answer
latency measured inside the page (on the page's default interpreter, MicroPython), and loading
figures: navigation to ready and bytes over the wire, cold and warm, on localhost and on
emulated 4G networks, for MicroPython and Pyodide side by side.

    python -m tools.bench [--per-digit 10] [--numbers 100] [--letters 50] [--seed 0] [--loads 5]
                          [--loading-only | --no-loading] [--out reports/bench/bench.json]
"""

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from tools.browser import launch_options
from tools.numbers import LENGTHS, make_numbers, score, writers_digits
from tools.replay import (
    PREDICTION,
    clear,
    draw_mouse,
    lay_out_number,
    pad_aspect,
    place,
    sparse,
    to_pixels,
    to_pixels_wide,
    wait_for_strokes,
)
from tools.serve import start_server, url_of
from trainer.negatives import CHECK_LETTERS, letter
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
    """Replay digits at a placement; return accuracy, confusion matrix and latencies. A reading
    that is not one digit (split in two, or "?") counts as wrong, and "?" as rejected."""
    rng = random.Random(seed)
    confusion = [[0] * 10 for _ in range(10)]  # [true][predicted]
    totals = [0] * 10
    rejected = 0
    latencies, ink_times = [], []
    for digit in digits:
        strokes = sparse(digit.strokes, every) if every > 1 else digit.strokes
        pixels = to_pixels(page, place(strokes, placement, rng))
        for count, stroke in enumerate(pixels, 1):
            draw_mouse(page, [stroke], steps=steps)
            text = wait_for_strokes(page, count)
            timing = _timing(page)
            latencies.append(timing["latency"])
            ink_times.append(timing["ink"])
        totals[digit.label] += 1
        if len(text) == 1 and text.isdigit():
            confusion[digit.label][int(text)] += 1
        rejected += "?" in text
        clear(page)
    correct = sum(confusion[d][d] for d in range(10))
    per_digit = {str(d): confusion[d][d] / max(1, totals[d]) for d in range(10)}
    return {
        "accuracy": correct / len(digits),
        "rejected": rejected / len(digits),
        "per_digit": per_digit,
        "confusion": confusion,
        "latency_ms": percentiles(latencies),
        "ink_ms": percentiles(ink_times),
    }


def replay_numbers(page, numbers: list, seed: int) -> dict:
    """Write each number across the pad, stroke by stroke, and read the answer after the last;
    return whole-number accuracy per length, digit error rate, rejections and latencies."""
    rng = random.Random(seed)
    aspect = pad_aspect(page)
    pairs, latencies, last_six, mistakes = [], [], [], []
    last_six_parts = {part: [] for part in ("wait", "ink", "model", "show")}
    rejected = digits = 0
    for number in numbers:
        placed = lay_out_number([d.strokes for d in number], aspect, rng)
        strokes = to_pixels_wide(page, [s for digit in placed for s in digit])
        for count, stroke in enumerate(strokes, 1):
            draw_mouse(page, [stroke])
            text = wait_for_strokes(page, count)
            timing = _timing(page)
            latencies.append(timing["latency"])
        if len(number) == 6:
            last_six.append(timing["latency"])
            for part, values in last_six_parts.items():
                values.append(timing[part])
        truth = "".join(str(d.label) for d in number)
        pairs.append((truth, text))
        if text != truth:
            mistakes.append(f"{truth}->{text}")
        rejected += text.count("?")
        digits += len(truth)
        clear(page)
    result = score(pairs)
    result.update(
        rejected=rejected / digits,
        latency_ms=percentiles(latencies),
        six_digit_last_stroke_ms=percentiles(last_six),
        six_digit_last_stroke_parts_ms={
            part: percentiles(values) for part, values in last_six_parts.items()
        },
        mistakes=mistakes,
    )
    return result


def replay_letters(page, count: int, seed: int) -> dict:
    """Draw letters the model never trained on (trainer.negatives.CHECK_LETTERS), each as a
    person would at the `fit` placement; return how many were read as not a digit."""
    rng, place_rng = np.random.default_rng(seed), random.Random(seed)
    readings = {}
    for index in range(count):
        name = CHECK_LETTERS[index % len(CHECK_LETTERS)]
        pixels = to_pixels(page, place(letter(name, rng), "fit", place_rng))
        draw_mouse(page, pixels)
        readings.setdefault(name, []).append(wait_for_strokes(page, len(pixels)))
        clear(page)
    rejected = sum(text == "?" for texts in readings.values() for text in texts)
    return {"drawn": count, "rejected": rejected / count, "readings": readings}


def _timing(page) -> dict:
    """Where the last pointer-up to answer went, in ms, as the page measured it: `latency` in all,
    of which `wait` before the page handled the pointer-up, `ink` reading the strokes outside the
    model (rendering and splitting), `model` in TF.js, and `show` showing the answer."""
    latency, wait, read, ink = page.eval_on_selector(
        PREDICTION,
        "e => [e.dataset.latencyMs, e.dataset.waitMs, e.dataset.readMs, e.dataset.inkMs]",
    )
    latency, wait, read, ink = float(latency), float(wait), float(read), float(ink)
    return {
        "latency": latency,
        "wait": wait,
        "ink": ink,
        "model": read - ink,
        "show": latency - wait - read,
    }


def percentiles(values: list[float]) -> dict:
    return {
        "p50": statistics.median(values),
        "p95": statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0],
        "count": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--per-digit", type=int, default=10, help="digits per class per run")
    parser.add_argument("--numbers", type=int, default=100, help="numbers of 2 to 6 digits")
    parser.add_argument("--letters", type=int, default=50, help="letters never trained on")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--loads", type=int, default=5, help="loads per loading figure")
    parser.add_argument("--loading-only", action="store_true", help="measure only loading")
    parser.add_argument("--no-loading", action="store_true", help="skip the loading figures")
    parser.add_argument("--out", type=Path, default=Path("reports/bench/bench.json"))
    args = parser.parse_args()

    digits = pick_digits(args.per_digit, args.seed)
    numbers = make_numbers(writers_digits("held-out"), args.numbers, args.seed)
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
        report["loading"] = {} if args.no_loading else measure_loading(browser, url, args.loads)
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
        if not args.loading_only:
            run_started = time.perf_counter()
            report["numbers"] = replay_numbers(page, numbers, args.seed)
            report["numbers"]["seconds"] = round(time.perf_counter() - run_started, 1)
            report["letters"] = replay_letters(page, args.letters, args.seed)
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
    if report["loading"]:
        print_loading(report["loading"], report["loads"])


def print_runs(report: dict) -> None:
    print(
        f"Pen-replay benchmark: {report['digits_per_run']} held-out digits per run, "
        f"writers {report['held_out_writers']}, seed {report['seed']}"
    )
    print("latency: pointer-up to prediction shown; ink: strokes to 28x28 (both in the page)")
    print(
        f"{'run':<11} {'accuracy':>8} {'as ?':>5}  latency p50/p95 ms  ink p50/p95 ms"
        "  per digit 0-9 (%)"
    )
    for name, run in report["runs"].items():
        per_digit = " ".join(f"{100 * run['per_digit'][str(d)]:3.0f}" for d in range(10))
        latency, ink = run["latency_ms"], run["ink_ms"]
        print(
            f"{name:<11} {run['accuracy']:>8.1%} {run['rejected']:>5.1%}  {latency['p50']:>8.1f}"
            f" {latency['p95']:>6.1f}      {ink['p50']:>6.1f} {ink['p95']:>6.1f}   {per_digit}"
        )
    numbers = report["numbers"]
    per_length = "  ".join(f"{n} digits {v:.0%}" for n, v in numbers["per_length"].items())
    latency, six = numbers["latency_ms"], numbers["six_digit_last_stroke_ms"]
    low, high = numbers["accuracy_interval"]
    parts = ", ".join(
        f"{part} {value['p50']:.1f} / {value['p95']:.1f}"
        for part, value in numbers["six_digit_last_stroke_parts_ms"].items()
    )
    print(
        f"\nNumbers: {numbers['numbers']} of {LENGTHS[0]} to {LENGTHS[-1]} digits by held-out "
        f"writers: {numbers['accuracy']:.1%} read whole (95% interval {low:.1%} to {high:.1%}; "
        f"{per_length}); digit error rate "
        f"{numbers['digit_error_rate']:.2%}; digits read as ? {numbers['rejected']:.2%}\n"
        f"pointer-up to answer p50/p95: every stroke {latency['p50']:.1f} / "
        f"{latency['p95']:.1f} ms, last stroke of a 6-digit number {six['p50']:.1f} / "
        f"{six['p95']:.1f} ms\n"
        f"  of which (p50/p95): {parts}\n"
        f"misread: {' '.join(numbers['mistakes']) or 'none'}"
    )
    letters = report["letters"]
    readings = "  ".join(
        f"{name}: {' '.join(texts)}" for name, texts in letters["readings"].items()
    )
    print(
        f"Letters never trained on ({', '.join(letters['readings'])}): "
        f"{letters['rejected']:.0%} of {letters['drawn']} read as not a digit ({readings})"
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
