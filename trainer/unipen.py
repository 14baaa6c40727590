"""More real pen digits: 38 UNIPEN writers (train_r01_v07, isolated digits), other countries and
styles than pendigits (slashed zeros, flagged 1s, crossed 7s).

The project keeps them compact in `data/unipen.json.gz`, converted from the shared UNIPEN text by
`python -m trainer.unipen UNIPEN_FILE WRITERS_TSV`, with each writer's collecting site. The y axis
of that text points up, as in pendigits, so the same parser makes it point down. Attribution:
data/UNIPEN.md.

About 1% of the digits are label noise, and `load_unipen` drops them by two stated rules that no
real digit of these writers or of pendigits breaks:
- too flat: more than `MAX_ASPECT` times as wide as tall (a dash labelled 1 or 4, a run of zeros);
- a lone straight line labelled anything but 1: one stroke whose ink is less than
  `MAX_STRAIGHTNESS` times as long as the line between its ends (the vertical stroke of a 4 or
  the half of a 0 that an `ibm` label kept without the rest).
"""

import math
import sys
from pathlib import Path

from .page import ink
from .pendigits import PenDigit, parse_unipen, read_compact, write_compact

DATA_FILE = Path(__file__).resolve().parent / "data" / "unipen.json.gz"
HELD_OUT_WRITERS = (3, 8, 13, 18, 23, 28, 33, 38)
"""Every fifth writer: sites art, ibm (2), pri, syn (3) and val. Never used in training."""
MAX_ASPECT = 2.5
"""A digit wider than this many times its height is a dash or several digits, not one digit."""
MAX_STRAIGHTNESS = 1.2
"""A stroke whose ink is shorter than this many times the distance between its ends is a line."""


def is_too_flat(digit: PenDigit) -> bool:
    x0, y0, x1, y1 = ink.bounding_box(digit.strokes)
    return x1 - x0 > MAX_ASPECT * (y1 - y0)


def is_lone_line(digit: PenDigit) -> bool:
    """One straight stroke that is not labelled 1: a piece of a digit, not a digit."""
    if digit.label == 1 or len(digit.strokes) != 1:
        return False
    stroke = digit.strokes[0]
    ink_length = sum(math.dist(a, b) for a, b in zip(stroke, stroke[1:], strict=False))
    return ink_length < MAX_STRAIGHTNESS * math.dist(stroke[0], stroke[-1])


def load_unipen(path: str | Path = DATA_FILE) -> list[PenDigit]:
    """The digits that pass the noise rules (7,400 of 7,436), in file order."""
    return [
        digit
        for digit in read_compact(path)[0]
        if not is_too_flat(digit) and not is_lone_line(digit)
    ]


def writer_sites(path: str | Path = DATA_FILE) -> dict[int, str]:
    """Writer number -> collecting site and original id, e.g. 'syn:cam'."""
    return {int(writer): site for writer, site in read_compact(path)[1]["writers"].items()}


def convert(unipen_file: Path, writers_tsv: Path) -> list[PenDigit]:
    """Parse the shared UNIPEN text and write the compact file (every digit, noise included)."""
    with unipen_file.open() as file:
        digits = parse_unipen(file)
    rows = [line.split("\t") for line in writers_tsv.read_text().splitlines()[1:] if line]
    write_compact(digits, DATA_FILE, {"writers": {writer: site for writer, site in rows}})
    return digits


if __name__ == "__main__":
    parsed = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(parsed)} digits, {len({d.writer for d in parsed})} writers -> {DATA_FILE}")
