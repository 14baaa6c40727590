"""Does the pad stay put while a number is written? Layout shifts on a phone, a tablet, a laptop.

    python -m tools.layout [--lengths 1-15] [--seed 0]

On each screen, writes one number of each length (held-out writers' digits, laid out across the
pad), aiming every stroke where the pad was when the number began, as a person does, with a finger
on touch screens and the mouse on the laptop. It records the browser's layout-shift entries while
writing, the pad's box after every stroke, how many strokes the page read, and whether the number
shown sits on one line inside the screen. The end-to-end test tests/e2e/test_phone_layout.py checks
the same on the phone; figures and screenshots: docs/measured.md.
"""

import argparse
import random
from dataclasses import dataclass, field

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.numbers import writers_digits
from tools.replay import (
    draw_mouse,
    draw_touch,
    lay_out_number,
    pad_aspect,
    pad_box,
    to_pixels_wide,
)

SCREENS = {
    "phone 390x844": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "tablet 768x1024": {
        "viewport": {"width": 768, "height": 1024},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "laptop 1280x800": {"viewport": {"width": 1280, "height": 800}},
}
WATCH_SHIFTS = """() => {
    window.layoutShifts = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            window.layoutShifts.push({
                value: entry.value,
                sources: entry.sources.map((source) => source.node
                    ? (source.node.id || source.node.className || source.node.nodeName) : ""),
            });
        }
    }).observe({ type: "layout-shift" });
}"""
TAKE_SHIFTS = "() => window.layoutShifts.splice(0)"
NUMBER_PLACE = """() => {
    const number = document.querySelector('[data-testid="prediction"]');
    const range = document.createRange();
    range.selectNodeContents(number);
    const lines = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
    const text = range.getBoundingClientRect();
    const answer = number.parentElement.getBoundingClientRect();
    return {
        lines: lines.size,
        inside: text.left >= Math.max(0, answer.left) - 0.5
            && text.right <= Math.min(innerWidth, answer.right) + 0.5,
    };
}"""
STROKES_READ = (
    "() => Number(document.querySelector('[data-testid=\"prediction\"]').dataset.strokeCount)"
)
READY = "() => document.body.dataset.state === 'ready'"
PAD_PARTS = ("pad", "pad-frame", "pad-area")
"""What a layout shift names when it moves the pad (ids and class names)."""


@dataclass
class Written:
    """What happened while one number was written."""

    digits: int
    strokes: int
    read: int = 0
    pad_moved: float = 0.0
    """Largest distance, in CSS pixels, between the pad's box at the start and after a stroke."""
    shifts: list = field(default_factory=list)
    lines: int = 0
    inside: bool = False
    text: str = ""

    @property
    def shift_score(self) -> float:
        return sum(shift["value"] for shift in self.shifts)

    @property
    def pad_shifted(self) -> bool:
        return any(
            part in source.split() or part == source
            for shift in self.shifts
            for source in shift["sources"]
            for part in PAD_PARTS
        )


def number_strokes(page, length: int, rng: random.Random) -> list[list[tuple[float, float]]]:
    """A held-out writer's `length` digits written across the pad, in viewport pixels."""
    writers = writers_digits("held-out")
    writer = rng.choice([w for w in writers if len(w) >= length])
    digits = rng.sample(writer, length)
    placed = lay_out_number([d.strokes for d in digits], pad_aspect(page), rng)
    return to_pixels_wide(page, [stroke for digit in placed for stroke in digit])


def write_number(page, length: int, rng: random.Random, touch: bool) -> Written:
    """Write one number, every stroke aimed at the pad as it was at the start; clear after."""
    page.evaluate(WATCH_SHIFTS)
    start = pad_box(page)
    strokes = number_strokes(page, length, rng)
    written = Written(digits=length, strokes=len(strokes))
    for index, stroke in enumerate(strokes):
        (draw_touch if touch else draw_mouse)(page, [stroke])
        try:
            page.wait_for_function(f"() => ({STROKES_READ})() >= {index + 1}", timeout=5_000)
        except PlaywrightTimeout:  # a stroke that missed the pad is never read: counted below
            pass
        box = pad_box(page)
        written.pad_moved = max(
            written.pad_moved, *(abs(a - b) for a, b in zip(box, start, strict=True))
        )
    written.read = page.evaluate(STROKES_READ)
    written.text = page.text_content('[data-testid="prediction"]')
    place = page.evaluate(NUMBER_PLACE)
    written.lines, written.inside = place["lines"], place["inside"]
    written.shifts = page.evaluate(TAKE_SHIFTS)
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => ({STROKES_READ})() === 0")
    return written


def measure(browser, base_url: str, lengths: range, seed: int) -> dict[str, list[Written]]:
    """Every screen's numbers, each screen in a new browser context."""
    results = {}
    for name, options in SCREENS.items():
        context = browser.new_context(base_url=base_url, service_workers="block", **options)
        try:
            page = context.new_page()
            page.goto("/")
            page.wait_for_function(READY, timeout=120_000)
            rng = random.Random(seed)
            touch = options.get("has_touch", False)
            results[name] = [write_number(page, length, rng, touch) for length in lengths]
        finally:
            context.close()
    return results


def print_table(results: dict[str, list[Written]]) -> None:
    print(
        "| screen | numbers | strokes read | pad moved (max) | layout-shift score (sum) |"
        " shifts moving the pad | numbers on one line, inside |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, numbers in results.items():
        strokes = sum(n.strokes for n in numbers)
        read = sum(n.read for n in numbers)
        moved = max(n.pad_moved for n in numbers)
        score = sum(n.shift_score for n in numbers)
        pad_shifts = sum(n.pad_shifted for n in numbers)
        fitting = sum(n.lines == 1 and n.inside for n in numbers)
        print(
            f"| {name} | {len(numbers)} | {read} of {strokes} | {moved:.1f} px | {score:.4f} |"
            f" {pad_shifts} | {fitting} of {len(numbers)} |"
        )


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tools.browser import launch_options
    from tools.serve import start_server, url_of

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lengths", default="1-15", help="digits per number, a range: 1-15")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    low, _, high = args.lengths.partition("-")
    lengths = range(int(low), int(high or low) + 1)
    server = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options(playwright, {}))
            print_table(measure(browser, url_of(server), lengths, args.seed))
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
