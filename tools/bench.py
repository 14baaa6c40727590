"""Pen-replay benchmark: real handwriting drawn into the real page with real pointer events.

Single digits of the pendigits writers held out of training are replayed with the mouse, one at
a time, then cleared, at three placements: `fit` (70% of the pad's height, centred), `small`
(30%, centred) and `offcenter` (50%, near a corner of the centred square); `fit` is also replayed
with sparse events (every 4th pen point) and dense ones (4 mouse moves per pen point). Then
three sets of numbers are written stroke by stroke: numbers of 2 to 6 digits, each made of one
held-out writer's own digits, written left to right with random gaps (some boxes overlapping),
size and baseline jitter; the same numbers with the pen not lifted between neighbours where a
writer would (`tools.numbers.joined_strokes`); and UNIPEN's real numbers as written, fitted to
the pad. Last, held-out writers' letters are drawn one at a time, to count how many read as "?"
alone and what the others read as.
A fixed seed picks everything, so two runs compare like with like. Prints tables and writes a
JSON report: accuracy overall and per digit, how often a real digit was read as not a digit,
confusion matrices, whole-number accuracy per length, digit error rate and candidates rendered
per stroke for each set of numbers, the letters' readings, pointer-up to answer
latency measured inside the page (on the page's default interpreter, MicroPython), and loading
figures: navigation to ready and bytes over the wire, cold and warm, on localhost and on
emulated 4G networks, for MicroPython and Pyodide side by side.

    python -m tools.bench [--per-digit 10] [--numbers 100] [--joins 1] [--letters 100] [--seed 0]
                          [--loads 5] [--loading-only | --no-loading]
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
from tools.numbers import (
    fit_number,
    held_out_letters,
    joined_strokes,
    load_real_numbers,
    make_numbers,
    score,
    writers_digits,
)
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


def number_sets(page, count: int, share: float, seed: int) -> dict:
    """The numbers to write, by set, as (truth, strokes in pad fractions) for this page's pad:
    `count` numbers of held-out writers' digits written apart and as many joined (each
    neighbour with probability `share`, where a writer would), and the real numbers (all of
    them, unless `count` is fewer)."""
    aspect = pad_aspect(page)
    made = make_numbers(writers_digits("held-out"), count, seed)
    rng = random.Random(seed)
    separate = [
        (_text(n), [s for d in lay_out_number([d.strokes for d in n], aspect, rng) for s in d])
        for n in made
    ]
    rng = random.Random(seed)
    joined = [(_text(n), joined_strokes(n, aspect, rng, share)) for n in made]
    real = [(n.label, fit_number(n.strokes, aspect)) for n in load_real_numbers()[:count]]
    return {"separate": separate, "joined": joined, "real": real}


def _text(number: list) -> str:
    return "".join(str(d.label) for d in number)


def replay_numbers(page, drawn: list) -> dict:
    """Write each number across the pad, stroke by stroke, and read the answer after the last;
    return whole-number accuracy per length, digit error rate, rejections, latencies and the
    candidates rendered after each stroke."""
    pairs, latencies, last_six, rendered, mistakes = [], [], [], [], []
    last_six_parts = {part: [] for part in ("wait", "ink", "model", "show")}
    for truth, placed in drawn:
        strokes = to_pixels_wide(page, placed)
        for count, stroke in enumerate(strokes, 1):
            draw_mouse(page, [stroke])
            text = wait_for_strokes(page, count)
            timing = _timing(page)
            latencies.append(timing["latency"])
            rendered.append(timing["candidates"])
        if len(truth) == 6:
            last_six.append(timing["latency"])
            for part, values in last_six_parts.items():
                values.append(timing[part])
        pairs.append((truth, text))
        if text != truth:
            mistakes.append(f"{truth}->{text}")
        clear(page)
    result = score(pairs)
    result.update(
        latency_ms=percentiles(latencies),
        candidates=percentiles(rendered),
        six_digit_last_stroke_ms=percentiles(last_six) if last_six else None,
        six_digit_last_stroke_parts_ms={
            part: percentiles(values) for part, values in last_six_parts.items() if values
        },
        mistakes=mistakes,
    )
    return result


def replay_letters(page, count: int, seed: int) -> dict:
    """Draw `count` letters of held-out writers (tools.numbers.held_out_letters), each alone at
    the `fit` placement as a person would; return how many read as "?" alone and what the
    others read as."""
    rng = random.Random(seed)
    letters = held_out_letters()
    rng.shuffle(letters)
    readings: dict[str, list[str]] = {}
    for sample in letters[:count]:
        pixels = to_pixels(page, place(sample.strokes, "fit", rng))
        draw_mouse(page, pixels)
        readings.setdefault(sample.label, []).append(wait_for_strokes(page, len(pixels)))
        clear(page)
    drawn = sum(len(texts) for texts in readings.values())
    refused = sum(text == "?" for texts in readings.values() for text in texts)
    return {"drawn": drawn, "refused": refused / max(1, drawn), "readings": readings}


def _timing(page) -> dict:
    """Where the last pointer-up to answer went, in ms, as the page measured it: `latency` in all,
    of which `wait` before the page handled the pointer-up, `ink` reading the strokes outside the
    model (rendering and splitting), `model` in TF.js, and `show` showing the answer; and how
    many candidates that reading rendered."""
    latency, wait, read, ink, candidates = page.eval_on_selector(
        PREDICTION,
        "e => [e.dataset.latencyMs, e.dataset.waitMs, e.dataset.readMs, e.dataset.inkMs,"
        " e.dataset.candidates]",
    )
    latency, wait, read, ink = float(latency), float(wait), float(read), float(ink)
    return {
        "latency": latency,
        "wait": wait,
        "ink": ink,
        "model": read - ink,
        "show": latency - wait - read,
        "candidates": int(candidates or 0),
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
    parser.add_argument(
        "--numbers", type=int, default=100, help="numbers of 2 to 6 digits, apart and joined"
    )
    parser.add_argument("--joins", type=float, default=1.0, help="share of neighbours joined")
    parser.add_argument("--letters", type=int, default=100, help="held-out writers' letters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--loads", type=int, default=5, help="loads per loading figure")
    parser.add_argument("--loading-only", action="store_true", help="measure only loading")
    parser.add_argument("--no-loading", action="store_true", help="skip the loading figures")
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
            report["numbers"] = {}
            sets = number_sets(page, args.numbers, args.joins, args.seed)
            for name, drawn in sets.items():
                run_started = time.perf_counter()
                report["numbers"][name] = replay_numbers(page, drawn)
                report["numbers"][name]["seconds"] = round(time.perf_counter() - run_started, 1)
                print(f"  numbers, {name}: {report['numbers'][name]['accuracy']:.1%}", flush=True)
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
    for name, numbers in report["numbers"].items():
        print_numbers(name, numbers)
    letters = report["letters"]
    others: dict[str, int] = {}
    for name, texts in letters["readings"].items():
        for text in texts:
            if text != "?":
                others[f"{name}->{text}"] = others.get(f"{name}->{text}", 0) + 1
    common = sorted(others.items(), key=lambda item: -item[1])
    print(
        f"\nLetters of held-out writers: {letters['refused']:.1%} of {letters['drawn']} read as ? "
        f"alone; the others: {' '.join(f'{k} ({v})' for k, v in common) or 'none'}"
    )


ABOUT = {
    "separate": "held-out writers' digits, written apart",
    "joined": "the same digits, the pen not lifted between neighbours",
    "real": "UNIPEN's real numbers, as written",
}


def print_numbers(name: str, numbers: dict) -> None:
    """One set of numbers: accuracy, errors, latency, candidates, misreadings."""
    per_length = "  ".join(f"{n} digits {v:.0%}" for n, v in numbers["per_length"].items())
    latency, six, rendered = (
        numbers["latency_ms"],
        numbers["six_digit_last_stroke_ms"],
        numbers["candidates"],
    )
    low, high = numbers["accuracy_interval"]
    print(
        f"\nNumbers, {name} ({ABOUT[name]}), {numbers['numbers']}: "
        f"{numbers['accuracy']:.1%} read whole (95% interval {low:.1%} to {high:.1%}; "
        f"{per_length}); digit error rate "
        f"{numbers['digit_error_rate']:.2%}; digits read as ? {numbers['rejected']:.2%}\n"
        f"pointer-up to answer p50/p95: every stroke {latency['p50']:.1f} / "
        f"{latency['p95']:.1f} ms; candidates rendered per stroke p50/p95 "
        f"{rendered['p50']:g} / {rendered['p95']:g}"
    )
    if six:
        parts = ", ".join(
            f"{part} {value['p50']:.1f} / {value['p95']:.1f}"
            for part, value in numbers["six_digit_last_stroke_parts_ms"].items()
        )
        print(
            f"last stroke of a 6-digit number {six['p50']:.1f} / {six['p95']:.1f} ms, "
            f"of which (p50/p95): {parts}"
        )
    print(f"misread: {' '.join(numbers['mistakes']) or 'none'}")


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
