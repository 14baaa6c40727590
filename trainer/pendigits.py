"""Real pen trajectories of handwritten digits (UCI "pendigits", 30 writers).

The project keeps them compact in `data/pendigits.json.gz`, converted from the UNIPEN text by
`python -m trainer.pendigits UNIPEN_FILE`. Points are integers in tablet units with y negated, so y
grows downwards as on a canvas. Attribution: see data/PENDIGITS.md.
"""

import gzip
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from .idx import DataError

DATA_FILE = Path(__file__).resolve().parent / "data" / "pendigits.json.gz"
HELD_OUT_WRITERS = (3, 9, 15, 21, 27)
"""Writers never used in training: their digits measure how the model does on new people."""

Stroke = list[tuple[float, float]]


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int
    strokes: list[Stroke]
    """Strokes in canvas convention (x right, y down), tablet units."""


def parse_unipen(lines: Iterable[str], read_label: Callable[[str], Any] = int) -> list[PenDigit]:
    """Parse UNIPEN text: `.SEGMENT DIGIT ... "7"`, `.COMMENT label writer sample`, strokes
    (`.PEN_DOWN`, `x y` lines, `.PEN_UP`); a blank line ends a digit. Flips y to point down.
    `read_label` makes the label from its text (`str` keeps a letter's)."""
    digits: list[PenDigit] = []
    label = writer = None
    strokes: list[Stroke] = []
    stroke: Stroke | None = None

    def finish() -> None:
        nonlocal label, writer, strokes
        if label is not None:
            if writer is None or not strokes:
                raise DataError(f"UNIPEN digit {len(digits) + 1}: no .COMMENT writer or no strokes")
            digits.append(PenDigit(label, writer, strokes))
        label, writer, strokes = None, None, []

    for number, line in enumerate(lines, 1):
        words = line.split()
        if not words:
            finish()
        elif words[0] == ".SEGMENT":
            finish()
            label = read_label(line.rsplit('"', 2)[-2])
        elif words[0] == ".COMMENT" and label is not None:
            if read_label(words[1]) != label:
                raise DataError(f"UNIPEN line {number}: comment label {words[1]} != {label}")
            writer = int(words[2])
        elif words[0] == ".PEN_DOWN":
            stroke = []
        elif words[0] == ".PEN_UP":
            if stroke:
                strokes.append(stroke)
            stroke = None
        elif stroke is not None:
            x, y = words
            stroke.append((float(x), -float(y)))
    finish()
    return digits


def write_compact(
    digits: list[PenDigit], path: str | Path = DATA_FILE, extra: dict | None = None
) -> None:
    """Save digits as gzip'd JSON, byte for byte reproducible (gzip mtime 0); `extra` keys are
    stored beside them (read them back with `read_compact`)."""
    rows = [
        [d.label, d.writer, [_deltas([(int(x), int(y)) for x, y in s]) for s in d.strokes]]
        for d in digits
    ]
    layout = "[label, writer, strokes]; stroke: [x0, y0, x1 - x0, y1 - y0, ...] (y down)"
    text = json.dumps({"format": layout, **(extra or {}), "digits": rows})
    Path(path).write_bytes(gzip.compress(text.replace(" ", "").encode(), 9, mtime=0))


def _deltas(points: list[tuple[int, int]]) -> list[int]:
    flat, last = [], (0, 0)
    for x, y in points:
        flat += [x - last[0], y - last[1]]
        last = (x, y)
    return flat


def _points(flat: list[int]) -> Stroke:
    return list(zip(accumulate(flat[0::2]), accumulate(flat[1::2]), strict=True))


def read_compact(path: str | Path) -> tuple[list[PenDigit], dict]:
    """The digits of a file written by `write_compact`, in file order, and its other keys."""
    try:
        document = json.loads(gzip.decompress(Path(path).read_bytes()))
        rows = document.pop("digits")
    except (OSError, EOFError, ValueError, KeyError) as error:
        raise DataError(f"{path}: cannot load pen digits ({error})") from error
    digits = [
        PenDigit(label, writer, [_points(s) for s in strokes]) for label, writer, strokes in rows
    ]
    return digits, document


def load_pendigits(path: str | Path = DATA_FILE) -> list[PenDigit]:
    """The 7,494 digits of the 30 writers, in file order."""
    return read_compact(path)[0]


def split_by_writer(digits: list[PenDigit]) -> tuple[list[PenDigit], list[PenDigit]]:
    """(training digits, held-out digits) by HELD_OUT_WRITERS."""
    train = [d for d in digits if d.writer not in HELD_OUT_WRITERS]
    held = [d for d in digits if d.writer in HELD_OUT_WRITERS]
    return train, held


if __name__ == "__main__":
    source = Path(sys.argv[1])
    with source.open() as file:
        parsed = parse_unipen(file)
    write_compact(parsed)
    print(f"{len(parsed)} digits, {len({d.writer for d in parsed})} writers -> {DATA_FILE}")
